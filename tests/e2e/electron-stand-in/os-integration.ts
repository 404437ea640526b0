/**
 * The OS-facing modules, as recorders: Notification (shown notifications),
 * powerSaveBlocker, powerMonitor (the harness can emit suspend/resume/shutdown),
 * dialog, shell (openExternal loads loopback URLs: system-browser.ts), nativeTheme, and
 * safeStorage (a reversible test double).
 */
import { EventEmitter } from 'node:events';
import { record } from './records.ts';
import { openInBrowser } from './system-browser.ts';

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }

  readonly title: string;
  readonly body: string;

  constructor(options: { title?: string; body?: string; silent?: boolean } = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
  }

  show(): void {
    record('notification', { title: this.title, body: this.body });
    this.emit('show');
  }

  close(): void {
    this.emit('close');
  }
}

let nextBlocker = 1;
const blockers = new Map<number, string>();

export const powerSaveBlocker = {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = nextBlocker++;
    blockers.set(id, type);
    record('power-save-blocker', { action: 'start', id, type });
    return id;
  },
  stop(id: number): boolean {
    const known = blockers.delete(id);
    record('power-save-blocker', { action: 'stop', id, known });
    return known;
  },
  isStarted(id: number): boolean {
    return blockers.has(id);
  },
};

class PowerMonitor extends EventEmitter {
  onBatteryPower = false;
  getSystemIdleState(): 'active' {
    return 'active';
  }
  getSystemIdleTime(): number {
    return 0;
  }
  isOnBatteryPower(): boolean {
    return false;
  }
}
export const powerMonitor = new PowerMonitor();

export const dialog = {
  showErrorBox(title: string, content: string): void {
    record('dialog', { call: 'showErrorBox', title, content });
    console.error(`[dialog] ${title}\n${content}`);
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as { message?: string } | undefined;
    record('dialog', { call: 'showMessageBox', message: options?.message });
    return { response: 0, checkboxChecked: false };
  },
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    record('dialog', { call: 'showOpenDialog' });
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog(): Promise<{ canceled: boolean; filePath: string }> {
    record('dialog', { call: 'showSaveDialog' });
    return { canceled: true, filePath: '' };
  },
};

export const shell = {
  /** Recorded; a loopback URL is also loaded, as the user's browser would (system-browser.ts). */
  async openExternal(url: string): Promise<void> {
    openInBrowser(url);
  },
  async openPath(path: string): Promise<string> {
    record('shell', { call: 'openPath', path });
    return '';
  },
  showItemInFolder(path: string): void {
    record('shell', { call: 'showItemInFolder', path });
  },
  beep(): void {},
};

class NativeTheme extends EventEmitter {
  themeSource: 'system' | 'light' | 'dark' = 'system';
  get shouldUseDarkColors(): boolean {
    return this.themeSource === 'dark';
  }
  readonly shouldUseHighContrastColors = false;
  readonly shouldUseInvertedColorScheme = false;
}
export const nativeTheme = new NativeTheme();

const SAFE_PREFIX = Buffer.from('stand-in-safe-storage:');

/** Not encryption: a marked, reversible encoding, so code paths run and nothing leaks in plain sight by accident. */
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return true;
  },
  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(true);
  },
  getSelectedStorageBackend(): string {
    return 'basic_text';
  },
  encryptString(plain: string): Buffer {
    const body = Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a);
    return Buffer.concat([SAFE_PREFIX, body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!Buffer.isBuffer(encrypted) || !encrypted.subarray(0, SAFE_PREFIX.length).equals(SAFE_PREFIX)) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
    return Buffer.from(encrypted.subarray(SAFE_PREFIX.length).map((byte) => byte ^ 0x5a)).toString('utf8');
  },
  encryptStringAsync(plain: string): Promise<Buffer> {
    return Promise.resolve(safeStorage.encryptString(plain));
  },
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    return Promise.resolve({ shouldReEncrypt: false, result: safeStorage.decryptString(encrypted) });
  },
};
