/**
 * `npm run icon`: renders the app icon (build/icon.svg) to the PNGs that packaging and
 * the window use, with Chromium through playwright-core:
 * - build/icon.png, 1024×1024: electron-builder's source for macOS (.icns) and Windows (.ico);
 * - build/icons/<n>x<n>.png, 16 … 512: the Linux icon set (hicolor sizes), taken as is, and
 *   256×256 is also the window icon (main/electron/window-icon.ts).
 * Each size is rasterized from the vector, not scaled down from a big bitmap, so the small
 * ones keep the SVG's pixel grid. The PNGs are checked in: packaging never needs Chromium.
 *
 * Chromium: /usr/bin/chromium, or the executable named by TASKDECK_CHROMIUM.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_BASE_ARGS, DEFAULT_CHROMIUM } from './chromium-args.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'build', 'icon.svg');
const MASTER = { size: 1024, file: join(ROOT, 'build', 'icon.png') };
/**
 * The Linux sizes electron-builder recommends. Not 24: the 16-unit grid falls on half pixels
 * there, so a desktop scaling the 32 down looks no worse than a 24 of our own.
 */
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const CHROMIUM = process.env['TASKDECK_CHROMIUM'] || DEFAULT_CHROMIUM;
const CHROMIUM_ARGS = [
  ...CHROMIUM_BASE_ARGS,
  // Paint the SVG's colours as they are written (sRGB), whatever the machine's display profile.
  '--force-color-profile=srgb',
];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install it, or set TASKDECK_CHROMIUM)`);
  const svg = readFileSync(SOURCE);
  const targets = [MASTER, ...LINUX_SIZES.map((size) => ({ size, file: join(ROOT, 'build', 'icons', `${size}x${size}.png`) }))];
  mkdirSync(join(ROOT, 'build', 'icons'), { recursive: true });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: MASTER.size, height: MASTER.size }, deviceScaleFactor: 1 });
    // An <img> rasterizes the SVG at exactly its box size; nothing else is on the page.
    const source = `data:image/svg+xml;base64,${svg.toString('base64')}`;
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;background:transparent}img{display:block}</style></head>` +
        `<body><img id="icon" alt=""></body></html>`,
    );
    for (const { size, file } of targets) {
      await page.evaluate(
        async ({ src, px }) => {
          const img = document.getElementById('icon') as HTMLImageElement;
          img.width = px;
          img.height = px;
          img.src = src;
          await img.decode().catch(() => {
            throw new Error('Chromium cannot read build/icon.svg: is it well-formed XML (no "--" inside a comment)?');
          });
        },
        { src: source, px: size },
      );
      const png = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true, type: 'png' });
      const actual = pngSize(png);
      if (actual.width !== size || actual.height !== size) {
        throw new Error(`${relative(ROOT, file)}: rendered ${actual.width}×${actual.height}, expected ${size}×${size}`);
      }
      writeFileSync(file, png);
      console.log(`${relative(ROOT, file)}  ${size}×${size}  ${png.length} bytes`);
    }
  } finally {
    await browser.close();
  }
}

await main();
