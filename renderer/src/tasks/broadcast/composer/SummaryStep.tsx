/**
 * The composer's second step: who gets it and how many, how it is sent, the message, the
 * pace and how long it takes; then "Start broadcast" (the store's startTask) or back to edit.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BROADCAST_RATE_DEFAULT } from '../../../../../common/tasks/broadcast/params.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { AlertIcon, BackIcon, SendIcon } from '../../../components/Icons.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { isolate } from '../../../lib/bidi.ts';
import { useAction } from '../../../lib/use-action.ts';
import { useAppStore } from '../../../store/index.ts';
import type { Draft } from './draft.ts';
import type { SampleState } from './queries.ts';
import { SummaryMessage } from './SummaryMessage.tsx';
import type { ComposerForm } from './use-composer.ts';

/** "All subscribed contacts", the CSV's path, or the filter's conditions. */
function recipientsText(t: TFunction, draft: Draft): string {
  if (draft.mode === 'all') return t('summary.all');
  if (draft.mode === 'csv') return t('summary.csv', { path: isolate(draft.csvPath.trim()) });
  const parts: string[] = [];
  if (draft.search.trim()) parts.push(t('summary.search', { text: isolate(draft.search.trim()) }));
  if (draft.fieldName.trim()) parts.push(t('summary.field', { name: isolate(draft.fieldName.trim()), value: isolate(draft.fieldValue.trim()) }));
  return parts.join(' · ');
}

export function SummaryStep({ form, sample }: { form: ComposerForm; sample: SampleState }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const startTask = useAppStore((s) => s.startTask);
  const navigate = useAppStore((s) => s.navigate);
  const { draft, account } = form;
  const params = form.validation.params;
  // On success the tasks page takes over, so "Starting…" stays until then.
  const starting = useAction(async () => {
    if (!params) return;
    const title = draft.title.trim();
    await startTask({ businessId: form.businessId, kind: 'broadcast', input: params, ...(title ? { title } : {}) });
    navigate({ screen: 'tasks' });
  });
  if (!params) return null;
  const provider = params.provider;
  const options = provider.type === 'test-mode' ? (provider.options ?? {}) : {};
  const waTemplate = provider.type === 'whatsapp' && provider.template !== undefined ? draft.waTemplate : null;
  const freeText = provider.type === 'whatsapp' && !waTemplate;
  const count = sample.data?.count ?? null;
  const rate = params.rate ?? BROADCAST_RATE_DEFAULT;
  const pending = starting.busy;

  return (
    <div className="card summary" data-testid="summary">
      <dl className="summary__list">
        <div>
          <dt>{t('summary.recipients')}</dt>
          <dd>
            {recipientsText(t, draft)}
            <span className="summary__count">
              {count !== null
                ? t('summary.count', { count, n: fmt.integer(count) })
                : draft.mode === 'csv'
                  ? t('summary.countCsv')
                  : t('summary.countLater')}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('summary.provider')}</dt>
          {provider.type === 'whatsapp' ? (
            <dd data-testid="summary-provider">
              {t('summary.whatsapp', { label: isolate(account?.label ?? '') })}
              <span className="summary__sub">
                {account?.check.displayPhoneNumber
                  ? t('summary.fromNumber', { number: isolate(account.check.displayPhoneNumber) })
                  : t('summary.fromNumberId', { id: isolate(account?.phoneNumberId ?? '') })}
              </span>
            </dd>
          ) : (
            <dd>
              {t('composer.testMode')}
              <span className="summary__sub">
                {t('summary.testModeOptions', {
                  latency: fmt.integer(options.latencyMs ?? 0),
                  transient: fmt.percent(options.transientFailureRate ?? 0),
                  permanent: fmt.percent(options.permanentFailureRate ?? 0),
                  offline: fmt.percent(options.offlineRate ?? 0),
                })}
              </span>
            </dd>
          )}
        </div>
        <div>
          <dt>{t('summary.message')}</dt>
          <dd>
            {freeText ? <span className="summary__sub">{t('summary.freeText')}</span> : null}
            <SummaryMessage draft={draft} text={params.template ?? ''} template={waTemplate} contact={sample.data?.contact ?? null} />
          </dd>
        </div>
        <div>
          <dt>{t('summary.pace')}</dt>
          <dd>
            {t('summary.rate', { rate: fmt.decimal(rate) })}
            {count ? <span className="summary__sub">{t('summary.duration', { time: fmt.duration(count / rate) })}</span> : null}
          </dd>
        </div>
        {draft.title.trim() ? (
          <div>
            <dt>{t('summary.title')}</dt>
            <dd>
              <bdi>{draft.title.trim()}</bdi>
            </dd>
          </div>
        ) : null}
      </dl>
      {freeText ? (
        <p className="note note--warning" data-testid="free-text-warning">
          <AlertIcon />
          <span className="note__body">{t('composer.freeWarning')}</span>
        </p>
      ) : null}
      {count === 0 ? <p className="note note--warning">{t('summary.noRecipients')}</p> : null}
      <ErrorNote error={starting.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={form.edit} disabled={pending}>
          <BackIcon />
          {t('summary.back')}
        </button>
        <button type="button" className="btn btn--primary" onClick={() => void starting.run()} disabled={pending} aria-busy={pending}>
          <SendIcon />
          {pending ? t('summary.starting') : t('summary.start')}
        </button>
      </div>
    </div>
  );
}
