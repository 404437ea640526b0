/**
 * Tray, Menu and nativeImage: the tray's tooltip and context menu are recorded each
 * time main sets them, and the harness can click the tray or one of its menu items
 * (as a user would) through a command.
 */
import { EventEmitter } from 'node:events';
import { preventableEvent } from './events.ts';
import { record } from './records.ts';

interface MenuItemOptions {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  visible?: boolean;
  checked?: boolean;
  role?: string;
  click?: (...args: unknown[]) => void;
  submenu?: MenuItemOptions[] | Menu;
}

export class MenuItem {
  readonly label: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly visible: boolean;
  readonly checked: boolean;
  readonly click: ((...args: unknown[]) => void) | undefined;
  readonly submenu: Menu | null;

  constructor(options: MenuItemOptions) {
    this.label = options.label ?? '';
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.click = options.click;
    this.submenu = options.submenu instanceof Menu ? options.submenu : options.submenu ? Menu.buildFromTemplate(options.submenu) : null;
  }
}

let applicationMenu: Menu | null = null;

export class Menu extends EventEmitter {
  readonly items: MenuItem[] = [];

  static buildFromTemplate(template: (MenuItemOptions | MenuItem)[]): Menu {
    const menu = new Menu();
    for (const entry of template) menu.append(entry instanceof MenuItem ? entry : new MenuItem(entry));
    return menu;
  }

  static setApplicationMenu(menu: Menu | null): void {
    applicationMenu = menu;
    record('menu', { call: 'setApplicationMenu', items: menu ? describe(menu) : null });
  }

  static getApplicationMenu(): Menu | null {
    return applicationMenu;
  }

  append(item: MenuItem): void {
    this.items.push(item);
  }

  popup(): void {}
  closePopup(): void {}
}

export function describe(menu: Menu): { label: string; type: string; enabled: boolean }[] {
  return menu.items.map((item) => ({ label: item.label, type: item.type, enabled: item.enabled }));
}

export class NativeImage {
  private readonly representations: { scaleFactor: number; width: number; height: number }[] = [];

  constructor(width: number, height: number, scaleFactor = 1) {
    if (width > 0 && height > 0) this.representations.push({ scaleFactor, width, height });
  }

  addRepresentation(options: { scaleFactor?: number; width?: number; height?: number }): void {
    this.representations.push({ scaleFactor: options.scaleFactor ?? 1, width: options.width ?? 0, height: options.height ?? 0 });
  }

  getSize(): { width: number; height: number } {
    const first = this.representations[0];
    return first ? { width: first.width, height: first.height } : { width: 0, height: 0 };
  }

  isEmpty(): boolean {
    return this.representations.length === 0;
  }

  getScaleFactors(): number[] {
    return this.representations.map((r) => r.scaleFactor);
  }

  setTemplateImage(): void {}
}

export const nativeImage = {
  createEmpty: (): NativeImage => new NativeImage(0, 0),
  createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): NativeImage {
    if (buffer.length !== options.width * options.height * 4) throw new Error('Bitmap size does not match width and height');
    return new NativeImage(options.width, options.height, options.scaleFactor);
  },
  createFromBuffer: (_buffer: Buffer, options?: { width?: number; height?: number }): NativeImage => new NativeImage(options?.width ?? 16, options?.height ?? 16),
  createFromPath: (): NativeImage => new NativeImage(16, 16),
  createFromDataURL: (): NativeImage => new NativeImage(16, 16),
};

export const trays = new Set<Tray>();

export class Tray extends EventEmitter {
  private menu: Menu | null = null;
  private destroyed = false;
  tooltip = '';

  constructor(image: NativeImage | string) {
    super();
    trays.add(this);
    record('tray', { event: 'created', image: typeof image === 'string' ? image : image.getSize() });
  }

  setToolTip(text: string): void {
    this.tooltip = text;
    record('tray', { event: 'tooltip', tooltip: text });
  }

  setImage(image: NativeImage | string): void {
    record('tray', { event: 'image', image: typeof image === 'string' ? image : image.getSize() });
  }

  setTitle(): void {}

  setContextMenu(menu: Menu | null): void {
    this.menu = menu;
    record('tray', { event: 'menu', items: menu ? describe(menu) : null });
  }

  /** A user's click on the tray icon. */
  userClick(): void {
    this.emit('click', preventableEvent(), { x: 0, y: 0, width: 16, height: 16 }, { x: 0, y: 0 });
  }

  /** A user's choice in the tray menu; false when there is no such enabled item. */
  userChoose(label: string): boolean {
    const item = this.menu?.items.find((i) => i.label === label && i.enabled && i.visible);
    if (!item) return false;
    record('tray', { event: 'chosen', label });
    item.click?.(item, undefined, preventableEvent());
    return true;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    trays.delete(this);
    record('tray', { event: 'destroyed' });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}
