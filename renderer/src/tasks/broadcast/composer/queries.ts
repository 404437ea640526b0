/**
 * What the composer asks of main while the owner writes: the first matching contact and
 * how many match (preview and count), the chosen account's approved templates, and the
 * custom field names seen on contacts (to map template values to).
 */
import type { BusinessId, Contact, WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import type { UiError } from '../../../lib/errors.ts';
import { useDebounced } from '../../../lib/use-paged-rows.ts';
import { useQuery, type Query } from '../../../lib/use-query.ts';
import { useApi } from '../../../store/index.ts';
import type { Draft } from './draft.ts';

export interface Sample {
  contact: Contact | null;
  /** Matching subscribed contacts; null when the filter cannot be counted here. */
  count: number | null;
}

export interface SampleState {
  data: Sample | null;
  error: UiError | null;
  loading: boolean;
}

const CSV_SAMPLE: SampleState = { data: { contact: null, count: null }, error: null, loading: false };
const NO_FIELDS: readonly string[] = [];

/** The first matching contact (for the preview) and the number of recipients. A CSV's are known only when it is read. */
export function useSample(businessId: BusinessId, draft: Draft): SampleState {
  const api = useApi();
  const search = useDebounced(draft.mode === 'filter' ? draft.search.trim() : '', 300);
  const countable = draft.mode === 'all' || (draft.mode === 'filter' && !draft.fieldName.trim() && !draft.fieldValue.trim());
  const csv = draft.mode === 'csv';
  const query = useQuery(
    csv
      ? null
      : () =>
          api
            .invoke('contacts:list', { businessId, offset: 0, limit: 1, optedOut: false, ...(search ? { search } : {}) })
            .then((page): Sample => ({ contact: page.rows[0] ?? null, count: page.total })),
    [api, businessId, search, draft.mode],
    // The preview keeps the last contact while the next search is asked.
    { keepPreviousData: true },
  );
  if (csv) return CSV_SAMPLE;
  const data = query.data && !countable ? { ...query.data, count: null } : query.data;
  return { data, error: query.error, loading: query.loading };
}

/** The approved templates of the chosen account (asked of WhatsApp through main); nothing while no account is chosen. */
export function useTemplates(businessId: BusinessId, accountId: number | null): Query<WhatsAppTemplateSummary[]> {
  const api = useApi();
  return useQuery(accountId === null ? null : () => api.invoke('accounts:templates', { businessId, accountId }), [api, businessId, accountId]);
}

/** Custom field names seen on the business's contacts, sorted. Only suggestions: a failure leaves the list empty. */
export function useContactFields(businessId: BusinessId): readonly string[] {
  const api = useApi();
  const query = useQuery(
    () =>
      api.invoke('contacts:list', { businessId, offset: 0, limit: 100 }).then((page) => {
        const names = new Set<string>();
        for (const contact of page.rows) for (const name of Object.keys(contact.fields)) names.add(name);
        return [...names].sort((a, b) => a.localeCompare(b));
      }),
    [api, businessId],
  );
  return query.data ?? NO_FIELDS;
}
