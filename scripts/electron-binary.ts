/**
 * Where the Electron executable is, and getting it when it is not there.
 *
 * From Electron 42 on, `npm install electron` no longer downloads the binary; Electron's
 * own entry point (`require('electron')`) or its `install-electron` command does, on first
 * use. electron-vite 5+ reads `node_modules/electron/path.txt` itself and throws
 * "Electron uninstall" when it is missing (alex8088/electron-vite#904), so `npm start`
 * must make sure of the binary first. We run Electron's own installer (install.js): it
 * honours ELECTRON_MIRROR, the download cache (electron_config_cache, default
 * ~/.cache/electron) and the checksums shipped in the package. Never a postinstall step:
 * `npm ci` stays offline-safe.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronLocation =
  | { kind: 'present'; executable: string; via: 'install' | 'override' }
  | { kind: 'missing'; why: string; override: boolean };

/** The executable's path inside an unpacked Electron, as Electron's install.js names it. */
export function platformExecutable(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Finds the binary the way Electron's own index.js does: ELECTRON_OVERRIDE_DIST_PATH first
 * (an Electron unpacked elsewhere), else `dist/<path.txt>` of the electron package, which
 * must be of the package's version (an upgrade of the package needs a new download).
 */
export function locateElectron(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronLocation {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executable = join(override, readText(join(electronDir, 'path.txt')) ?? platformExecutable(platform));
    return existsSync(executable)
      ? { kind: 'present', executable, via: 'override' }
      : { kind: 'missing', override: true, why: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${executable} does not exist` };
  }
  const relative = readText(join(electronDir, 'path.txt'));
  if (!relative) return { kind: 'missing', override: false, why: 'the Electron binary has not been downloaded yet' };
  const executable = join(electronDir, 'dist', relative);
  if (!existsSync(executable)) {
    return { kind: 'missing', override: false, why: `${executable} is missing` };
  }
  const wanted = packageVersion(electronDir);
  const have = readText(join(electronDir, 'dist', 'version'))?.replace(/^v/, '');
  if (wanted && have && wanted !== have) {
    return { kind: 'missing', override: false, why: `the downloaded Electron is ${have}, the project needs ${wanted}` };
  }
  return { kind: 'present', executable, via: 'install' };
}

export function packageVersion(electronDir: string): string | undefined {
  const text = readText(join(electronDir, 'package.json'));
  if (!text) return undefined;
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string'
    ? parsed.version
    : undefined;
}

export interface InstallOutcome {
  ok: boolean;
  /** The installer's own first line of complaint (an error's message, never its stack). */
  cause?: string;
}

/**
 * Runs Electron's install.js. Its progress bar (stderr, redrawn with \r) is passed through
 * so a slow download shows it is alive; anything else it prints is kept back, and on
 * failure only the first line of it (the error's message) is reported.
 */
export function runElectronInstaller(electronDir: string, env: NodeJS.ProcessEnv): Promise<InstallOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
      cwd: electronDir,
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let kept = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (chunk.includes('\r')) process.stderr.write(chunk);
      else if (kept.length < 64_000) kept += chunk;
    });
    child.on('error', (error) => resolve({ ok: false, cause: error.message }));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ ok: true });
      const first = kept
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line !== '' && !line.startsWith('at '));
      resolve({ ok: false, cause: first ?? (signal ? `stopped by ${signal}` : `exit code ${code}`) });
    });
  });
}

/** What the owner of a fresh checkout reads when the binary cannot be had: no stack trace. */
export function missingElectronMessage(location: Extract<ElectronLocation, { kind: 'missing' }>, cause?: string): string {
  const lines = [
    '',
    'Taskdeck cannot start: the Electron binary is not available.',
    `  Why: ${location.why}${cause ? ` (the download said: ${cause})` : ''}.`,
    '',
    'Three ways to get it:',
    '  1. With internet access, run `npm start` again: Electron\'s installer downloads it',
    '     once (about 100 MB, kept in ~/.cache/electron or $electron_config_cache).',
    '  2. Through a mirror: ELECTRON_MIRROR=https://your.mirror/electron/ npm start',
    '  3. An Electron 45 unpacked elsewhere: ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start',
    '',
    'Without it, the headless CLI runs the same engine: npm run cli -- --help',
    '',
  ];
  return lines.join('\n');
}
