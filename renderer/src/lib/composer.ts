/**
 * The broadcast composer's draft → request params, with validation messages as
 * translation keys. The shared zod schema (common/tasks/params.ts) has the last word.
 */
import { broadcastParams, TEMPLATE_MAX, type BroadcastParamsInput } from '../../../common/tasks/params.ts';

export type RecipientMode = 'all' | 'filter' | 'csv';

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
}

export const EMPTY_DRAFT: Draft = {
  title: '',
  mode: 'all',
  search: '',
  fieldName: '',
  fieldValue: '',
  csvPath: '',
  template: '',
  rate: '20',
  latencyMs: '0',
  transientPct: '0',
  permanentPct: '0',
  offlinePct: '0',
};

export type DraftField = 'template' | 'filter' | 'field' | 'csvPath' | 'rate' | 'latencyMs' | 'transientPct' | 'permanentPct' | 'offlinePct' | 'form';

export type ValidationKey =
  | 'templateEmpty'
  | 'templateTooLong'
  | 'filterEmpty'
  | 'fieldIncomplete'
  | 'csvPathEmpty'
  | 'rate'
  | 'latency'
  | 'percent'
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

export function validateDraft(draft: Draft): Validation {
  const errors: Validation['errors'] = {};
  const template = draft.template.trim();
  if (!template) errors.template = 'templateEmpty';
  else if (draft.template.length > TEMPLATE_MAX) errors.template = 'templateTooLong';

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

  const rate = inRange(draft.rate, 0.1, 1000);
  if (rate === null) errors.rate = 'rate';
  const latencyMs = inRange(draft.latencyMs, 0, 60_000, true);
  if (latencyMs === null) errors.latencyMs = 'latency';
  const pct = (field: 'transientPct' | 'permanentPct' | 'offlinePct') => {
    const n = inRange(draft[field], 0, 100);
    if (n === null) errors[field] = 'percent';
    return (n ?? 0) / 100;
  };
  const transientFailureRate = pct('transientPct');
  const permanentFailureRate = pct('permanentPct');
  const offlineRate = pct('offlinePct');

  if (Object.keys(errors).length > 0) return { params: null, errors };

  const params: BroadcastParamsInput = {
    template,
    recipients,
    provider: {
      type: 'test-mode',
      options: { latencyMs: latencyMs ?? 0, transientFailureRate, permanentFailureRate, offlineRate },
    },
    rate: rate ?? 20,
  };
  // The same schema main applies: anything it would refuse is refused here first.
  if (!broadcastParams.safeParse(params).success) return { params: null, errors: { form: 'invalid' } };
  return { params, errors };
}

/** Values for {{variables}} from a contact: name, phone and its custom fields. */
export function contactVariables(contact: { name: string; phone: string; fields: Record<string, string> }): Record<string, string> {
  return { name: contact.name, phone: contact.phone, ...contact.fields };
}
