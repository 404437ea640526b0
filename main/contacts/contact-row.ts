/** One CSV record → the contact to upsert, or the reason the row is rejected. */
import type { Message } from '../../common/messages.ts';
import type { ColumnMap } from './columns.ts';
import { normalizePhone } from './phone.ts';

export interface ContactDraft {
  /** E.164 */
  phone: string;
  name: string;
  fields: Record<string, string>;
}

export type ContactRowResult = { ok: true; contact: ContactDraft } | { ok: false; reason: Message };

export function toContactInput(values: readonly string[], columns: ColumnMap, defaultCountry: string): ContactRowResult {
  const phone = normalizePhone(values[columns.phone] ?? '', defaultCountry);
  if (!phone.ok) return phone;
  const cell = (index: number | null): string => (index === null ? '' : tidyName(values[index] ?? ''));
  const name =
    columns.name !== null ? cell(columns.name) : [cell(columns.firstName), cell(columns.lastName)].filter(Boolean).join(' ');
  const fields: Record<string, string> = {};
  for (const field of columns.fields) {
    const value = (values[field.index] ?? '').trim();
    // Empty cells are left out: a merge must not wipe a value an earlier import gave.
    if (value !== '') fields[field.key] = value;
  }
  return { ok: true, contact: { phone: phone.e164, name, fields } };
}

/** Names go into greetings ("Hi {{name}}"): one line, single spaces. */
function tidyName(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
