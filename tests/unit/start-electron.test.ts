/**
 * `npm start` on a fresh checkout (issue 17): the launcher downloads Electron with
 * Electron's own installer only when the binary is missing, then starts electron-vite with
 * it. No network here: a stand-in electron package whose install.js behaves like the real
 * one (writes dist/<executable> and path.txt, or fails with a stack trace), and a stand-in
 * executable that records how it was started.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../scripts/start-electron.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  // electron-vite preview --skipBuild launches what out/ holds; npm test builds first.
  if (!existsSync(join(projectRoot, 'out', 'main', 'index.js'))) {
    execFileSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: projectRoot,
      stdio: 'ignore',
    });
  }
}, 180_000);

/** A shell script that writes its working folder and arguments, one a line, to $RECORD. */
const STAND_IN = '#!/bin/sh\nprintf "%s\\n" "$PWD" "$@" > "$RECORD"\n';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taskdeck-start-'));
  dirs.push(dir);
  return dir;
}

function writeStandIn(file: string): void {
  writeFileSync(file, STAND_IN);
  chmodSync(file, 0o755);
}

/** An electron package like the real one after `npm ci`: no dist/, no path.txt. */
function fakeElectronPackage(installer: 'works' | 'fails'): { dir: string; marker: string } {
  const dir = tempDir();
  const marker = join(dir, 'installer-ran');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  const works = `
const fs = require('node:fs'); const path = require('node:path');
fs.writeFileSync(${JSON.stringify(marker)}, process.env.ELECTRON_MIRROR || 'default');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(STAND_IN)}, { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v45.4.1');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;
  // What Electron's install.js prints when @electron/get cannot reach GitHub.
  const fails = `
require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');
console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13\\n    at async FetchDownloader.download (file:///x/FetchDownloader.js:46:30)');
process.exit(1);
`;
  writeFileSync(join(dir, 'install.js'), installer === 'works' ? works : fails);
  return { dir, marker };
}

function recorded(file: string): { cwd: string; args: string[] } {
  const [cwd = '', ...args] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { cwd, args };
}

async function start(electronDir: string, env: NodeJS.ProcessEnv = {}) {
  const record = join(tempDir(), 'record.txt');
  const logs: string[] = [];
  const { ELECTRON_OVERRIDE_DIST_PATH: _drop, ...base } = process.env;
  const code = await launch({
    mode: 'preview',
    args: ['--skipBuild', '--logLevel', 'silent'],
    projectRoot,
    electronDir,
    env: { ...base, RECORD: record, ...env },
    log: (text) => logs.push(text),
  });
  return { code, record, log: logs.join('\n') };
}

describe('npm start on a fresh checkout (scripts/start-electron.ts)', () => {
  it('runs Electron\'s installer when path.txt is absent, then starts Electron on the built app', async () => {
    const pkg = fakeElectronPackage('works');
    const { code, record, log } = await start(pkg.dir, { ELECTRON_MIRROR: 'https://mirror.example/electron/' });
    expect(code).toBe(0);
    // The installer ran, with the owner's mirror setting passed through.
    expect(readFileSync(pkg.marker, 'utf8')).toBe('https://mirror.example/electron/');
    expect(log).toContain('downloading it');
    // The stand-in at dist/electron was started by electron-vite with the app folder.
    const run = recorded(record);
    expect(run.cwd).toBe(projectRoot);
    expect(run.args[0]).toBe('.');
    const main = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).main as string;
    expect(existsSync(join(run.cwd, main))).toBe(true);
  }, 60_000);

  it('says plainly what is missing when the download fails: non-zero exit, no stack trace, Electron not started', async () => {
    const pkg = fakeElectronPackage('fails');
    const { code, record, log } = await start(pkg.dir);
    expect(code).toBe(1);
    expect(existsSync(pkg.marker)).toBe(true);
    expect(existsSync(record)).toBe(false);
    expect(log).toContain('the Electron binary is not available');
    expect(log).toContain('fetch failed');
    expect(log).toContain('ELECTRON_MIRROR');
    expect(log).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(log).toContain('npm run cli');
    expect(log).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('runs no installer when the binary is already there', async () => {
    const pkg = fakeElectronPackage('works');
    mkdirSync(join(pkg.dir, 'dist'));
    writeStandIn(join(pkg.dir, 'dist', 'electron'));
    writeFileSync(join(pkg.dir, 'dist', 'version'), 'v45.4.1');
    writeFileSync(join(pkg.dir, 'path.txt'), 'electron');
    const { code, record, log } = await start(pkg.dir);
    expect(code).toBe(0);
    expect(existsSync(pkg.marker)).toBe(false);
    expect(log).toBe('');
    expect(recorded(record).args[0]).toBe('.');
  }, 60_000);

  it('downloads again when the package was upgraded past the binary it has', async () => {
    const pkg = fakeElectronPackage('works');
    mkdirSync(join(pkg.dir, 'dist'));
    writeStandIn(join(pkg.dir, 'dist', 'electron'));
    writeFileSync(join(pkg.dir, 'dist', 'version'), 'v44.0.0');
    writeFileSync(join(pkg.dir, 'path.txt'), 'electron');
    const { code, log } = await start(pkg.dir);
    expect(code).toBe(0);
    expect(existsSync(pkg.marker)).toBe(true);
    expect(log).toContain('the downloaded Electron is 44.0.0, the project needs 45.4.1');
  }, 60_000);

  it('uses an Electron unpacked elsewhere (ELECTRON_OVERRIDE_DIST_PATH) without downloading', async () => {
    const pkg = fakeElectronPackage('works');
    const elsewhere = tempDir();
    writeStandIn(join(elsewhere, 'electron'));
    const { code, record } = await start(pkg.dir, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere });
    expect(code).toBe(0);
    expect(existsSync(pkg.marker)).toBe(false);
    expect(recorded(record).args[0]).toBe('.');
  }, 60_000);

  it('an override that points nowhere is explained, not downloaded over', async () => {
    const pkg = fakeElectronPackage('works');
    const { code, log } = await start(pkg.dir, { ELECTRON_OVERRIDE_DIST_PATH: join(tempDir(), 'nothing-here') });
    expect(code).toBe(1);
    expect(existsSync(pkg.marker)).toBe(false);
    expect(log).toContain('ELECTRON_OVERRIDE_DIST_PATH is set, but');
  }, 60_000);
});
