/**
 * What the stand-in saw: windows, IPC, notifications, power blockers, processes,
 * dialogs. Kept in memory and, when the harness started this process with an IPC
 * channel, streamed to it as it happens (so a SIGKILLed host loses nothing it said).
 */
export interface StandInRecord {
  at: number;
  kind: string;
  [field: string]: unknown;
}

/** Envelope on the host's IPC channel, so stand-in traffic is told from anything else. */
export const RECORD_TAG = 'taskdeck-stand-in:record';
export const COMMAND_TAG = 'taskdeck-stand-in:command';

export type StandInCommand =
  | { tag: typeof COMMAND_TAG; command: 'quit' }
  | { tag: typeof COMMAND_TAG; command: 'close-windows' }
  | { tag: typeof COMMAND_TAG; command: 'power'; event: 'suspend' | 'resume' | 'shutdown' | 'lock-screen' | 'unlock-screen' }
  | { tag: typeof COMMAND_TAG; command: 'tray-click' }
  | { tag: typeof COMMAND_TAG; command: 'tray-menu'; label: string };

export const records: StandInRecord[] = [];
let inFlight = 0;
const drained: (() => void)[] = [];

export function record(kind: string, fields: Record<string, unknown> = {}): void {
  const entry: StandInRecord = { at: Date.now(), kind, ...fields };
  records.push(entry);
  if (!process.send || !process.connected) return;
  inFlight++;
  try {
    process.send({ tag: RECORD_TAG, record: entry }, () => settle());
  } catch {
    settle();
  }
}

function settle(): void {
  inFlight--;
  if (inFlight === 0) for (const resolve of drained.splice(0)) resolve();
}

/** Resolves when every record has reached the harness (or after a second at most). */
export function flushRecords(): Promise<void> {
  if (inFlight === 0 || !process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    drained.push(resolve);
    setTimeout(resolve, 1000).unref();
  });
}

export function isCommand(message: unknown): message is StandInCommand {
  return typeof message === 'object' && message !== null && (message as { tag?: unknown }).tag === COMMAND_TAG;
}
