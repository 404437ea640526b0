/**
 * Where the window icon comes from. Kept free of Electron so a unit test can check it
 * against the checked-in PNGs and electron-builder.yml's `files`.
 */
import { join } from 'node:path';

/** The window icon, relative to the app folder (the repository, or app.asar when packaged). */
export const WINDOW_ICON = ['build', 'icons', '256x256.png'] as const;

/**
 * The window icon's path, or undefined where the OS takes the icon from elsewhere: macOS
 * ignores the option (the Dock shows the bundle's icon), and a packaged Windows app shows
 * its .exe's multi-size .ico, which Electron recommends over a PNG. Linux, and an
 * unpackaged app on Windows, would show Electron's own icon without it.
 *
 * `appPath` is app.getAppPath(), not this module's folder: it holds whichever chunk the
 * bundler puts this code in, and Electron reads the PNG from inside app.asar.
 */
export function windowIconPath(appPath: string, platform: NodeJS.Platform, packaged: boolean): string | undefined {
  if (platform === 'darwin' || (platform === 'win32' && packaged)) return undefined;
  return join(appPath, ...WINDOW_ICON);
}
