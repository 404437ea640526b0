/**
 * The tray icon, drawn in code (a white "T" on Taskdeck blue, with a green dot while
 * tasks run), so no image asset has to travel through the bundler.
 */
import { nativeImage, type NativeImage } from 'electron';

const BLUE = [0x25, 0x63, 0xeb];
const GREEN = [0x16, 0xa3, 0x4a];

function draw(size: number, busy: boolean): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const s = size / 16;
  const set = (x: number, y: number, [r, g, b]: number[], a = 255) => {
    const i = (y * size + x) * 4;
    // Electron bitmaps are BGRA.
    px[i] = b!;
    px[i + 1] = g!;
    px[i + 2] = r!;
    px[i + 3] = a;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x / s;
      const v = y / s;
      const corner = Math.min(u, 15.99 - u) < 2 && Math.min(v, 15.99 - v) < 2 && Math.hypot(Math.min(u, 15.99 - u) - 2, Math.min(v, 15.99 - v) - 2) > 2;
      if (corner) continue;
      const bar = v >= 3.5 && v < 5.5 && u >= 3.5 && u < 12.5;
      const stem = u >= 7 && u < 9 && v >= 3.5 && v < 12.5;
      const dot = busy && Math.hypot(u - 12.5, v - 12.5) < 2.6;
      set(x, y, dot ? GREEN : bar || stem ? [255, 255, 255] : BLUE);
    }
  }
  return px;
}

export function trayIcon(busy: boolean): NativeImage {
  const image = nativeImage.createFromBitmap(draw(16, busy), { width: 16, height: 16, scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, width: 32, height: 32, buffer: draw(32, busy) });
  return image;
}
