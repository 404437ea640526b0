/** vitest globalSetup for the e2e project: Node 24, Chromium present, a fresh build of the app. */
import { existsSync } from 'node:fs';
import { DEFAULT_CHROMIUM } from '../electron-stand-in/config.ts';
import { buildApp } from './build.ts';

export default function setup(): void {
  const chromium = process.env['TASKDECK_E2E_CHROMIUM'] || DEFAULT_CHROMIUM;
  if (!existsSync(chromium)) throw new Error(`The e2e tests need Chromium at ${chromium} (apt-get install chromium, or set TASKDECK_E2E_CHROMIUM)`);
  const started = Date.now();
  buildApp();
  console.log(`[e2e] built out/ in ${Date.now() - started} ms`);
}
