/**
 * The stand-in's "browser process": a connection to headless Chromium. The harness
 * starts Chromium and passes its DevTools endpoint, so the test drives the same
 * pages from its own connection and a SIGKILLed host takes only its windows with it
 * (contexts created over CDP are disposed when their client goes away, as Electron's
 * windows die with the main process). Without an endpoint the stand-in launches
 * Chromium itself.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, ENV } from './config.ts';

let connection: Promise<Browser> | null = null;

export function connectBrowser(): Promise<Browser> {
  connection ??= (async () => {
    const endpoint = process.env[ENV.cdpEndpoint];
    if (endpoint) return chromium.connectOverCDP(endpoint);
    return chromium.launch({
      executablePath: process.env[ENV.chromium] || DEFAULT_CHROMIUM,
      headless: process.env[ENV.headed] !== '1',
      args: CHROMIUM_ARGS,
    });
  })();
  return connection;
}

/** Closes the windows' contexts and lets go of Chromium (closes it if the stand-in launched it). */
export async function disconnectBrowser(): Promise<void> {
  if (!connection) return;
  const browser = await connection.catch(() => null);
  await browser?.close().catch(() => undefined);
}
