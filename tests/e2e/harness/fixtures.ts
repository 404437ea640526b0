/** Test inputs: CSV files of contacts, temp folders, screenshot steps. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './paths.ts';

export interface CsvOptions {
  /** Valid, distinct Israeli mobile numbers written locally (050-…), resolved with the business's country. */
  valid: number;
  /** Rows whose phone cannot be a number: the import reports each with its line. */
  invalid?: number;
  /** Rows repeating an earlier number: merged, counted as skipped. */
  repeated?: number;
  /** First number's offset, so several files do not collide. */
  offset?: number;
  names?: (i: number) => string;
  cities?: readonly string[];
}

const CITIES = ['Haifa', 'Tel Aviv', 'Jerusalem', 'Beersheba'];

export function writeContactsCsv(path: string, options: CsvOptions): string {
  const name = options.names ?? ((i: number) => `Customer ${i}`);
  const cities = options.cities ?? CITIES;
  const lines = ['phone,name,city'];
  const offset = options.offset ?? 0;
  for (let i = 1; i <= options.valid; i++) {
    const n = String(1_000_000 + offset + i).padStart(7, '0');
    lines.push(`050-${n.slice(0, 3)}-${n.slice(3)},${name(i)},${cities[i % cities.length]}`);
  }
  for (let i = 1; i <= (options.invalid ?? 0); i++) lines.push(`not-a-phone-${i},Broken ${i},${cities[0]}`);
  for (let i = 1; i <= (options.repeated ?? 0); i++) {
    const n = String(1_000_000 + offset + i).padStart(7, '0');
    lines.push(`+972 50 ${n.slice(0, 3)} ${n.slice(3)},${name(i)},${cities[0]}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A scenario's folders: a temp dir (user data, inputs) and its artifacts (screenshots, host logs). */
export interface ScenarioDirs {
  temp: string;
  userData: string;
  dbPath: string;
  artifacts: string;
  /** Saves a full-window screenshot as artifacts/<scenario>/NN-<step>.png. */
  shot(page: Page, step: string): Promise<string>;
  cleanup(): void;
}

export function scenarioDirs(name: string): ScenarioDirs {
  const temp = mkdtempSync(join(tmpdir(), `taskdeck-e2e-${name}-`));
  const userData = join(temp, 'user-data');
  const artifacts = join(ARTIFACTS, name);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  let step = 0;
  return {
    temp,
    userData,
    dbPath: join(userData, 'taskdeck.db'),
    artifacts,
    shot: async (page, label) => {
      const file = join(artifacts, `${String(++step).padStart(2, '0')}-${label}.png`);
      // Transitions finished, caret hidden: the picture shows the state, not an animation frame.
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      return file;
    },
    cleanup: () => rmSync(temp, { recursive: true, force: true }),
  };
}
