/**
 * `npm start` / `npm run dev`: make sure the Electron binary is there, then hand over to
 * electron-vite (preview: build and launch; dev: dev server and launch).
 *
 *   node scripts/start-electron.ts preview [electron-vite flags…]
 *   node scripts/start-electron.ts dev [electron-vite flags…]
 *
 * The binary is checked before the build, so a missing one costs no build time; the
 * installer runs only when it is missing (nothing on later starts). electron-vite is
 * given the executable through ELECTRON_EXEC_PATH, which it reads before path.txt.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateElectron, missingElectronMessage, runElectronInstaller } from './electron-binary.ts';

export interface LaunchOptions {
  mode: 'preview' | 'dev';
  /** Flags passed on to electron-vite (e.g. --skipBuild). */
  args?: string[];
  projectRoot?: string;
  /** The electron npm package's folder (tests point it at a stand-in package). */
  electronDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (text: string) => void;
}

const projectRootDefault = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function launch(options: LaunchOptions): Promise<number> {
  const projectRoot = options.projectRoot ?? projectRootDefault;
  const env = { ...(options.env ?? process.env) };
  const log = options.log ?? ((text: string) => process.stderr.write(`${text}\n`));
  const electronDir =
    options.electronDir ?? dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'));

  let location = locateElectron(electronDir, env);
  if (location.kind === 'missing' && !location.override) {
    log(`Electron: ${location.why}; downloading it with Electron's installer…`);
    const installed = await runElectronInstaller(electronDir, env);
    const after = locateElectron(electronDir, env);
    if (!installed.ok || after.kind === 'missing') {
      log(missingElectronMessage(after.kind === 'missing' ? after : location, installed.cause));
      return 1;
    }
    location = after;
  }
  if (location.kind === 'missing') {
    log(missingElectronMessage(location));
    return 1;
  }

  const electronVite = join(
    dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [electronVite, options.mode, ...(options.args ?? [])], {
      cwd: projectRoot,
      env: { ...env, ELECTRON_EXEC_PATH: location.executable },
      stdio: 'inherit',
    });
    child.on('error', (error) => {
      log(`Could not start electron-vite: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode !== 'preview' && mode !== 'dev') {
    process.stderr.write('usage: node scripts/start-electron.ts preview|dev [electron-vite flags…]\n');
    process.exit(2);
  }
  process.exitCode = await launch({ mode, args });
}
