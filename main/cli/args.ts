/** Reading command-line values, with an error that names the flag. */
import { TaskdeckError } from '../../common/result.ts';

export type CliValues = Readonly<Record<string, unknown>>;

export function str(values: CliValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function strings(values: CliValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function flag(values: CliValues, name: string): boolean {
  return values[name] === true;
}

/** A number flag; `fallback` when absent, else it is required. */
export function num(values: CliValues, name: string, fallback?: number): number {
  const raw = str(values, name);
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new TaskdeckError('bad_input', `--${name} is required`);
  }
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new TaskdeckError('bad_input', `--${name} must be a number, got "${raw}"`);
  return n;
}

/** Only the number flags that were given: absent ones fall back to the schema's defaults. */
export function optionalNum(values: CliValues, name: string): number | undefined {
  return str(values, name) === undefined ? undefined : num(values, name);
}
