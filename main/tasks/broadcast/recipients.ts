/**
 * Turns a broadcast's recipient source into task items, in chunks, resumably:
 * the plan cursor (last contact id, or CSV units consumed) is committed with each
 * chunk. Opted-out contacts, invalid numbers, repeats of a number and rows missing
 * a template variable become `skipped` items with the reason, so the owner sees why.
 */
import type { Message } from '../../../common/messages.ts';
import type { BroadcastItemPayload } from '../../../common/tasks/broadcast/facts.ts';
import { insertItems } from '../../store/items-repo.ts';
import { reason } from '../../../common/reasons.ts';
import type { BroadcastParams } from '../../../common/tasks/broadcast/params.ts';
import { requiredFields, templateVariables } from '../../../common/tasks/broadcast/params.ts';
import type { Contact } from '../../../common/model.ts';
import { contactsAfter } from '../../store/contacts-repo.ts';
import type { TaskContext } from '../../worker/task-context.ts';

export const PLAN_CHUNK = 2000;

export const SKIP = {
  optedOut: reason('optedOut'),
  duplicate: reason('duplicateNumber'),
  missing: (names: string[]) => reason('noValueFor', { fields: names.map((n) => `{{${n}}}`).join(', ') }),
} as const;

export interface PlannedRecipient {
  contactId: number | null;
  phone: string;
  /** E.164 when sendable; null for a row that is skipped anyway. */
  e164: string | null;
  name: string;
  vars: Record<string, string>;
  skipReason: Message | null;
}

export function varsOf(contact: Pick<Contact, 'name' | 'phone' | 'fields'>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(contact.fields)) vars[key] = value;
  vars.name = contact.name;
  vars.phone = contact.phone;
  return vars;
}

export function recipientFromContact(contact: Contact, required: readonly string[]): PlannedRecipient {
  const vars = varsOf(contact);
  let skipReason: Message | null = null;
  if (contact.optedOut) skipReason = SKIP.optedOut;
  else {
    const missing = required.filter((name) => !vars[name]?.trim());
    if (missing.length) skipReason = SKIP.missing(missing);
  }
  return { contactId: contact.id, phone: contact.phone, e164: contact.phone, name: contact.name, vars, skipReason };
}

/** Inserts one chunk of planned recipients; returns how many were skipped. */
export function insertRecipients(ctx: TaskContext, firstSeq: number, recipients: readonly PlannedRecipient[]): number {
  const items = recipients.map((r, i) => ({
    seq: firstSeq + i,
    subject: r.phone,
    label: r.name,
    payload: { contactId: r.contactId, vars: r.vars } satisfies BroadcastItemPayload,
    // One message per number: the E.164 number is the key.
    dedupeKey: r.e164,
    skip: r.e164 === null ? (r.skipReason ?? reason('phoneEmpty')) : r.skipReason,
  }));
  // A number already in this broadcast: the repeat is recorded as skipped, never sent twice.
  return insertItems(ctx.db, ctx.taskId, ctx.businessId, items, { duplicate: SKIP.duplicate }).skipped;
}

/** Plans from the business's own contacts (all, or a filter). */
export async function planFromContacts(ctx: TaskContext, params: BroadcastParams): Promise<void> {
  const source = params.recipients;
  const query =
    source.type === 'filter' ? { search: source.search, field: source.field } : {};
  let afterId = ctx.task.plan_cursor;
  let seq = ctx.task.total + 1;
  for (;;) {
    if (ctx.stopping) return;
    const contacts = contactsAfter(ctx.db, ctx.businessId, query, afterId, PLAN_CHUNK);
    if (!contacts.length) break;
    const required = requiredFields(params);
    const recipients = contacts.map((c) => recipientFromContact(c, required));
    const lastId = contacts[contacts.length - 1]!.id;
    ctx.commit(
      () => insertRecipients(ctx, seq, recipients),
      (skipped) => ({ total: recipients.length, skipped, processed: skipped }),
      { planCursor: lastId },
    );
    seq += recipients.length;
    afterId = lastId;
    // Let control messages in between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function usedVariables(template: string): string[] {
  return templateVariables(template);
}
