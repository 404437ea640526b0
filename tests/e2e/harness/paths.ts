/** Where things are: the repository, the build, the artifacts folder. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const OUT = join(REPO, 'out');
export const MAIN_ENTRY = join(OUT, 'main', 'index.js');
export const RENDERER_HTML = join(OUT, 'renderer', 'index.html');
export const PRELOAD = join(OUT, 'preload', 'index.cjs');
export const STAND_IN_REGISTER = join(REPO, 'tests', 'e2e', 'electron-stand-in', 'register.ts');
export const CLI = join(REPO, 'main', 'cli', 'bin.ts');
export const ARTIFACTS = join(REPO, 'tests', 'e2e', 'artifacts');
