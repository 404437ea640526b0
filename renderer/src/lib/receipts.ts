/**
 * The Receipts page's pure parts: the typed filters as a `receipts:list` filter (the
 * same one "delete all matching" sends, so the counts agree). The Gmail client-ID check
 * is common/gmail-oauth-client.ts, shared with main's contract.
 */
import { RECEIPTS_FILTER_TEXT_MAX, type ReceiptsFilter } from '../../../common/receipts-filter.ts';

export interface ReceiptFilterDraft {
  /** YYYY-MM-DD, inclusive; '' for none. */
  from: string;
  /** YYYY-MM-DD, inclusive; '' for none. */
  to: string;
  vendor: string;
  search: string;
}

export const EMPTY_RECEIPT_FILTER: ReceiptFilterDraft = { from: '', to: '', vendor: '', search: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day after a YYYY-MM-DD date, or null when it is not a real date. */
export function nextDay(date: string): string | null {
  if (!DATE.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  if (d.toISOString().slice(0, 10) !== date) return null;
  return new Date(ms + 86_400_000).toISOString().slice(0, 10);
}

export type ReceiptFilterError = 'badDate' | 'dateOrder';

/**
 * The filter main understands: "to" is inclusive on screen, so `before` is the day
 * after it. Empty fields are left out. Dates in the wrong order give an error and no dates.
 */
export function toReceiptsFilter(draft: ReceiptFilterDraft): { filter: ReceiptsFilter; error: ReceiptFilterError | null } {
  const filter: { after?: string; before?: string; vendor?: string; search?: string } = {};
  let error: ReceiptFilterError | null = null;
  const from = draft.from.trim();
  const to = draft.to.trim();
  const fromOk = from === '' || nextDay(from) !== null;
  const before = to === '' ? null : nextDay(to);
  if (!fromOk || (to !== '' && before === null)) error = 'badDate';
  else if (from !== '' && before !== null && from >= before) error = 'dateOrder';
  else {
    if (from) filter.after = from;
    if (before) filter.before = before;
  }
  const vendor = draft.vendor.trim().slice(0, RECEIPTS_FILTER_TEXT_MAX);
  const search = draft.search.trim().slice(0, RECEIPTS_FILTER_TEXT_MAX);
  if (vendor) filter.vendor = vendor;
  if (search) filter.search = search;
  return { filter, error };
}

export function isEmptyFilter(filter: ReceiptsFilter): boolean {
  return Object.keys(filter).length === 0;
}
