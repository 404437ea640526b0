/** `taskdeck broadcast start`: a broadcast from flags (test mode by default, or a WhatsApp account). */
import type { BroadcastParamsInput, RecipientsSource } from '../../../common/tasks/broadcast/params.ts';
import { TaskdeckError } from '../../../common/result.ts';
import { num, optionalNum, str, strings, type CliValues } from '../../cli/args.ts';
import { parseTemplateParams } from '../../cli/whatsapp-args.ts';
import type { KindCli } from '../kind.ts';

function recipients(values: CliValues): RecipientsSource {
  const csv = str(values, 'csv');
  if (csv) return { type: 'csv', path: csv };
  const search = str(values, 'search');
  const field = str(values, 'field');
  if (!search && !field) return { type: 'all' };
  const [name, ...eq] = (field ?? '').split('=');
  return { type: 'filter', ...(search ? { search } : {}), ...(field ? { field: { name: name!, equals: eq.join('=') } } : {}) };
}

function provider(values: CliValues): BroadcastParamsInput['provider'] {
  const type = str(values, 'provider') ?? 'test-mode';
  if (type === 'whatsapp') {
    const accountId = num(values, 'account');
    if (str(values, 'text') !== undefined) return { type: 'whatsapp', accountId };
    return {
      type: 'whatsapp',
      accountId,
      template: { name: str(values, 'template') ?? '', language: str(values, 'language') ?? 'en_US', params: parseTemplateParams(strings(values, 'param')) },
    };
  }
  if (type !== 'test-mode') throw new TaskdeckError('bad_input', `Unknown provider "${type}". Available: test-mode, whatsapp`);
  return {
    type: 'test-mode',
    options: {
      latencyMs: num(values, 'latency-ms', 0),
      transientFailureRate: num(values, 'fail-rate', 0),
      permanentFailureRate: num(values, 'reject-rate', 0),
      offlineRate: num(values, 'offline-rate', 0),
      seed: num(values, 'seed', 1),
    },
  };
}

export const broadcastCli: KindCli = {
  command: 'broadcast start',
  usage: `broadcast start -b <id> --template "Hi {{name}}" [--provider test-mode] [--rate 20]
                  [--csv file | --search s | --field key=value] [--title t] [--wait]
                  test mode: [--latency-ms n] [--fail-rate 0..1] [--reject-rate 0..1] [--offline-rate 0..1] [--seed n]
  broadcast start -b <id> --provider whatsapp --account <account> --template <name> [--language en_US]
                  [--param 1=field:name --param 2=text:Hello ...]   (free text: --text "Hi {{name}}")`,
  options: {
    template: { type: 'string' },
    text: { type: 'string' },
    provider: { type: 'string' },
    account: { type: 'string' },
    language: { type: 'string' },
    param: { type: 'string', multiple: true },
    rate: { type: 'string' },
    concurrency: { type: 'string' },
    csv: { type: 'string' },
    search: { type: 'string' },
    field: { type: 'string' },
    country: { type: 'string' },
    'latency-ms': { type: 'string' },
    'fail-rate': { type: 'string' },
    'reject-rate': { type: 'string' },
    'offline-rate': { type: 'string' },
    seed: { type: 'string' },
  },
  toInput(values) {
    const chosen = provider(values);
    const concurrency = optionalNum(values, 'concurrency');
    const country = str(values, 'country');
    const input: BroadcastParamsInput = {
      template: chosen.type === 'whatsapp' ? (str(values, 'text') ?? '') : (str(values, 'template') ?? ''),
      recipients: recipients(values),
      provider: chosen,
      rate: num(values, 'rate', 20),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(country ? { defaultCountry: country } : {}),
    };
    return input;
  },
  title: (values) => str(values, 'title'),
};

