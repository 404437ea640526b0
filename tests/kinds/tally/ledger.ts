/** The tally's side effect and its record: one line per counted number, appended to a file. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface LedgerLine {
  businessId: number;
  taskId: number;
  itemId: number;
  n: number;
}

/** Appends synchronously: once it returns, the line is in the file whatever happens to this process. */
export function appendToLedger(path: string, line: LedgerLine): void {
  appendFileSync(path, `${line.businessId} ${line.taskId} ${line.itemId} ${line.n}\n`);
}

export function readLedger(path: string): LedgerLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [businessId, taskId, itemId, n] = l.split(' ').map(Number) as [number, number, number, number];
      return { businessId, taskId, itemId, n };
    });
}
