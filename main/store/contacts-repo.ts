import type { BusinessId, Contact, Page } from '../../common/model.ts';
import { notFound } from '../../common/result.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';

interface ContactRow {
  id: number;
  business_id: number;
  phone: string;
  name: string;
  fields: string;
  opted_out: number;
  updated_at: number;
}

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    businessId: row.business_id,
    phone: row.phone,
    name: row.name,
    fields: JSON.parse(row.fields) as Record<string, string>,
    optedOut: row.opted_out === 1,
    updatedAt: row.updated_at,
  };
}

export interface ContactInput {
  phone: string;
  name: string;
  fields: Record<string, string>;
}

/**
 * Inserts a contact or merges it into the existing one with the same number:
 * a non-empty name wins, fields are merged, and opt-out is never undone by an import.
 */
export function upsertContact(db: Db, businessId: BusinessId, input: ContactInput): { id: number; created: boolean } {
  const existing = stmt(db, 'SELECT id, name, fields FROM contacts WHERE business_id = ? AND phone = ?').get(
    businessId,
    input.phone,
  ) as { id: number; name: string; fields: string } | undefined;
  const ts = now();
  if (!existing) {
    const info = stmt(
      db,
      'INSERT INTO contacts (business_id, phone, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(businessId, input.phone, input.name, JSON.stringify(input.fields), ts, ts);
    return { id: Number(info.lastInsertRowid), created: true };
  }
  const merged = { ...(JSON.parse(existing.fields) as Record<string, string>), ...input.fields };
  stmt(db, 'UPDATE contacts SET name = ?, fields = ?, updated_at = ? WHERE id = ? AND business_id = ?').run(
    input.name || existing.name,
    JSON.stringify(merged),
    ts,
    existing.id,
    businessId,
  );
  return { id: existing.id, created: false };
}

export interface ContactQuery {
  search?: string | undefined;
  optedOut?: boolean | undefined;
  field?: { name: string; equals: string } | undefined;
}

function whereFor(businessId: BusinessId, query: ContactQuery): { sql: string; args: unknown[] } {
  const clauses = ['business_id = ?'];
  const args: unknown[] = [businessId];
  if (query.search) {
    clauses.push("(name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\')");
    const like = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    args.push(like, like);
  }
  if (query.optedOut !== undefined) {
    clauses.push('opted_out = ?');
    args.push(query.optedOut ? 1 : 0);
  }
  if (query.field) {
    clauses.push('json_extract(fields, ?) = ?');
    args.push(`$."${query.field.name.replace(/"/g, '')}"`, query.field.equals);
  }
  return { sql: clauses.join(' AND '), args };
}

export function pageContacts(db: Db, businessId: BusinessId, query: ContactQuery, offset: number, limit: number): Page<Contact> {
  const where = whereFor(businessId, query);
  const total = (db.prepare(`SELECT count(*) AS n FROM contacts WHERE ${where.sql}`).get(...where.args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM contacts WHERE ${where.sql} ORDER BY id LIMIT ? OFFSET ?`)
    .all(...where.args, limit, offset) as ContactRow[];
  return { rows: rows.map(toContact), total, offset };
}

/** Contacts after `afterId`, in id order: the broadcast planner reads them in chunks. */
export function contactsAfter(db: Db, businessId: BusinessId, query: ContactQuery, afterId: number, limit: number): Contact[] {
  const where = whereFor(businessId, query);
  const rows = db
    .prepare(`SELECT * FROM contacts WHERE ${where.sql} AND id > ? ORDER BY id LIMIT ?`)
    .all(...where.args, afterId, limit) as ContactRow[];
  return rows.map(toContact);
}

export function getContact(db: Db, businessId: BusinessId, contactId: number): Contact {
  const row = stmt(db, 'SELECT * FROM contacts WHERE id = ? AND business_id = ?').get(contactId, businessId) as
    | ContactRow
    | undefined;
  if (!row) throw notFound(`Contact ${contactId}`);
  return toContact(row);
}

export function setOptOut(db: Db, businessId: BusinessId, contactId: number, optedOut: boolean): Contact {
  const info = stmt(db, 'UPDATE contacts SET opted_out = ?, updated_at = ? WHERE id = ? AND business_id = ?').run(
    optedOut ? 1 : 0,
    now(),
    contactId,
    businessId,
  );
  if (info.changes === 0) throw notFound(`Contact ${contactId}`);
  return getContact(db, businessId, contactId);
}

export function optedOutPhones(db: Db, businessId: BusinessId, phones: readonly string[]): Set<string> {
  const out = new Set<string>();
  const check = stmt(db, 'SELECT 1 FROM contacts WHERE business_id = ? AND phone = ? AND opted_out = 1');
  for (const phone of phones) if (check.get(businessId, phone)) out.add(phone);
  return out;
}

/** The contact with this number asked to stop messages (a provider said so): opted out. */
/** Whether the contact (by id, or by number for a recipient that came from a file) has opted out by now. */
export function isOptedOut(db: Db, businessId: BusinessId, who: { contactId: number | null; phone: string }): boolean {
  return (
    stmt(db, 'SELECT 1 FROM contacts WHERE business_id = ? AND opted_out = 1 AND (id = ? OR phone = ?) LIMIT 1').get(
      businessId,
      who.contactId ?? -1,
      who.phone,
    ) !== undefined
  );
}

export function markOptedOut(db: Db, businessId: BusinessId, phone: string): void {
  stmt(db, 'UPDATE contacts SET opted_out = 1, updated_at = ? WHERE business_id = ? AND phone = ?').run(now(), businessId, phone);
}
