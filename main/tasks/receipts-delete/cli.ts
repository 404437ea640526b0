/** `taskdeck receipts delete`: delete local receipt copies, by filter or by id (never mail in Gmail). */
import { TaskdeckError } from '../../../common/result.ts';
import { str } from '../../cli/args.ts';
import type { KindCli } from '../kind.ts';

export const receiptsDeleteCli: KindCli = {
  command: 'receipts delete',
  usage: 'receipts delete -b <id> (--before/--after YYYY-MM-DD, --vendor v, --search s | --ids 1,2,3) [--wait]   local copies only',
  options: { before: { type: 'string' }, after: { type: 'string' }, vendor: { type: 'string' }, search: { type: 'string' }, ids: { type: 'string' } },
  toInput(values) {
    const filter: Record<string, string> = {};
    for (const name of ['before', 'after', 'vendor', 'search']) {
      const value = str(values, name);
      if (value) filter[name] = value;
    }
    const filtered = Object.keys(filter).length > 0;
    const ids = str(values, 'ids');
    if (!ids && !filtered) throw new TaskdeckError('bad_input', 'Say which receipts: --before, --after, --vendor, --search or --ids (deleting all needs --before a date)');
    // Both would be a guess at what was meant: ids alone, or the filter alone.
    if (ids && filtered) throw new TaskdeckError('bad_input', 'Give either --ids or a filter (--before, --after, --vendor, --search), not both');
    if (!ids) return { filter };
    return {
      ids: ids.split(',').map((x) => {
        const n = Number(x.trim());
        if (!Number.isInteger(n) || n <= 0) throw new TaskdeckError('bad_input', `--ids: "${x.trim()}" is not a receipt id`);
        return n;
      }),
    };
  },
};
