/** Seeds a business with `n` contacts (+972500000001 …) in one transaction. No test framework imports. */
import type { Db } from '../../main/store/db.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import type { ReceiptsDeleteParams } from '../../common/tasks/receipts-delete/params.ts';
import { TaskService } from '../../main/services/task-service.ts';
import { getTaskById, type TaskRow } from '../../main/store/tasks-repo.ts';
import { countReceiptsToDelete } from '../../main/tasks/receipts-delete/title.ts';

export function seedBusiness(db: Db, name: string, n: number, options: { optedOutEvery?: number; phoneBase?: number } = {}): number {
  const business = createBusiness(db, name, 'IL');
  const insert = db.prepare(
    'INSERT INTO contacts (business_id, phone, name, fields, opted_out, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const base = options.phoneBase ?? 500_000_000;
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const optedOut = options.optedOutEvery && i % options.optedOutEvery === 0 ? 1 : 0;
      insert.run(business.id, `+972${base + i}`, `Customer ${i}`, JSON.stringify({ city: i % 2 ? 'Haifa' : 'Tel Aviv' }), optedOut, 1, 1);
    }
  })();
  return business.id;
}

/** A receipts-delete task started as the window starts one, with the count its confirm step showed. */
export function startReceiptsDelete(db: Db, businessId: number, params: ReceiptsDeleteParams): { task: TaskRow; count: number } {
  const snapshot = new TaskService({ db }).start(businessId, 'receipts-delete', params);
  return { task: getTaskById(db, snapshot.id)!, count: countReceiptsToDelete(db, businessId, params) };
}
