import type { Business, BusinessId } from '../../common/model.ts';
import { notFound } from '../../common/result.ts';
import { now, type Db } from './db.ts';
import { stmt } from './statements.ts';

interface BusinessRow {
  id: number;
  name: string;
  default_country: string;
  created_at: number;
}

const toBusiness = (row: BusinessRow): Business => ({
  id: row.id,
  name: row.name,
  defaultCountry: row.default_country,
  createdAt: row.created_at,
});

export function listBusinesses(db: Db): Business[] {
  return (stmt(db, 'SELECT * FROM businesses ORDER BY id').all() as BusinessRow[]).map(toBusiness);
}

export function findBusiness(db: Db, id: BusinessId): Business | undefined {
  const row = stmt(db, 'SELECT * FROM businesses WHERE id = ?').get(id) as BusinessRow | undefined;
  return row ? toBusiness(row) : undefined;
}

export function getBusiness(db: Db, id: BusinessId): Business {
  const business = findBusiness(db, id);
  if (!business) throw notFound(`Business ${id}`);
  return business;
}

export function createBusiness(db: Db, name: string, defaultCountry = 'IL'): Business {
  const info = stmt(db, 'INSERT INTO businesses (name, default_country, created_at) VALUES (?, ?, ?)').run(
    name,
    defaultCountry,
    now(),
  );
  return getBusiness(db, Number(info.lastInsertRowid));
}

export function renameBusiness(db: Db, id: BusinessId, name: string): Business {
  const info = stmt(db, 'UPDATE businesses SET name = ? WHERE id = ?').run(name, id);
  if (info.changes === 0) throw notFound(`Business ${id}`);
  return getBusiness(db, id);
}
