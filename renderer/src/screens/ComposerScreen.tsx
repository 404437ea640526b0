/**
 * New broadcast: recipients; how it is sent (test mode with its knobs under Advanced,
 * or one of the business's WhatsApp accounts) and the pace; the message: text with
 * {{variables}}, or for WhatsApp an approved template whose {{1}}, {{2}}… are filled
 * from contact fields or fixed text (free text is possible, with its 24-hour warning);
 * a live preview for the first matching contact; then a summary to confirm before
 * tasks:startBroadcast.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BusinessId, Contact, WhatsAppAccount, WhatsAppTemplateSummary } from '../../../common/model.ts';
import { TASK_TITLE_MAX } from '../../../common/ipc/contract.ts';
import {
  BROADCAST_RATE_DEFAULT,
  FIELD_NAME_MAX,
  FIELD_VALUE_MAX,
  RECIPIENT_SEARCH_MAX,
  renderTemplate,
  TEMPLATE_MAX,
  TEMPLATE_PARAM_TEXT_MAX,
  templateVariables,
} from '../../../common/tasks/params.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';
import { AlertIcon, BackIcon, RetryIcon, SendIcon } from '../components/Icons.tsx';
import { useFormat } from '../i18n/format.ts';
import {
  contactVariables,
  EMPTY_DRAFT,
  UNSET_PARAM,
  validateDraft,
  type Draft,
  type DraftField,
  type RecipientMode,
  type TemplateParamDraft,
  type Validation,
  type WhatsAppContent,
} from '../lib/composer.ts';
import { isolate } from '../lib/bidi.ts';
import { toUiError, type UiError } from '../lib/errors.ts';
import { useDebounced } from '../lib/use-paged-rows.ts';
import { fillTemplateBody, templateKey, templatePlaceholders } from '../lib/wa-template.ts';
import { useApi, useAppStore } from '../store/index.ts';

interface Sample {
  contact: Contact | null;
  /** Matching subscribed contacts; null when the filter cannot be counted here. */
  count: number | null;
}

type SampleState = { data: Sample | null; error: UiError | null; loading: boolean };

interface TemplatesState {
  templates: WhatsAppTemplateSummary[] | null;
  error: UiError | null;
  loading: boolean;
  reload(): void;
}

const NO_ACCOUNTS: readonly WhatsAppAccount[] = [];
/** Fields every contact has; custom fields come after them. */
const BUILT_IN_FIELDS = ['name', 'phone'] as const;

export function ComposerScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [showErrors, setShowErrors] = useState(false);
  const accounts = useAppStore((s) => s.accountsByBusiness[businessId]) ?? NO_ACCOUNTS;
  const accountsReady = useAppStore((s) => s.accountsStatus[businessId]?.state === 'ready');
  const loadAccounts = useAppStore((s) => s.loadAccounts);
  const validation = validateDraft(draft);
  const sample = useSample(businessId, draft);
  const usesTemplate = draft.provider === 'whatsapp' && draft.whatsappContent === 'template';
  const templates = useTemplates(businessId, usesTemplate ? draft.accountId : null);
  const account = draft.provider === 'whatsapp' ? (accounts.find((a) => a.id === draft.accountId) ?? null) : null;

  useEffect(() => {
    void loadAccounts(businessId);
  }, [loadAccounts, businessId]);

  // The account was removed meanwhile (on the WhatsApp page): ask for another.
  useEffect(() => {
    if (accountsReady && draft.provider === 'whatsapp' && draft.accountId !== null && !accounts.some((a) => a.id === draft.accountId)) {
      setDraft((d) => ({ ...d, accountId: null, waTemplate: null, templateParams: [] }));
    }
  }, [accountsReady, accounts, draft.provider, draft.accountId]);

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
          businessId={businessId}
          draft={draft}
          update={update}
          validation={validation}
          showErrors={showErrors}
          sample={sample}
          accounts={accounts}
          accountsReady={accountsReady}
          account={account}
          templates={templates}
          onReview={() => {
            setShowErrors(true);
            if (validation.params) setStep('review');
            // Take the owner to the first thing to fix.
            else requestAnimationFrame(() => document.querySelector<HTMLElement>('.composer [aria-invalid="true"]')?.focus());
          }}
        />
      ) : (
        <Summary businessId={businessId} draft={draft} validation={validation} sample={sample} account={account} onBack={() => setStep('edit')} />
      )}
    </section>
  );
}

/** The first matching contact (for the preview) and the number of recipients. */
function useSample(businessId: BusinessId, draft: Draft): SampleState {
  const api = useApi();
  const search = useDebounced(draft.mode === 'filter' ? draft.search.trim() : '', 300);
  const countable = draft.mode === 'all' || (draft.mode === 'filter' && !draft.fieldName.trim() && !draft.fieldValue.trim());
  const [state, setState] = useState<SampleState>({ data: null, error: null, loading: true });

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

/** The approved templates of the chosen account (asked of WhatsApp through main). */
function useTemplates(businessId: BusinessId, accountId: number | null): TemplatesState {
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<TemplatesState, 'reload'> & { accountId: number | null }>({
    accountId: null,
    templates: null,
    error: null,
    loading: false,
  });

  useEffect(() => {
    if (accountId === null) return;
    let live = true;
    setState({ accountId, templates: null, error: null, loading: true });
    api.invoke('accounts:templates', { businessId, accountId }).then(
      (templates) => live && setState({ accountId, templates, error: null, loading: false }),
      (error: unknown) => live && setState({ accountId, templates: null, error: toUiError(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [api, businessId, accountId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  if (accountId === null || state.accountId !== accountId) return { templates: null, error: null, loading: accountId !== null, reload };
  return { templates: state.templates, error: state.error, loading: state.loading, reload };
}

/** Custom field names seen on the business's contacts, for mapping template values. */
function useContactFields(businessId: BusinessId, enabled: boolean): string[] {
  const api = useApi();
  const [fields, setFields] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api.invoke('contacts:list', { businessId, offset: 0, limit: 100 }).then(
      (page) => {
        if (!live) return;
        const names = new Set<string>();
        for (const contact of page.rows) for (const name of Object.keys(contact.fields)) names.add(name);
        setFields([...names].sort((a, b) => a.localeCompare(b)));
      },
      // Only suggestions: "Another field…" still lets the owner type a name.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, businessId, enabled]);
  return fields;
}

/** "Main shop · +972 50-123-4567", or the phone number ID until a check has read the number. */
function accountName(t: TFunction, account: WhatsAppAccount): string {
  const number = account.check.displayPhoneNumber ?? t('composer.accountNoNumber', { id: account.phoneNumberId });
  return t('composer.accountOption', { label: isolate(account.label), number: isolate(number) });
}

function ComposerForm(props: {
  businessId: BusinessId;
  draft: Draft;
  update(patch: Partial<Draft>): void;
  validation: Validation;
  showErrors: boolean;
  sample: SampleState;
  accounts: readonly WhatsAppAccount[];
  accountsReady: boolean;
  account: WhatsAppAccount | null;
  templates: TemplatesState;
  onReview(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useAppStore((s) => s.navigate);
  const { draft, update, validation, sample, accounts } = props;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const errorText = (field: DraftField) => {
    const key = props.showErrors ? validation.errors[field] : undefined;
    return key ? t(`composer.errors.${key}`, { max: fmt.integer(TEMPLATE_MAX), maxText: fmt.integer(TEMPLATE_PARAM_TEXT_MAX) }) : undefined;
  };
  const contact = sample.data?.contact ?? null;
  const available = contact ? Object.keys(contactVariables(contact)) : ['name', 'phone'];
  const used = templateVariables(draft.template);
  const whatsapp = draft.provider === 'whatsapp';
  const usesTemplate = whatsapp && draft.whatsappContent === 'template';
  const seenFields = useContactFields(props.businessId, usesTemplate);
  const customFields = [...new Set([...seenFields, ...(contact ? Object.keys(contact.fields) : [])])].sort((a, b) => a.localeCompare(b));

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

  function chooseProvider(value: string) {
    if (value === 'test-mode') {
      update({ provider: 'test-mode' });
      return;
    }
    const accountId = Number(value.replace('account:', ''));
    // Templates belong to an account: another account starts the choice over.
    if (accountId !== draft.accountId) update({ provider: 'whatsapp', accountId, waTemplate: null, templateParams: [] });
    else update({ provider: 'whatsapp' });
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
                    maxLength={RECIPIENT_SEARCH_MAX}
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
                      maxLength={FIELD_NAME_MAX}
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
                      maxLength={FIELD_VALUE_MAX}
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
          <legend className="fieldset__legend">{t('composer.sending')}</legend>
          <div className="field-row">
            <Field
              label={t('composer.provider')}
              hint={whatsapp ? t('composer.providerHintWhatsApp') : t('composer.providerHint')}
              error={errorText('account')}
            >
              {(id, describedBy) => (
                <select
                  id={id}
                  className="input"
                  value={whatsapp ? (draft.accountId === null ? '' : `account:${draft.accountId}`) : 'test-mode'}
                  aria-describedby={describedBy}
                  aria-invalid={Boolean(errorText('account')) || undefined}
                  onChange={(e) => chooseProvider(e.target.value)}
                >
                  {whatsapp && draft.accountId === null ? (
                    <option value="" disabled>
                      {t('composer.accountPlaceholder')}
                    </option>
                  ) : null}
                  <option value="test-mode">{t('composer.testMode')}</option>
                  {accounts.length > 0 ? (
                    <optgroup label={t('composer.providerWhatsApp')}>
                      {accounts.map((a) => (
                        <option key={a.id} value={`account:${a.id}`}>
                          {accountName(t, a)}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                </select>
              )}
            </Field>
            <Field label={t('composer.rate')} hint={whatsapp ? t('composer.rateHintWhatsApp') : t('composer.rateHint')} error={errorText('rate')}>
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
          {props.accountsReady && accounts.length === 0 ? (
            <p className="composer__connect muted">
              {t('composer.noAccounts')}{' '}
              <button type="button" className="btn btn--small btn--ghost" onClick={() => navigate({ screen: 'accounts' })}>
                {t('composer.connectAccount')}
              </button>
            </p>
          ) : null}
          {props.account?.check.error ? (
            <p className="note note--warning">
              <AlertIcon />
              <span className="note__body">
                <span className="note__title">{t('composer.accountProblem')}</span>
                <bdi className="note__detail">{props.account.check.error}</bdi>
              </span>
            </p>
          ) : null}
          {!whatsapp ? (
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
          ) : null}
        </fieldset>

        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.message')}</legend>
          {whatsapp ? (
            <div className="segmented" role="radiogroup" aria-label={t('composer.content')}>
              {(['template', 'free'] as const satisfies readonly WhatsAppContent[]).map((content) => (
                <label key={content} className="segmented__option">
                  <input
                    type="radio"
                    name="whatsapp-content"
                    value={content}
                    checked={draft.whatsappContent === content}
                    onChange={() => update({ whatsappContent: content })}
                  />
                  <span>{t(`composer.contentKind.${content}`)}</span>
                </label>
              ))}
            </div>
          ) : null}

          {usesTemplate ? (
            <TemplateChoice draft={draft} update={update} templates={props.templates} customFields={customFields} errorText={errorText} />
          ) : (
            <>
              {whatsapp ? (
                <p className="note note--warning" data-testid="free-text-warning">
                  <AlertIcon />
                  <span className="note__body">{t('composer.freeWarning')}</span>
                </p>
              ) : null}
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
            </>
          )}
        </fieldset>

        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.titleSection')}</legend>
          <Field label={t('composer.taskTitle')} hint={t('composer.taskTitleHint')}>
            {(id, describedBy) => (
              <input
                id={id}
                className="input"
                value={draft.title}
                maxLength={TASK_TITLE_MAX}
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
        {usesTemplate ? (
          <TemplatePreview draft={draft} contact={contact} mode={draft.mode} loading={sample.loading} />
        ) : (
          <Preview template={draft.template} used={used} contact={contact} mode={draft.mode} loading={sample.loading} />
        )}
      </aside>
    </form>
  );
}

/** Pick an approved template, see its text, and say where each {{n}} comes from. */
function TemplateChoice(props: {
  draft: Draft;
  update(patch: Partial<Draft>): void;
  templates: TemplatesState;
  customFields: string[];
  errorText(field: DraftField): string | undefined;
}) {
  const { t } = useTranslation();
  const { draft, update, templates, errorText } = props;
  const picked = draft.waTemplate;
  const list = templates.templates ?? [];
  // Keep the picked one listed even while the list reloads.
  const options = picked && !list.some((x) => templateKey(x) === templateKey(picked)) ? [picked, ...list] : list;

  function pick(key: string) {
    const template = options.find((x) => templateKey(x) === key) ?? null;
    update({ waTemplate: template, templateParams: template ? templatePlaceholders(template).map(() => UNSET_PARAM) : [] });
  }

  function setParam(index: number, patch: Partial<TemplateParamDraft>) {
    update({ templateParams: draft.templateParams.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  }

  if (draft.accountId === null) return null;
  if (templates.error) {
    return (
      <div className="stack">
        <ErrorNote error={templates.error} />
        <button type="button" className="btn btn--small" onClick={templates.reload}>
          <RetryIcon />
          {t('composer.reloadTemplates')}
        </button>
      </div>
    );
  }
  if (templates.loading && options.length === 0) return <p className="muted">{t('composer.templatesLoading')}</p>;
  if (options.length === 0) {
    return (
      <div className="stack">
        <p className="muted">{t('composer.templatesNone')}</p>
        <button type="button" className="btn btn--small" onClick={templates.reload}>
          <RetryIcon />
          {t('composer.reloadTemplates')}
        </button>
      </div>
    );
  }

  return (
    <>
      <Field label={t('composer.template')} hint={t('composer.templateHint')} error={errorText('waTemplate')}>
        {(id, describedBy) => (
          <select
            id={id}
            className="input"
            value={picked ? templateKey(picked) : ''}
            aria-describedby={describedBy}
            aria-invalid={Boolean(errorText('waTemplate')) || undefined}
            onChange={(e) => pick(e.target.value)}
          >
            <option value="" disabled>
              {t('composer.templatePlaceholder')}
            </option>
            {options.map((x) => (
              <option key={templateKey(x)} value={templateKey(x)}>
                {t('composer.templateOption', { name: x.name, language: x.language, category: x.category })}
              </option>
            ))}
          </select>
        )}
      </Field>

      {picked ? (
        <div className="template-body">
          <p className="template-body__meta muted">
            {t('composer.templateMeta', { language: picked.language, category: picked.category })}
          </p>
          <p className="bubble bubble--template" data-testid="template-body">
            {picked.body}
          </p>
          {picked.paramCount === 0 ? (
            <p className="muted">{t('composer.templateNoParams')}</p>
          ) : (
            <div className="mapping" role="group" aria-label={t('composer.mapping')}>
              <p className="mapping__title">{t('composer.mapping')}</p>
              {templatePlaceholders(picked).map((placeholder, i) => {
                const param = draft.templateParams[i] ?? UNSET_PARAM;
                const token = `{{${placeholder}}}`;
                const error = errorText(`param${i + 1}`);
                const value = param.source === 'field' ? `field:${param.field}` : param.source === 'unset' ? '' : param.source;
                const listed = param.source !== 'field' || (BUILT_IN_FIELDS as readonly string[]).includes(param.field) || props.customFields.includes(param.field);
                return (
                  <div key={placeholder} className="mapping__row">
                    <span className="mapping__token" dir="ltr" aria-hidden="true">
                      {token}
                    </span>
                    <Field label={t('composer.mapTo', { placeholder: token })} error={error} className="mapping__source">
                      {(id, describedBy) => (
                        <select
                          id={id}
                          className="input"
                          value={value}
                          aria-describedby={describedBy}
                          aria-invalid={(Boolean(error) && (param.source === 'unset' || param.source === 'field')) || undefined}
                          onChange={(e) => {
                            const next = e.target.value;
                            if (next.startsWith('field:')) setParam(i, { source: 'field', field: next.slice('field:'.length) });
                            else if (next === 'other') setParam(i, { source: 'other', field: param.source === 'other' ? param.field : '' });
                            else if (next === 'text') setParam(i, { source: 'text' });
                            else setParam(i, { source: 'unset' });
                          }}
                        >
                          <option value="" disabled>
                            {t('composer.mapChoose')}
                          </option>
                          <optgroup label={t('composer.mapFields')}>
                            {BUILT_IN_FIELDS.map((f) => (
                              <option key={f} value={`field:${f}`}>
                                {t(`composer.fieldNames.${f}`)}
                              </option>
                            ))}
                            {props.customFields.map((f) => (
                              <option key={f} value={`field:${f}`}>
                                {f}
                              </option>
                            ))}
                            {!listed ? <option value={`field:${param.field}`}>{param.field}</option> : null}
                          </optgroup>
                          <option value="other">{t('composer.mapOther')}</option>
                          <option value="text">{t('composer.mapText')}</option>
                        </select>
                      )}
                    </Field>
                    {param.source === 'other' ? (
                      <input
                        className="input mapping__value"
                        aria-label={t('composer.mapFieldName', { placeholder: token })}
                        placeholder={t('composer.fieldNamePlaceholder')}
                        value={param.field}
                        maxLength={FIELD_NAME_MAX}
                        aria-invalid={Boolean(error) || undefined}
                        onChange={(e) => setParam(i, { field: e.target.value })}
                      />
                    ) : null}
                    {param.source === 'text' ? (
                      <input
                        className="input mapping__value"
                        aria-label={t('composer.mapTextValue', { placeholder: token })}
                        value={param.text}
                        maxLength={TEMPLATE_PARAM_TEXT_MAX}
                        aria-invalid={Boolean(error) || undefined}
                        onChange={(e) => setParam(i, { text: e.target.value })}
                      />
                    ) : null}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      ) : null}
    </>
  );
}

/** Values for a template's placeholders from one contact; null where not chosen yet. */
function templateValues(params: readonly TemplateParamDraft[], contact: Contact | null): { values: (string | null)[]; missing: string[] } {
  const vars = contact ? contactVariables(contact) : null;
  const missing: string[] = [];
  const values = params.map((p) => {
    if (p.source === 'text') return p.text.trim() || null;
    if (p.source === 'unset' || !p.field.trim()) return null;
    if (!vars) return null;
    const value = vars[p.field.trim()];
    if (value === undefined || value.trim() === '') {
      missing.push(p.field.trim());
      return null;
    }
    return value;
  });
  return { values, missing };
}

function PreviewFor({ contact, mode }: { contact: Contact | null; mode: RecipientMode }) {
  const { t } = useTranslation();
  if (mode === 'csv') return <p className="preview__to muted">{t('composer.previewCsv')}</p>;
  if (!contact) return null;
  return (
    <p className="preview__to">
      {t('composer.previewFor')} <strong>
        <bdi>{contact.name || t('details.noName')}</bdi>
      </strong>{' '}
      <span dir="ltr" className="muted">
        {contact.phone}
      </span>
    </p>
  );
}

function TemplatePreview({ draft, contact, mode, loading }: { draft: Draft; contact: Contact | null; mode: RecipientMode; loading: boolean }) {
  const { t } = useTranslation();
  const picked = draft.waTemplate;
  let body: ReactNode;
  let missing: string[] = [];
  if (!picked) body = <p className="muted">{t('composer.previewPickTemplate')}</p>;
  else if (mode !== 'csv' && !contact) body = <p className="muted">{loading ? t('common.loading') : t('composer.previewNoContact')}</p>;
  else {
    const filled = templateValues(draft.templateParams, mode === 'csv' ? null : contact);
    missing = filled.missing;
    body = (
      <p className="bubble" data-testid="template-preview">
        {fillTemplateBody(picked.body, templatePlaceholders(picked), filled.values)}
      </p>
    );
  }
  return (
    <div className="card preview" aria-live="polite">
      <h3 className="preview__title">{t('composer.preview')}</h3>
      {picked ? <p className="preview__template muted">{t('composer.previewTemplate', { name: picked.name, language: picked.language })}</p> : null}
      <PreviewFor contact={contact} mode={mode} />
      {body}
      {missing.length > 0 ? <p className="note note--warning">{t('composer.missingFields', { fields: missing.map(isolate).join(', ') })}</p> : null}
    </div>
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
      <PreviewFor contact={contact} mode={mode} />
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

function Summary(props: {
  businessId: BusinessId;
  draft: Draft;
  validation: Validation;
  sample: SampleState;
  account: WhatsAppAccount | null;
  onBack(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const startBroadcast = useAppStore((s) => s.startBroadcast);
  const navigate = useAppStore((s) => s.navigate);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const { draft, validation, sample, account } = props;
  const params = validation.params;
  if (!params) return null;
  const provider = params.provider;
  const options = provider.type === 'test-mode' ? (provider.options ?? {}) : {};
  const waTemplate = provider.type === 'whatsapp' ? draft.waTemplate : null;
  const usesTemplate = provider.type === 'whatsapp' && provider.template !== undefined && waTemplate !== null;
  const count = sample.data?.count ?? null;
  const contact = sample.data?.contact ?? null;
  const rate = params.rate ?? BROADCAST_RATE_DEFAULT;

  let message: ReactNode;
  if (usesTemplate) {
    const filled = templateValues(draft.templateParams, draft.mode === 'csv' ? null : contact);
    message = (
      <>
        <span className="summary__sub" data-testid="summary-template">
          {t('summary.template', { name: waTemplate.name, language: waTemplate.language, category: waTemplate.category })}
        </span>
        <p className="bubble">{fillTemplateBody(waTemplate.body, templatePlaceholders(waTemplate), filled.values)}</p>
        {waTemplate.paramCount > 0 ? (
          <ul className="summary__mapping">
            {templatePlaceholders(waTemplate).map((placeholder, i) => {
              const param = draft.templateParams[i] ?? UNSET_PARAM;
              return (
                <li key={placeholder}>
                  {t('summary.mapping', {
                    placeholder: isolate(`{{${placeholder}}}`),
                    value:
                      param.source === 'text'
                        ? t('summary.mapText', { text: isolate(param.text.trim()) })
                        : t('summary.mapField', { field: isolate(fieldLabel(t, param.field.trim())) }),
                  })}
                </li>
              );
            })}
          </ul>
        ) : null}
        {filled.missing.length > 0 ? (
          <p className="note note--warning">{t('composer.missingFields', { fields: filled.missing.map(isolate).join(', ') })}</p>
        ) : null}
      </>
    );
  } else {
    const preview = draft.mode !== 'csv' && contact ? renderTemplate(params.template ?? '', contactVariables(contact)) : null;
    message = (
      <>
        <p className="bubble">{preview?.ok ? preview.text : params.template}</p>
        {preview && !preview.ok ? (
          <p className="note note--warning">{t('composer.missingVars', { vars: preview.missing.map((v) => `{{${v}}}`).join(', ') })}</p>
        ) : null}
      </>
    );
  }

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
            {provider.type === 'whatsapp' && !usesTemplate ? <span className="summary__sub">{t('summary.freeText')}</span> : null}
            {message}
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
      {provider.type === 'whatsapp' && !usesTemplate ? (
        <p className="note note--warning" data-testid="free-text-warning">
          <AlertIcon />
          <span className="note__body">{t('composer.freeWarning')}</span>
        </p>
      ) : null}
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

/** "Name" / "Phone" for the built-in fields; a custom field by its own name. */
function fieldLabel(t: TFunction, field: string): string {
  return (BUILT_IN_FIELDS as readonly string[]).includes(field) ? t(`composer.fieldNames.${field as (typeof BUILT_IN_FIELDS)[number]}`) : field;
}
