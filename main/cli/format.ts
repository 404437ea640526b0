import { formatMessage } from '../../common/messages.ts';
import type { TaskSnapshot } from '../../common/model.ts';

/** One line per task, for people reading a terminal. */
export function formatSnapshot(s: TaskSnapshot): string {
  const c = s.counters;
  const pct = c.total ? Math.floor((c.processed / c.total) * 100) : 0;
  const status = s.waitReason ? `${s.status} (${s.waitReason})` : s.status;
  const parts = [
    `#${s.id}`,
    s.kind,
    status,
    `${c.processed}/${c.total} (${pct}%)`,
    `sent ${c.succeeded}`,
    `failed ${c.failed}`,
    `skipped ${c.skipped}`,
    `cancelled ${c.cancelled}`,
    `in doubt ${c.inDoubt}`,
  ];
  if (s.rate) parts.push(`${s.rate.toFixed(0)}/s`);
  if (s.lastError) parts.push(`— ${formatMessage(s.lastError)}`);
  return `${parts.join('  ')}  "${formatMessage(s.title)}"`;
}
