/**
 * The broadcast composer's draft → request params, with validation messages as
 * translation keys. The shared zod schema (common/tasks/broadcast/params.ts) has the last word.
 * Test mode sends the message text; a WhatsApp account sends an approved template (its
 * {{1}}, {{2}}… filled from contact fields or fixed text) or free text.
 */
import type { WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { BROADCAST_RATE_DEFAULT, BROADCAST_RATE_MIN, broadcastParams, TEMPLATE_MAX, TEMPLATE_PARAM_TEXT_MAX, TEST_LATENCY_MAX_MS, type BroadcastParamsInput } from '../../../../../common/tasks/broadcast/params.ts';

export type RecipientMode = 'all' | 'filter' | 'csv';
/** Fields every contact has; custom fields come after them. */
export const BUILT_IN_FIELDS = ['name', 'phone'] as const;
export type BuiltInField = (typeof BUILT_IN_FIELDS)[number];
export type ProviderKind = 'test-mode' | 'whatsapp';
/** A WhatsApp broadcast: an approved template, or free text (24-hour window only). */
export type WhatsAppContent = 'template' | 'free';

/**
 * Where one template value comes from: a contact field picked from the list, a field
 * typed by name (e.g. a CSV column), or fixed text. `unset` until the owner chooses.
 */
export interface TemplateParamDraft {
  source: 'unset' | 'field' | 'other' | 'text';
  field: string;
  text: string;
}

export const UNSET_PARAM: TemplateParamDraft = { source: 'unset', field: '', text: '' };

/**
 * The fastest pace the composer offers. The window's own bound, not the schema's (which
 * allows far more, for benches); the words say "between 0.1 and 1,000".
 */
export const COMPOSER_RATE_MAX = 1000;

export interface Draft {
  title: string;
  mode: RecipientMode;
  search: string;
  fieldName: string;
  fieldValue: string;
  csvPath: string;
  template: string;
  /** Text fields as typed; parsed on validation. */
  rate: string;
  latencyMs: string;
  transientPct: string;
  permanentPct: string;
  offlinePct: string;
  provider: ProviderKind;
  /** The WhatsApp account to send from (provider 'whatsapp'). */
  accountId: number | null;
  whatsappContent: WhatsAppContent;
  /** The picked approved template, as accounts:templates described it. */
  waTemplate: WhatsAppTemplateSummary | null;
  /** One per placeholder of waTemplate: index 0 fills {{1}}. */
  templateParams: TemplateParamDraft[];
}

export const EMPTY_DRAFT: Draft = {
  title: '',
  mode: 'all',
  search: '',
  fieldName: '',
  fieldValue: '',
  csvPath: '',
  template: '',
  rate: String(BROADCAST_RATE_DEFAULT),
  latencyMs: '0',
  transientPct: '0',
  permanentPct: '0',
  offlinePct: '0',
  provider: 'test-mode',
  accountId: null,
  whatsappContent: 'template',
  waTemplate: null,
  templateParams: [],
};

export type DraftField =
  | 'template'
  | 'filter'
  | 'field'
  | 'csvPath'
  | 'rate'
  | 'latencyMs'
  | 'transientPct'
  | 'permanentPct'
  | 'offlinePct'
  | 'account'
  | 'waTemplate'
  /** A template value, by its placeholder number: param1 fills {{1}}. */
  | `param${number}`
  | 'form';

export type ValidationKey =
  | 'templateEmpty'
  | 'templateTooLong'
  | 'filterEmpty'
  | 'fieldIncomplete'
  | 'csvPathEmpty'
  | 'rate'
  | 'latency'
  | 'percent'
  | 'account'
  | 'templatePick'
  | 'paramUnset'
  | 'paramFieldName'
  | 'paramText'
  | 'paramTextLong'
  | 'invalid';

export interface Validation {
  params: BroadcastParamsInput | null;
  errors: Partial<Record<DraftField, ValidationKey>>;
}

/** A decimal from a text field; accepts "2,5" as well as "2.5". */
function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

function inRange(text: string, min: number, max: number, integer = false): number | null {
  const n = parseNumber(text);
  if (n === null || n < min || n > max || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** What is wrong with one template value as drafted, or null. */
function paramProblem(param: TemplateParamDraft): ValidationKey | null {
  switch (param.source) {
    case 'unset':
      return 'paramUnset';
    case 'field':
      return param.field.trim() ? null : 'paramUnset';
    case 'other':
      return param.field.trim() ? null : 'paramFieldName';
    case 'text':
      if (!param.text.trim()) return 'paramText';
      return param.text.trim().length > TEMPLATE_PARAM_TEXT_MAX ? 'paramTextLong' : null;
  }
}

/** A drafted template value as the request wants it (call only when it is valid). */
export function paramSource(param: TemplateParamDraft): { field: string } | { text: string } {
  return param.source === 'text' ? { text: param.text.trim() } : { field: param.field.trim() };
}

export function validateDraft(draft: Draft): Validation {
  const errors: Validation['errors'] = {};
  const whatsapp = draft.provider === 'whatsapp';
  const usesTemplate = whatsapp && draft.whatsappContent === 'template';
  const template = draft.template.trim();
  if (!usesTemplate) {
    if (!template) errors.template = 'templateEmpty';
    else if (draft.template.length > TEMPLATE_MAX) errors.template = 'templateTooLong';
  }

  let recipients: BroadcastParamsInput['recipients'] = { type: 'all' };
  if (draft.mode === 'filter') {
    const search = draft.search.trim();
    const fieldName = draft.fieldName.trim();
    const fieldValue = draft.fieldValue.trim();
    if (!search && !fieldName && !fieldValue) errors.filter = 'filterEmpty';
    else if (Boolean(fieldName) !== Boolean(fieldValue)) errors.field = 'fieldIncomplete';
    recipients = {
      type: 'filter',
      ...(search ? { search } : {}),
      ...(fieldName && fieldValue ? { field: { name: fieldName, equals: fieldValue } } : {}),
    };
  } else if (draft.mode === 'csv') {
    const path = draft.csvPath.trim();
    if (!path) errors.csvPath = 'csvPathEmpty';
    recipients = { type: 'csv', path };
  }

  const rate = inRange(draft.rate, BROADCAST_RATE_MIN, COMPOSER_RATE_MAX);
  if (rate === null) errors.rate = 'rate';

  let provider: BroadcastParamsInput['provider'];
  let text = template;
  if (whatsapp) {
    if (draft.accountId === null) errors.account = 'account';
    let choice: { name: string; language: string; params: ({ field: string } | { text: string })[] } | undefined;
    if (usesTemplate) {
      const picked = draft.waTemplate;
      if (!picked) errors.waTemplate = 'templatePick';
      else {
        draft.templateParams.slice(0, picked.paramCount).forEach((param, i) => {
          const problem = paramProblem(param);
          if (problem) errors[`param${i + 1}`] = problem;
        });
        if (draft.templateParams.length < picked.paramCount) errors.waTemplate = 'templatePick';
        choice = { name: picked.name, language: picked.language, params: draft.templateParams.slice(0, picked.paramCount).map(paramSource) };
        // The template's own text rides along for previews and the default name; main sends the template.
        text = picked.body.trim().slice(0, TEMPLATE_MAX);
      }
    }
    provider = { type: 'whatsapp', accountId: draft.accountId ?? 0, ...(choice ? { template: choice } : {}) };
  } else {
    const latencyMs = inRange(draft.latencyMs, 0, TEST_LATENCY_MAX_MS, true);
    if (latencyMs === null) errors.latencyMs = 'latency';
    const pct = (field: 'transientPct' | 'permanentPct' | 'offlinePct') => {
      const n = inRange(draft[field], 0, 100);
      if (n === null) errors[field] = 'percent';
      return (n ?? 0) / 100;
    };
    const transientFailureRate = pct('transientPct');
    const permanentFailureRate = pct('permanentPct');
    const offlineRate = pct('offlinePct');
    provider = { type: 'test-mode', options: { latencyMs: latencyMs ?? 0, transientFailureRate, permanentFailureRate, offlineRate } };
  }

  if (Object.keys(errors).length > 0) return { params: null, errors };

  const params: BroadcastParamsInput = { template: text, recipients, provider, rate: rate ?? BROADCAST_RATE_DEFAULT };
  // The same schema main applies: anything it would refuse is refused here first.
  if (!broadcastParams.safeParse(params).success) return { params: null, errors: { form: 'invalid' } };
  return { params, errors };
}

/** Values for {{variables}} from a contact: name, phone and its custom fields. */
export function contactVariables(contact: { name: string; phone: string; fields: Record<string, string> }): Record<string, string> {
  return { name: contact.name, phone: contact.phone, ...contact.fields };
}
