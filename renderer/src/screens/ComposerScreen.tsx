/**
 * New broadcast: recipients, message with {{variables}} and a live preview for the
 * first matching contact, provider (test mode, knobs under Advanced), pace; then a
 * summary to confirm before tasks:startBroadcast.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessId, Contact } from '../../../common/model.ts';
import { renderTemplate, TEMPLATE_MAX, templateVariables } from '../../../common/tasks/params.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { BackIcon, SendIcon } from '../components/Icons.tsx';
import { useFormat } from '../i18n/format.ts';
import { contactVariables, EMPTY_DRAFT, validateDraft, type Draft, type DraftField, type RecipientMode, type Validation } from '../lib/composer.ts';
import { isolate } from '../lib/bidi.ts';
import { toUiError, type UiError } from '../lib/errors.ts';
import { useDebounced } from '../lib/use-paged-rows.ts';
import { useApi, useAppStore } from '../store/index.ts';

interface Sample {
  contact: Contact | null;
  /** Matching subscribed contacts; null when the filter cannot be counted here. */
  count: number | null;
}

export function ComposerScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [showErrors, setShowErrors] = useState(false);
  const validation = validateDraft(draft);
  const sample = useSample(businessId, draft);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <section className="screen screen--composer" aria-labelledby="composer-title">
      <div className="screen__head">
        <h2 id="composer-title" className="screen__title">
          {step === 'edit' ? t('composer.title') : t('composer.reviewTitle')}
        </h2>
        <ol className="steps" aria-label={t('composer.steps')}>
          <li aria-current={step === 'edit' ? 'step' : undefined}>{t('composer.stepEdit')}</li>
          <li aria-current={step === 'review' ? 'step' : undefined}>{t('composer.stepReview')}</li>
        </ol>
      </div>
      {step === 'edit' ? (
        <ComposerForm
          draft={draft}
          update={update}
          validation={validation}
          showErrors={showErrors}
          sample={sample}
          onReview={() => {
            setShowErrors(true);
            if (validation.params) setStep('review');
            // Take the owner to the first thing to fix.
            else requestAnimationFrame(() => document.querySelector<HTMLElement>('.composer [aria-invalid="true"]')?.focus());
          }}
        />
      ) : (
        <Summary businessId={businessId} draft={draft} validation={validation} sample={sample} onBack={() => setStep('edit')} />
      )}
    </section>
  );
}

/** The first matching contact (for the preview) and the number of recipients. */
function useSample(businessId: BusinessId, draft: Draft): { data: Sample | null; error: UiError | null; loading: boolean } {
  const api = useApi();
  const search = useDebounced(draft.mode === 'filter' ? draft.search.trim() : '', 300);
  const countable = draft.mode === 'all' || (draft.mode === 'filter' && !draft.fieldName.trim() && !draft.fieldValue.trim());
  const [state, setState] = useState<{ data: Sample | null; error: UiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });

  useEffect(() => {
    if (draft.mode === 'csv') return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api
      .invoke('contacts:list', { businessId, offset: 0, limit: 1, optedOut: false, ...(search ? { search } : {}) })
      .then(
        (page) => live && setState({ data: { contact: page.rows[0] ?? null, count: page.total }, error: null, loading: false }),
        (error: unknown) => live && setState({ data: null, error: toUiError(error), loading: false }),
      );
    return () => {
      live = false;
    };
  }, [api, businessId, search, draft.mode]);

  if (draft.mode === 'csv') return { data: { contact: null, count: null }, error: null, loading: false };
  return state.data && !countable ? { ...state, data: { ...state.data, count: null } } : state;
}

function Field(props: { label: string; hint?: string; error?: string | undefined; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={props.error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {props.label}
      </label>
      {props.children(id, describedBy)}
      {props.hint ? (
        <p className="field__hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field__error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function ComposerForm(props: {
  draft: Draft;
  update(patch: Partial<Draft>): void;
  validation: Validation;
  showErrors: boolean;
  sample: ReturnType<typeof useSample>;
  onReview(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { draft, update, validation, sample } = props;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const errorText = (field: DraftField) => {
    const key = props.showErrors ? validation.errors[field] : undefined;
    return key ? t(`composer.errors.${key}`, { max: fmt.integer(TEMPLATE_MAX) }) : undefined;
  };
  const contact = sample.data?.contact ?? null;
  const available = contact ? Object.keys(contactVariables(contact)) : ['name', 'phone'];
  const used = templateVariables(draft.template);

  function insertVariable(name: string) {
    const el = textarea.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? draft.template.length;
    const end = el?.selectionEnd ?? draft.template.length;
    update({ template: draft.template.slice(0, start) + token + draft.template.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <form
      className="composer"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onReview();
      }}
    >
      <div className="composer__main">
        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.recipients')}</legend>
          <div className="segmented" role="radiogroup" aria-label={t('composer.recipients')}>
            {(['all', 'filter', 'csv'] as const satisfies readonly RecipientMode[]).map((mode) => (
              <label key={mode} className="segmented__option">
                <input type="radio" name="recipients" value={mode} checked={draft.mode === mode} onChange={() => update({ mode })} />
                <span>{t(`composer.mode.${mode}`)}</span>
              </label>
            ))}
          </div>

          {draft.mode === 'all' ? (
            <p className="muted">
              {sample.data?.count != null
                ? t('composer.allCount', { count: sample.data.count, n: fmt.integer(sample.data.count) })
                : t('common.loading')}
            </p>
          ) : null}

          {draft.mode === 'filter' ? (
            <>
              <Field label={t('composer.search')} hint={t('composer.searchHint')} error={errorText('filter')}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    className="input"
                    value={draft.search}
                    maxLength={200}
                    aria-describedby={describedBy}
                    aria-invalid={Boolean(errorText('filter')) || undefined}
                    onChange={(e) => update({ search: e.target.value })}
                  />
                )}
              </Field>
              <div className="field-pair">
                <Field label={t('composer.fieldName')} error={errorText('field')}>
                  {(id, describedBy) => (
                    <input
                      id={id}
                      className="input"
                      value={draft.fieldName}
                      maxLength={100}
                      placeholder={t('composer.fieldNamePlaceholder')}
                      aria-describedby={describedBy}
                      aria-invalid={Boolean(errorText('field')) || undefined}
                      onChange={(e) => update({ fieldName: e.target.value })}
                    />
                  )}
                </Field>
                <span className="field-pair__eq" aria-hidden="true">
                  =
                </span>
                <Field label={t('composer.fieldValue')}>
                  {(id) => (
                    <input
                      id={id}
                      className="input"
                      value={draft.fieldValue}
                      maxLength={500}
                      placeholder={t('composer.fieldValuePlaceholder')}
                      onChange={(e) => update({ fieldValue: e.target.value })}
                    />
                  )}
                </Field>
              </div>
              {sample.data?.count != null && !errorText('filter') ? (
                <p className="muted">{t('composer.filterCount', { count: sample.data.count, n: fmt.integer(sample.data.count) })}</p>
              ) : null}
            </>
          ) : null}

          {draft.mode === 'csv' ? (
            <Field label={t('composer.csvPath')} hint={t('composer.csvHint')} error={errorText('csvPath')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  className="input input--mono"
                  dir="ltr"
                  value={draft.csvPath}
                  placeholder={t('composer.csvPlaceholder')}
                  aria-describedby={describedBy}
                  aria-invalid={Boolean(errorText('csvPath')) || undefined}
                  onChange={(e) => update({ csvPath: e.target.value })}
                />
              )}
            </Field>
          ) : null}
          <ErrorNote error={sample.error} />
        </fieldset>

        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.message')}</legend>
          <Field label={t('composer.messageLabel')} hint={t('composer.messageHint', { example: '{{name}}' })} error={errorText('template')}>
            {(id, describedBy) => (
              <textarea
                id={id}
                ref={textarea}
                className="input textarea"
                rows={6}
                value={draft.template}
                aria-describedby={describedBy}
                aria-invalid={Boolean(errorText('template')) || undefined}
                onChange={(e) => update({ template: e.target.value })}
              />
            )}
          </Field>
          <div className="chips" role="group" aria-label={t('composer.insertVariable')}>
            <span className="chips__label">{t('composer.insertVariable')}</span>
            {available.map((name) => (
              <button key={name} type="button" className="chip" onClick={() => insertVariable(name)}>
                {`{{${name}}}`}
              </button>
            ))}
          </div>
          <p className="char-count">
            {t('composer.chars', { n: fmt.integer(draft.template.length), max: fmt.integer(TEMPLATE_MAX) })}
          </p>
        </fieldset>

        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.sending')}</legend>
          <div className="field-row">
            <Field label={t('composer.provider')} hint={t('composer.providerHint')}>
              {(id, describedBy) => (
                <select id={id} className="input" defaultValue="test-mode" aria-describedby={describedBy}>
                  <option value="test-mode">{t('composer.testMode')}</option>
                </select>
              )}
            </Field>
            <Field label={t('composer.rate')} hint={t('composer.rateHint')} error={errorText('rate')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  className="input input--number"
                  inputMode="decimal"
                  value={draft.rate}
                  aria-describedby={describedBy}
                  aria-invalid={Boolean(errorText('rate')) || undefined}
                  onChange={(e) => update({ rate: e.target.value })}
                />
              )}
            </Field>
          </div>
          <details className="advanced">
            <summary>{t('composer.advanced')}</summary>
            <p className="muted">{t('composer.advancedHint')}</p>
            <div className="field-grid">
              <Field label={t('composer.latency')} error={errorText('latencyMs')}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    className="input input--number"
                    inputMode="numeric"
                    value={draft.latencyMs}
                    aria-describedby={describedBy}
                    onChange={(e) => update({ latencyMs: e.target.value })}
                  />
                )}
              </Field>
              {(['transientPct', 'permanentPct', 'offlinePct'] as const).map((field) => (
                <Field key={field} label={t(`composer.${field}`)} error={errorText(field)}>
                  {(id, describedBy) => (
                    <input
                      id={id}
                      className="input input--number"
                      inputMode="decimal"
                      value={draft[field]}
                      aria-describedby={describedBy}
                      onChange={(e) => update({ [field]: e.target.value })}
                    />
                  )}
                </Field>
              ))}
            </div>
          </details>
        </fieldset>

        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.titleSection')}</legend>
          <Field label={t('composer.taskTitle')} hint={t('composer.taskTitleHint')}>
            {(id, describedBy) => (
              <input
                id={id}
                className="input"
                value={draft.title}
                maxLength={200}
                aria-describedby={describedBy}
                onChange={(e) => update({ title: e.target.value })}
              />
            )}
          </Field>
        </fieldset>

        {props.showErrors && Object.keys(validation.errors).length > 0 ? (
          <p className="note note--danger" role="alert">
            {validation.errors.form ? t('composer.errors.invalid') : t('composer.fixErrors')}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn--primary">
            {t('composer.review')}
          </button>
        </div>
      </div>

      <aside className="composer__side">
        <Preview template={draft.template} used={used} contact={contact} mode={draft.mode} loading={sample.loading} />
      </aside>
    </form>
  );
}

function Preview({ template, used, contact, mode, loading }: { template: string; used: string[]; contact: Contact | null; mode: RecipientMode; loading: boolean }) {
  const { t } = useTranslation();
  let body: ReactNode;
  let missing: string[] = [];
  if (!template.trim()) body = <p className="muted">{t('composer.previewEmpty')}</p>;
  else if (mode === 'csv') body = <p className="bubble">{template}</p>;
  else if (!contact) body = <p className="muted">{loading ? t('common.loading') : t('composer.previewNoContact')}</p>;
  else {
    const rendered = renderTemplate(template, contactVariables(contact));
    if (rendered.ok) body = <p className="bubble">{rendered.text}</p>;
    else {
      missing = rendered.missing;
      body = <p className="bubble bubble--incomplete">{template}</p>;
    }
  }
  return (
    <div className="card preview" aria-live="polite">
      <h3 className="preview__title">{t('composer.preview')}</h3>
      {mode === 'csv' ? (
        <p className="preview__to muted">{t('composer.previewCsv')}</p>
      ) : contact ? (
        <p className="preview__to">
          {t('composer.previewFor')} <strong>
            <bdi>{contact.name || t('details.noName')}</bdi>
          </strong>{' '}
          <span dir="ltr" className="muted">
            {contact.phone}
          </span>
        </p>
      ) : null}
      {body}
      {missing.length > 0 ? (
        <p className="note note--warning">{t('composer.missingVars', { vars: missing.map((v) => `{{${v}}}`).join(', ') })}</p>
      ) : null}
      {used.length > 0 ? (
        <p className="muted preview__vars">{t('composer.usedVars', { vars: used.map((v) => `{{${v}}}`).join(', ') })}</p>
      ) : null}
    </div>
  );
}

function Summary(props: { businessId: BusinessId; draft: Draft; validation: Validation; sample: ReturnType<typeof useSample>; onBack(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const startBroadcast = useAppStore((s) => s.startBroadcast);
  const navigate = useAppStore((s) => s.navigate);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const { draft, validation, sample } = props;
  const params = validation.params;
  if (!params) return null;
  const options = params.provider.options ?? {};
  const count = sample.data?.count ?? null;
  const contact = sample.data?.contact ?? null;
  const rate = params.rate ?? 20;
  const preview =
    draft.mode !== 'csv' && contact ? renderTemplate(params.template, contactVariables(contact)) : null;

  let recipients: string;
  if (draft.mode === 'all') recipients = t('summary.all');
  else if (draft.mode === 'csv') recipients = t('summary.csv', { path: isolate(draft.csvPath.trim()) });
  else {
    const parts: string[] = [];
    if (draft.search.trim()) parts.push(t('summary.search', { text: isolate(draft.search.trim()) }));
    if (draft.fieldName.trim()) parts.push(t('summary.field', { name: isolate(draft.fieldName.trim()), value: isolate(draft.fieldValue.trim()) }));
    recipients = parts.join(' · ');
  }

  async function start() {
    if (!params) return;
    setPending(true);
    setError(null);
    try {
      await startBroadcast(props.businessId, params, draft.title);
      navigate({ screen: 'tasks' });
    } catch (e) {
      setError(e as UiError);
      setPending(false);
    }
  }

  return (
    <div className="card summary" data-testid="summary">
      <dl className="summary__list">
        <div>
          <dt>{t('summary.recipients')}</dt>
          <dd>
            {recipients}
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
          <dt>{t('summary.message')}</dt>
          <dd>
            <p className="bubble">{preview?.ok ? preview.text : params.template}</p>
            {preview && !preview.ok ? (
              <p className="note note--warning">{t('composer.missingVars', { vars: preview.missing.map((v) => `{{${v}}}`).join(', ') })}</p>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('summary.provider')}</dt>
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
      {count === 0 ? <p className="note note--warning">{t('summary.noRecipients')}</p> : null}
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={props.onBack} disabled={pending}>
          <BackIcon />
          {t('summary.back')}
        </button>
        <button type="button" className="btn btn--primary" onClick={() => void start()} disabled={pending} aria-busy={pending}>
          <SendIcon />
          {pending ? t('summary.starting') : t('summary.start')}
        </button>
      </div>
    </div>
  );
}
