import type { BusinessId, ImportRowError, Page, TaskId } from '../../common/model.ts';
import type { Db } from './db.ts';
import { storedWords } from './words.ts';

export function pageImportErrors(db: Db, businessId: BusinessId, taskId: TaskId, offset: number, limit: number): Page<ImportRowError> {
  const total = (
    db.prepare('SELECT count(*) AS n FROM import_errors WHERE business_id = ? AND task_id = ?').get(businessId, taskId) as { n: number }
  ).n;
  const rows = db
    .prepare(
      'SELECT row_number AS row, reason, raw FROM import_errors WHERE business_id = ? AND task_id = ? ORDER BY row_number LIMIT ? OFFSET ?',
    )
    .all(businessId, taskId, limit, offset) as { row: number; reason: string; raw: string }[];
  return { rows: rows.map((r) => ({ row: r.row, reason: storedWords(r.reason), raw: r.raw })), total, offset };
}
