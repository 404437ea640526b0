/**
 * Debian's Chromium, started by the harness with a DevTools endpoint. The app's host
 * (its stand-in) opens its windows on it, and the test drives the same pages from
 * its own connection, like a user in front of the screen.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../electron-stand-in/config.ts';

export interface ChromiumInstance {
  /** ws:// endpoint for connectOverCDP. */
  endpoint: string;
  /** The test's own connection. */
  browser: Browser;
  close(): Promise<void>;
}

export async function startChromium(executable = process.env['TASKDECK_E2E_CHROMIUM'] || DEFAULT_CHROMIUM): Promise<ChromiumInstance> {
  const profile = mkdtempSync(join(tmpdir(), 'taskdeck-chromium-'));
  const child = spawn(
    executable,
    ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, ...CHROMIUM_ARGS, 'about:blank'],
    // Same process group as the test run, so a Ctrl-C reaches it too; Chromium takes its
    // helper processes down itself when its browser process is told to go.
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools endpoint:\n${output.slice(-2000)}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before opening its endpoint:\n${output.slice(-2000)}`));
    });
  });
  // Keep reading stderr, or Chromium blocks on a full pipe.
  child.stderr?.resume();
  const browser = await chromium.connectOverCDP(endpoint);
  return {
    endpoint,
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      if (child.pid && child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
        if (child.exitCode === null) {
          try {
            process.kill(child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
