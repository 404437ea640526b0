/**
 * Command table of the CLI. Each command validates its arguments, calls the same
 * services the window's IPC handlers call, and prints text or (--json) JSON lines.
 */
import { parseArgs } from 'node:util';
import type { TaskSnapshot } from '../../common/model.ts';
import { TaskdeckError } from '../../common/result.ts';
import type { BroadcastParamsInput, RecipientsSource } from '../../common/tasks/broadcast/params.ts';
import { gmailClientId, settingsPatch, settleResolution } from '../../common/ipc/contract.ts';
import { createBusiness, listBusinesses } from '../store/businesses-repo.ts';
import { pageContacts } from '../store/contacts-repo.ts';
import { pageOutbox } from '../store/outbox-repo.ts';
import { getSettings } from '../store/settings-repo.ts';
import { saveSettings } from '../services/settings-service.ts';
import { getTask, listTasks, toSnapshot } from '../store/tasks-repo.ts';
import { TaskService } from '../services/task-service.ts';
import { pageItems } from '../store/items-repo.ts';
import type { Db } from '../store/db.ts';
import { cliAccounts, cliGmail, cliSecretBox, cliSupervisor, openCliDatabase } from './context.ts';
import { pageReceipts, queryFromFilter } from '../store/receipts-repo.ts';
import type { TemplateParamSourceInput } from './whatsapp-args.ts';
import { parseTemplateParams, readToken } from './whatsapp-args.ts';
import { formatSnapshot } from './format.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  business: { type: 'string', short: 'b' },
  country: { type: 'string' },
  template: { type: 'string' },
  provider: { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  csv: { type: 'string' },
  search: { type: 'string' },
  field: { type: 'string' },
  'phone-column': { type: 'string' },
  'name-column': { type: 'string' },
  'latency-ms': { type: 'string' },
  'fail-rate': { type: 'string' },
  'reject-rate': { type: 'string' },
  'offline-rate': { type: 'string' },
  seed: { type: 'string' },
  task: { type: 'string' },
  resolution: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  state: { type: 'string' },
  wait: { type: 'boolean' },
  account: { type: 'string' },
  before: { type: 'string' },
  after: { type: 'string' },
  vendor: { type: 'string' },
  ids: { type: 'string' },
  query: { type: 'string' },
  months: { type: 'string' },
  'reimport-deleted': { type: 'boolean' },
  'client-id': { type: 'string' },
  'secret-env': { type: 'string' },
  clear: { type: 'boolean' },
  language: { type: 'string' },
  param: { type: 'string', multiple: true },
  label: { type: 'string' },
  'phone-number-id': { type: 'string' },
  'waba-id': { type: 'string' },
  'token-env': { type: 'string' },
  'base-url': { type: 'string' },
  'graph-version': { type: 'string' },
  'worker-limit': { type: 'string' },
  'lease-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `taskdeck [--db <file>] [--json] <command>

  business add <name> [--country IL]     business list
  contacts import <csv> -b <id> [--country IL] [--phone-column H] [--name-column H] [--wait]
  contacts list -b <id> [--search s] [--limit n]
  broadcast start -b <id> --template "Hi {{name}}" [--provider test-mode] [--rate 20]
                  [--csv file | --search s | --field key=value] [--title t] [--wait]
                  test mode: [--latency-ms n] [--fail-rate 0..1] [--reject-rate 0..1] [--offline-rate 0..1] [--seed n]
  tasks list -b <id>          tasks show <task> -b <id> [--state s]
  tasks pause|resume|cancel|retry-failed <task> -b <id>
  tasks settle <task> -b <id> --resolution mark-sent|send-again|ask-provider
  tasks watch [<task>] -b <id>          live progress until finished
  outbox list -b <id> [--task t]        what test mode "sent"
  accounts add -b <id> --label L --phone-number-id N --waba-id W [--token-env VAR] [--base-url U] [--graph-version v23.0] [--rate 20]
                  the token is read from the environment variable VAR (default TASKDECK_WHATSAPP_TOKEN), never from argv
  accounts list|check|remove [<account>] -b <id>      accounts set-token <account> -b <id> [--token-env VAR]
  templates list -b <id> --account <account>
  gmail connect -b <id> [--client-id C]   without --client-id: the client saved with settings gmail-client
                  (client secret, if any, from TASKDECK_GOOGLE_CLIENT_SECRET)
  gmail status|disconnect -b <id>
  receipts sync -b <id> [--query q] [--months 12] [--reimport-deleted] [--wait]
                  receipts deleted here are skipped unless --reimport-deleted
  receipts list -b <id> [--before YYYY-MM-DD] [--after YYYY-MM-DD] [--vendor v] [--search s]
  receipts delete -b <id> (--before/--after YYYY-MM-DD, --vendor v, --search s | --ids 1,2,3) [--wait]   local copies only
  broadcast start -b <id> --provider whatsapp --account <account> --template <name> [--language en_US]
                  [--param 1=field:name --param 2=text:Hello ...]   (free text: --text "Hi {{name}}")
  settings get | settings set key=value
  settings gmail-client [--client-id C [--secret-env VAR]] [--clear]   the Gmail OAuth client every business uses;
                  the secret (optional) is read from VAR (default TASKDECK_GOOGLE_CLIENT_SECRET), never from argv, and kept encrypted
  run [--worker-limit n]                supervise until no task is active`;

type Values = ReturnType<typeof parse>['values'];
function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

function int(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new TaskdeckError('bad_input', `--${name} is required`);
  }
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TaskdeckError('bad_input', `--${name} must be a number, got "${value}"`);
  return n;
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new TaskdeckError('bad_input', `--${name} is required`);
  return value;
}

function business(values: Values): number {
  return int(values.business, 'business');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [group, verb, ...rest] = positionals;
  if (values.help || !group) {
    io.out(USAGE);
    return 0;
  }
  const print = (human: string, data: unknown) => io.out(values.json ? JSON.stringify(data) : human);
  const { db, dbPath } = openCliDatabase(values.db);
  try {
    const tasks = new TaskService({ db });
    const key = `${group} ${verb ?? ''}`.trim();
    switch (key) {
      case 'business add': {
        const name = [verb === 'add' ? rest.join(' ') : ''].join('').trim();
        if (!name) throw new TaskdeckError('bad_input', 'business add needs a name');
        const b = createBusiness(db, name, values.country ?? getSettings(db).defaultCountry);
        print(`Business ${b.id}: ${b.name} (${b.defaultCountry})`, b);
        return 0;
      }
      case 'business list': {
        const list = listBusinesses(db);
        print(list.map((b) => `${b.id}\t${b.name}\t${b.defaultCountry}`).join('\n') || '(no businesses)', list);
        return 0;
      }
      case 'contacts import': {
        const path = rest[0];
        if (!path) throw new TaskdeckError('bad_input', 'contacts import needs a CSV file');
        const mapping = {
          ...(values['phone-column'] ? { phone: values['phone-column'] } : {}),
          ...(values['name-column'] ? { name: values['name-column'] } : {}),
        };
        const snapshot = tasks.importContacts(business(values), {
          path,
          ...(values.country ? { defaultCountry: values.country } : {}),
          ...(Object.keys(mapping).length ? { mapping } : {}),
        });
        return await finishStart(db, dbPath, snapshot, values, io);
      }
      case 'contacts list': {
        const page = pageContacts(db, business(values), { search: values.search }, int(values.offset, 'offset', 0), int(values.limit, 'limit', 50));
        print(
          page.rows.map((c) => `${c.id}\t${c.phone}\t${c.name}${c.optedOut ? '\t(opted out)' : ''}`).join('\n') + `\n${page.total} contacts`,
          page,
        );
        return 0;
      }
      case 'broadcast start': {
        if (values.provider && values.provider !== 'test-mode' && values.provider !== 'whatsapp') {
          throw new TaskdeckError('bad_input', `Unknown provider "${values.provider}". Available: test-mode, whatsapp`);
        }
        let recipients: RecipientsSource = { type: 'all' };
        if (values.csv) recipients = { type: 'csv', path: values.csv };
        else if (values.search || values.field) {
          const [name, ...eq] = (values.field ?? '').split('=');
          recipients = {
            type: 'filter',
            ...(values.search ? { search: values.search } : {}),
            ...(values.field ? { field: { name: name!, equals: eq.join('=') } } : {}),
          };
        }
        const whatsapp = values.provider === 'whatsapp';
        let provider: BroadcastParamsInput['provider'];
        if (whatsapp) {
          const accountId = int(values.account, 'account');
          const params_: TemplateParamSourceInput[] = parseTemplateParams(values.param ?? []);
          provider = values.text
            ? { type: 'whatsapp', accountId }
            : { type: 'whatsapp', accountId, template: { name: values.template ?? '', language: values.language ?? 'en_US', params: params_ } };
        } else {
          provider = {
            type: 'test-mode',
            options: {
              latencyMs: int(values['latency-ms'], 'latency-ms', 0),
              transientFailureRate: int(values['fail-rate'], 'fail-rate', 0),
              permanentFailureRate: int(values['reject-rate'], 'reject-rate', 0),
              offlineRate: int(values['offline-rate'], 'offline-rate', 0),
              seed: int(values.seed, 'seed', 1),
            },
          };
        }
        const params: BroadcastParamsInput = {
          template: whatsapp ? (values.text ?? '') : (values.template ?? ''),
          recipients,
          provider,
          rate: int(values.rate, 'rate', 20),
          ...(values.concurrency ? { concurrency: int(values.concurrency, 'concurrency') } : {}),
          ...(values.country ? { defaultCountry: values.country } : {}),
        };
        const snapshot = tasks.startBroadcast(business(values), { title: values.title, params });
        return await finishStart(db, dbPath, snapshot, values, io);
      }
      case 'tasks list': {
        const rows = listTasks(db, business(values), { includeDismissed: true }).map((r) => toSnapshot(r));
        print(rows.map(formatSnapshot).join('\n') || '(no tasks)', rows);
        return 0;
      }
      case 'tasks show': {
        const id = int(rest[0], 'task');
        const snapshot = tasks.get(business(values), id);
        const state = values.state as Parameters<typeof pageItems>[3]['state'];
        const items = pageItems(db, business(values), id, { state }, int(values.offset, 'offset', 0), int(values.limit, 'limit', 20));
        print(
          `${formatSnapshot(snapshot)}\n` + items.rows.map((i) => `  #${i.seq}\t${i.phone}\t${i.state}${i.reason ? `\t${i.reason}` : ''}`).join('\n'),
          { task: snapshot, items },
        );
        return 0;
      }
      case 'tasks pause':
      case 'tasks resume':
      case 'tasks cancel':
      case 'tasks retry-failed':
      case 'tasks settle': {
        const b = business(values);
        const id = int(rest[0], 'task');
        let snapshot: TaskSnapshot;
        if (verb === 'pause') snapshot = tasks.pause(b, id);
        else if (verb === 'resume') snapshot = tasks.resume(b, id);
        else if (verb === 'retry-failed') snapshot = await tasks.retryFailed(b, id);
        else if (verb === 'settle') {
          const resolution = settleResolution.safeParse(values.resolution);
          if (!resolution.success) throw new TaskdeckError('bad_input', '--resolution must be mark-sent, send-again or ask-provider');
          snapshot = tasks.settleInDoubt(b, id, resolution.data);
        } else {
          snapshot = await tasks.cancel(b, id);
          snapshot = await finishCancelIfUnattended(db, dbPath, b, id);
        }
        print(formatSnapshot(snapshot), snapshot);
        return 0;
      }
      case 'tasks watch': {
        const b = business(values);
        const only = rest[0] ? int(rest[0], 'task') : undefined;
        await watch(db, b, only, (s) => print(formatSnapshot(s), s));
        return 0;
      }
      case 'outbox list': {
        const page = pageOutbox(db, business(values), values.task ? int(values.task, 'task') : undefined, int(values.offset, 'offset', 0), int(values.limit, 'limit', 50));
        print(page.rows.map((o) => `${o.id}\ttask ${o.taskId}\t${o.phone}\t${o.body}`).join('\n') + `\n${page.total} sent`, page);
        return 0;
      }
      case 'accounts add': {
        const accounts = cliAccounts(db, dbPath);
        const account = await accounts.add(business(values), {
          label: values.label ?? 'WhatsApp',
          phoneNumberId: required(values['phone-number-id'], 'phone-number-id'),
          wabaId: required(values['waba-id'], 'waba-id'),
          token: readToken(values['token-env']),
          graphVersion: values['graph-version'],
          baseUrl: values['base-url'],
          ratePerSecond: values.rate ? int(values.rate, 'rate') : undefined,
        });
        print(`Account ${account.id}: ${account.label} (phone number ID ${account.phoneNumberId}); token kept encrypted`, account);
        return 0;
      }
      case 'accounts list': {
        const list = cliAccounts(db, dbPath).list(business(values));
        print(
          list.map((a) => `${a.id}\t${a.label}\t${a.phoneNumberId}\t${a.check.displayPhoneNumber ?? ''}\t${a.check.error ?? ''}`).join('\n') || '(no accounts)',
          list,
        );
        return 0;
      }
      case 'accounts check': {
        const a = await cliAccounts(db, dbPath).check(business(values), int(rest[0], 'account'));
        print(
          a.check.error
            ? `Not connected: ${a.check.error}`
            : `Connected: ${a.check.displayPhoneNumber} "${a.check.verifiedName}", quality ${a.check.qualityRating}`,
          a,
        );
        return a.check.error ? 1 : 0;
      }
      case 'accounts set-token': {
        const a = await cliAccounts(db, dbPath).replaceToken(business(values), int(rest[0], 'account'), readToken(values['token-env']));
        print(`Token replaced for account ${a.id}; broadcasts waiting for it go on.`, a);
        return 0;
      }
      case 'accounts remove': {
        cliAccounts(db, dbPath).remove(business(values), int(rest[0], 'account'));
        print('Removed.', { removed: true });
        return 0;
      }
      case 'templates list': {
        const list = await cliAccounts(db, dbPath).templates(business(values), int(values.account, 'account'));
        print(list.map((t) => `${t.name}\t${t.language}\t${t.category}\t${t.paramCount} values\t${t.body.replace(/\s+/g, ' ').slice(0, 60)}`).join('\n') || '(no approved templates)', list);
        return 0;
      }
      case 'gmail connect': {
        // Without --client-id, the client saved with `settings gmail-client` (and its secret).
        const clientId = values['client-id'];
        const idCheck = clientId === undefined ? null : gmailClientId.safeParse(clientId);
        if (idCheck && !idCheck.success) throw new TaskdeckError('bad_input', `--client-id: ${idCheck.error.issues.map((i) => i.message).join('; ')}`);
        const secret = clientId ? process.env.TASKDECK_GOOGLE_CLIENT_SECRET : undefined;
        const c = await cliGmail(db, dbPath).connect(business(values), { clientId, clientSecret: secret });
        print(`Gmail connected: ${c.email} (refresh token kept encrypted)`, c);
        return 0;
      }
      case 'gmail status': {
        const c = cliGmail(db, dbPath).status(business(values));
        print(c ? `${c.email}, ${c.incremental ? 'next sync reads only new mail' : 'next sync is a full one'}${c.deletedHere ? `; ${c.deletedHere} deleted here are skipped (--reimport-deleted copies them again)` : ''}` : 'Gmail is not connected', c);
        return 0;
      }
      case 'gmail disconnect': {
        cliGmail(db, dbPath).disconnect(business(values));
        print('Disconnected.', { disconnected: true });
        return 0;
      }
      case 'receipts sync': {
        const snapshot = tasks.startReceiptsSync(business(values), {
          ...(values.query ? { query: values.query } : {}),
          ...(values.months ? { months: int(values.months, 'months') } : {}),
          ...(values.rate ? { ratePerSecond: int(values.rate, 'rate') } : {}),
          ...(values['reimport-deleted'] ? { reimportDeleted: true } : {}),
        });
        return await finishStart(db, dbPath, snapshot, values, io);
      }
      case 'receipts list': {
        const filter = {
          ...(values.before ? { before: values.before } : {}),
          ...(values.after ? { after: values.after } : {}),
          ...(values.vendor ? { vendor: values.vendor } : {}),
          ...(values.search ? { search: values.search } : {}),
        };
        const { receiptsFilter } = await import('../../common/receipts-filter.ts');
        const checked = receiptsFilter.safeParse(filter);
        if (!checked.success) throw new TaskdeckError('bad_input', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const page = pageReceipts(db, business(values), queryFromFilter(checked.data), int(values.offset, 'offset', 0), int(values.limit, 'limit', 50));
        print(
          page.rows
            .map((r) => `${r.id}\t${new Date(r.receivedAt).toISOString().slice(0, 10)}\t${r.vendor ?? ''}\t${r.amountMinor === null ? '' : `${(r.amountMinor / 100).toFixed(2)} ${r.currency ?? ''}`}\t${r.subject}`)
            .join('\n') + `\n${page.total} receipts`,
          page,
        );
        return 0;
      }
      case 'receipts delete': {
        const filter = {
          ...(values.before ? { before: values.before } : {}),
          ...(values.after ? { after: values.after } : {}),
          ...(values.vendor ? { vendor: values.vendor } : {}),
          ...(values.search ? { search: values.search } : {}),
        };
        const filtered = Object.keys(filter).length > 0;
        if (!values.ids && !filtered) {
          throw new TaskdeckError('bad_input', 'Say which receipts: --before, --after, --vendor, --search or --ids (deleting all needs --before a date)');
        }
        // Both would be a guess at what was meant: ids alone, or the filter alone.
        if (values.ids && filtered) throw new TaskdeckError('bad_input', 'Give either --ids or a filter (--before, --after, --vendor, --search), not both');
        const params = values.ids ? { ids: values.ids.split(',').map((x) => int(x.trim(), 'ids')) } : { filter };
        const snapshot = tasks.deleteReceipts(business(values), params);
        return await finishStart(db, dbPath, snapshot, values, io);
      }
      case 'settings get': {
        const s = getSettings(db);
        print(Object.entries(s).map(([k, v]) => `${k}=${String(v)}`).join('\n'), s);
        return 0;
      }
      case 'settings set': {
        const patch: Record<string, unknown> = {};
        for (const pair of rest) {
          const [k, ...v] = pair.split('=');
          const raw = v.join('=');
          patch[k!] = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
        }
        if ('gmailClientSecret' in patch) {
          throw new TaskdeckError('bad_input', 'A secret is never read from the command line: use settings gmail-client --client-id C --secret-env VAR');
        }
        const checked = settingsPatch.safeParse(patch);
        if (!checked.success) throw new TaskdeckError('bad_input', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const s = await saveSettings(db, cliSecretBox(dbPath), checked.data);
        print(Object.entries(s).map(([k, v]) => `${k}=${String(v)}`).join('\n'), s);
        return 0;
      }
      case 'settings gmail-client': {
        let s = getSettings(db);
        if (values.clear) s = await saveSettings(db, undefined, { gmailClientId: null });
        else if (values['client-id'] !== undefined || values['secret-env'] !== undefined) {
          const secret = values['secret-env'] ? readClientSecret(values['secret-env']) : process.env.TASKDECK_GOOGLE_CLIENT_SECRET?.trim() || undefined;
          const checked = settingsPatch.safeParse({
            ...(values['client-id'] !== undefined ? { gmailClientId: values['client-id'] } : {}),
            ...(secret !== undefined ? { gmailClientSecret: secret } : {}),
          });
          if (!checked.success) throw new TaskdeckError('bad_input', checked.error.issues.map((i) => `--${i.path[0] === 'gmailClientId' ? 'client-id' : 'secret-env'}: ${i.message}`).join('; '));
          s = await saveSettings(db, cliSecretBox(dbPath), checked.data);
        }
        const client = { gmailClientId: s.gmailClientId, gmailClientSecretSet: s.gmailClientSecretSet };
        print(
          s.gmailClientId
            ? `Gmail OAuth client ID: ${s.gmailClientId}; client secret: ${s.gmailClientSecretSet ? 'saved, encrypted' : 'none'}`
            : 'No Gmail OAuth client ID is set. Add one: taskdeck settings gmail-client --client-id <id>.apps.googleusercontent.com',
          client,
        );
        return 0;
      }
      case 'run': {
        const supervisor = cliSupervisor(db, dbPath, {
          ...(values['worker-limit'] ? { workerLimit: () => int(values['worker-limit'], 'worker-limit') } : {}),
          ...(values['lease-ms'] ? { leaseMs: int(values['lease-ms'], 'lease-ms') } : {}),
        });
        if (!values.json) supervisor.onSnapshot((s) => io.out(formatSnapshot(s)));
        const stop = () => void supervisor.shutdown().then(() => process.exit(130));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        supervisor.start();
        await supervisor.whenIdle();
        await supervisor.shutdown();
        print('No active tasks left.', { idle: true });
        return 0;
      }
      default:
        io.err(`Unknown command "${key}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof TaskdeckError) {
      io.err(`Error (${error.code}): ${error.message}${error.details?.length ? `\n  ${error.details.join('\n  ')}` : ''}`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

function readClientSecret(variable: string): string {
  const secret = process.env[variable]?.trim();
  if (!secret) throw new TaskdeckError('bad_input', `Put the client secret in the environment variable ${variable} (it is never read from the command line)`);
  return secret;
}

async function finishStart(db: Db, dbPath: string, snapshot: TaskSnapshot, values: Values, io: CliIo): Promise<number> {
  io.out(values.json ? JSON.stringify(snapshot) : `Started task ${snapshot.id}: ${snapshot.title}`);
  if (!values.wait) return 0;
  const supervisor = cliSupervisor(db, dbPath, { onlyTaskIds: [snapshot.id] });
  supervisor.start();
  await supervisor.whenIdle();
  await supervisor.shutdown();
  const final = toSnapshot(getTask(db, snapshot.businessId, snapshot.id));
  io.out(values.json ? JSON.stringify(final) : formatSnapshot(final));
  return final.status === 'completed' ? 0 : 1;
}

/**
 * A cancel of a task nobody is running (paused, queued) is finished here, by a
 * worker, so the CLI returns with the task cancelled rather than "requested".
 */
async function finishCancelIfUnattended(db: Db, dbPath: string, businessId: number, taskId: number): Promise<TaskSnapshot> {
  const row = getTask(db, businessId, taskId);
  if (row.status === 'running' || row.status === 'waiting') {
    // Its own supervisor will see the flag within a heartbeat.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const r = getTask(db, businessId, taskId);
      if (r.status === 'cancelled') return toSnapshot(r);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return toSnapshot(getTask(db, businessId, taskId));
  }
  const supervisor = cliSupervisor(db, dbPath, { onlyTaskIds: [taskId] });
  supervisor.start();
  await supervisor.whenIdle();
  await supervisor.shutdown();
  return toSnapshot(getTask(db, businessId, taskId));
}

async function watch(db: Db, businessId: number, only: number | undefined, show: (s: TaskSnapshot) => void): Promise<void> {
  const seen = new Map<number, number>();
  for (;;) {
    const rows = only ? [getTask(db, businessId, only)] : listTasks(db, businessId);
    let active = 0;
    for (const row of rows) {
      if (['queued', 'running', 'waiting', 'interrupted'].includes(row.status)) active++;
      if (seen.get(row.id) !== row.version) {
        seen.set(row.id, row.version);
        show(toSnapshot(row));
      }
    }
    if (!active) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
