/**
 * --help, generated from the command tables (so a kind's start command shows up as soon as
 * it is registered), and the answer to a command nobody has: the closest one, or the
 * commands of the group the owner named.
 */
import { GLOBAL_OPTIONS, type CliCommand, type CliOptions } from './command.ts';

const GLOBAL_USAGE = 'taskdeck [--db <file>] [--json] <command> [flags]';
const GLOBAL_NOTES = [
  '--db <file> picks the database (default $TASKDECK_DB, else ~/.taskdeck/taskdeck.db); --json prints JSON lines.',
  'taskdeck <command> --help shows the flags of one command.',
];

const group = (c: CliCommand) => c.command.split(' ')[0]!;

/** A usage's lines: those naming the command indented by two (after `prefix`), continuation lines as written. */
function usageLines(c: CliCommand, prefix = ''): string[] {
  return c.usage.split('\n').map((line) => (line.trimStart().startsWith(c.command) ? `  ${prefix}${line.trimStart()}` : line));
}

/** Every command's usage, grouped by its first word in the order the tables give. */
export function globalHelp(commands: readonly CliCommand[]): string {
  const groups = new Map<string, CliCommand[]>();
  for (const c of commands) groups.set(group(c), [...(groups.get(group(c)) ?? []), c]);
  const blocks = [...groups.values()].map((cs) => cs.flatMap((c) => usageLines(c)).join('\n'));
  return [GLOBAL_USAGE, '', blocks.join('\n\n'), '', ...GLOBAL_NOTES].join('\n');
}

function flagList(options: CliOptions): string {
  return Object.entries(options)
    .map(([name, o]) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}${o.multiple ? ' …' : ''}`)
    .join('  ');
}

export function commandHelp(c: CliCommand): string {
  const flags = flagList(c.options);
  return ['Usage:', ...usageLines(c, 'taskdeck '), '', `Flags: ${flags || '(none)'}`, `Global: ${flagList(GLOBAL_OPTIONS)}`].join('\n');
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** What to say about `words`, which name no command. */
export function unknownCommand(words: readonly string[], commands: readonly CliCommand[]): string {
  const typed = words.slice(0, 2).join(' ');
  const [best] = commands.map((c) => ({ c, d: distance(typed, c.command) })).sort((x, y) => x.d - y.d);
  const lines = [`Unknown command "${typed}".`];
  const sameGroup = commands.filter((c) => group(c) === words[0]);
  if (best && best.d <= Math.max(2, Math.floor(best.c.command.length / 4))) {
    lines.push(`Did you mean "${best.c.command}"?`, '', ...usageLines(best.c));
  } else if (sameGroup.length) {
    lines.push(`The ${words[0]} commands are:`, '', ...sameGroup.flatMap((c) => usageLines(c)));
  } else {
    lines.push(`Commands begin with: ${[...new Set(commands.map(group))].join(', ')}.`);
  }
  lines.push('', 'Run taskdeck --help to see every command.');
  return lines.join('\n');
}
