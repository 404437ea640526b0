/**
 * Debian's Chromium as every headless use here launches it (e2e stand-in, screenshots,
 * renderer bench, icon rendering): no sandbox (these machines run as root in a container),
 * no GPU, and nothing that reaches for the network on its own (only loopback exists).
 * Each caller adds its own switches.
 */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_BASE_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
