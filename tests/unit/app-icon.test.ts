/**
 * The app icon as packaging sees it: the checked-in PNGs (rendered from build/icon.svg by
 * `npm run icon`) have the sizes their names say, electron-builder.yml points each
 * platform at them and passes its own schema, electron-builder's resolver takes the Linux
 * set as is, and the window icon that main/electron/window.ts loads is packed.
 *
 * It uses electron-builder's own code (app-builder-lib), so it checks what a release
 * build would do, without Electron or the network.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOW_ICON, windowIconPath } from '../../main/electron/window-icon.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

const requireBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = requireBuilder('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  directories: { buildResources?: string };
  files: string[];
  mac: { icon?: string };
  win: { icon?: string };
  linux: { icon?: string };
}
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** Width, height and colour type from a PNG's IHDR chunk. */
function png(file: string): { width: number; height: number; colorType: number } {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  expect(data.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colorType: data[25]! };
}

describe('app icon', () => {
  it('has a 1024×1024 master with transparency and the Linux sizes, each as its name says', () => {
    expect(png(join(ROOT, 'build', 'icon.png'))).toEqual({ width: 1024, height: 1024, colorType: 6 });
    const names = readdirSync(join(ROOT, 'build', 'icons')).sort();
    expect(names).toEqual(LINUX_SIZES.map((n) => `${n}x${n}.png`).sort());
    for (const n of LINUX_SIZES) expect(png(join(ROOT, 'build', 'icons', `${n}x${n}.png`))).toEqual({ width: n, height: n, colorType: 6 });
  });

  it('is what electron-builder.yml gives each platform, and the config passes the schema', async () => {
    expect(config.directories.buildResources).toBe('build');
    expect(config.mac.icon).toBe('build/icon.png');
    expect(config.win.icon).toBe('build/icon.png');
    expect(config.linux.icon).toBe('build/icons');
    const { validateConfiguration } = requireBuilder('./out/util/config/config.js') as {
      validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('gives Linux the ready-made set, with no conversion step', async () => {
    const { convertIcon } = requireBuilder('./out/util/iconConverter.js') as {
      convertIcon(options: {
        sources: string[];
        fallbackSources: string[];
        roots: string[];
        format: string;
        outDir: string;
      }): Promise<{ icons: { file: string; size: number }[]; error?: string; isFallback?: boolean }>;
    };
    // As LinuxTargetHelper asks: linux.icon, then mac.icon; a conversion would need a download.
    const result = await convertIcon({
      sources: [config.linux.icon!, config.mac.icon!],
      fallbackSources: [],
      roots: [join(ROOT, 'build'), ROOT],
      format: 'set',
      outDir: join(tmpdir(), 'taskdeck-icon-test-never-written'),
    });
    expect(result.error).toBeUndefined();
    expect(result.isFallback).toBeFalsy();
    expect(result.icons.map(({ file, size }) => ({ file: relative(ROOT, file), size }))).toEqual(
      LINUX_SIZES.map((n) => ({ file: join('build', 'icons', `${n}x${n}.png`), size: n })),
    );
  });

  it('packs the window icon, and only that file of build/', () => {
    const { getMainFileMatchers } = requireBuilder('./out/fileMatcher.js') as {
      getMainFileMatchers(...args: unknown[]): { createFilter(): (file: string, stat: Stats) => boolean }[];
    };
    const info = { projectDir: ROOT, buildResourcesDir: join(ROOT, 'build'), isPrepackedAppAsar: false, config, debugLogger: { isEnabled: false } };
    const [matcher] = getMainFileMatchers(ROOT, '/app', (s: string) => s, {}, { info }, join(ROOT, 'release'), false);
    const packed = matcher!.createFilter();
    const isPacked = (path: string) => packed(join(ROOT, path), statSync(join(ROOT, path)));

    const windowIcon = join(...WINDOW_ICON);
    expect(existsSync(join(ROOT, windowIcon))).toBe(true);
    expect(png(join(ROOT, windowIcon))).toMatchObject({ width: 256, height: 256 });
    expect(isPacked('build')).toBe(true); // the folder is walked, for the one file in it
    expect(isPacked(windowIcon)).toBe(true);
    expect(isPacked(join('build', 'icon.svg'))).toBe(false);
    expect(isPacked(join('build', 'icon.png'))).toBe(false);
    expect(isPacked(join('build', 'icons', '512x512.png'))).toBe(false);
    expect(isPacked('package.json')).toBe(true);
    expect(isPacked('electron-builder.yml')).toBe(false);
  });

  it('sets the window icon where the OS would not show ours otherwise', () => {
    expect(windowIconPath(ROOT, 'linux', true)).toBe(join(ROOT, ...WINDOW_ICON));
    expect(windowIconPath(ROOT, 'linux', false)).toBe(join(ROOT, ...WINDOW_ICON));
    expect(windowIconPath(ROOT, 'win32', false)).toBe(join(ROOT, ...WINDOW_ICON));
    expect(windowIconPath(ROOT, 'win32', true)).toBeUndefined();
    expect(windowIconPath(ROOT, 'darwin', false)).toBeUndefined();
  });
});
