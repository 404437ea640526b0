/**
 * `node --import ./tests/e2e/electron-stand-in/register.ts out/main/index.js` runs the
 * built main process with `electron` resolved to this stand-in.
 */
import { register } from 'node:module';

register('./hooks.ts', import.meta.url);
