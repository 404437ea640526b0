/** Open windows, shared by `app` (quit closes them) and `BrowserWindow` (lists them). */
export interface WindowLike {
  focus(): void;
  /** Starts closing for a quit; false when the window prevented its 'close'. */
  closeForQuit(): boolean;
  /** Resolves when the window is closed and 'closed' was emitted. */
  whenGone(): Promise<void>;
  destroy(): void;
}

export const windows = new Set<WindowLike>();
