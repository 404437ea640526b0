/**
 * The renderer is untrusted. Through the real preload and main's real IPC bridge:
 * requests from a page that is not Taskdeck's renderer are refused by the sender check,
 * malformed requests by the contract, unknown channels by the preload itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as db from './harness/db.ts';
import { openScenario, type Scenario } from './harness/scenario.ts';

type Bridge = { taskdeck: { invoke(channel: string, request: unknown): Promise<unknown> } };

let scenario: Scenario;
beforeAll(async () => {
  scenario = await openScenario('ipc-security');
  db.seedDatabase(scenario.dbPath, 'Corner Shop', 3);
});
afterAll(async () => {
  await scenario?.close();
});

describe('IPC from an untrusted renderer', () => {
  it('refuses what the contract and the sender check do not allow', async () => {
    const app = await scenario.launch();
    const { page } = app;
    const ask = (channel: string, request: unknown) =>
      page.evaluate(
        async ([c, r]) => {
          try {
            return { ok: true, data: await (window as unknown as Bridge).taskdeck.invoke(c as string, r) };
          } catch (error) {
            return { ok: false, code: (error as { code?: string }).code, message: (error as { message?: string }).message };
          }
        },
        [channel, request] as const,
      );

    // The renderer itself: answered; a bad payload or an unknown channel is not.
    expect(await ask('businesses:list', {})).toMatchObject({ ok: true, data: [{ name: 'Corner Shop' }] });
    expect(await ask('tasks:list', { businessId: -1 })).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(await ask('businesses:create', { name: 'x', admin: true })).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(await ask('shell:exec', { command: 'rm -rf /' })).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(app.records.some((r) => r.kind === 'ipc-invoke' && r.channel === 'shell:exec')).toBe(false);

    // A page that is not the renderer (Electron's navigation guard would stop the move;
    // the stand-in lets it happen, so the second line of defence is what is tested):
    // the preload runs there too, but main refuses every request.
    const elsewhere = join(scenario.temp, 'elsewhere.html');
    writeFileSync(elsewhere, '<!doctype html><title>Elsewhere</title><p>Not Taskdeck</p>');
    await page.goto(pathToFileURL(elsewhere).href);
    expect(await page.evaluate(() => typeof (window as unknown as Partial<Bridge>).taskdeck)).toBe('object');
    expect(await ask('businesses:list', {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await ask('settings:set', { testModeOffline: true })).toMatchObject({ ok: false, code: 'forbidden' });
    await scenario.shot(page, 'elsewhere');
    expect(app.records.filter((r) => r.kind === 'ipc-invoke' && r.code === 'forbidden')).toHaveLength(2);

    expect(await app.quit()).toBe(0);
    expect(readFileSync(app.logFile, 'utf8')).toMatch(/\[ipc\] refused businesses:list: the sender shows file:\/\/.*elsewhere\.html/);
    // Nothing changed: the refused settings write never happened.
    expect(db.settingsValue(scenario.dbPath, 'testModeOffline')).toBeUndefined();
  });
});
