/**
 * The bench's window.taskdeck (runs in the page): the sample backend of
 * tests/renderer/fixtures/sample-api.ts with its own pushes frozen, plus
 * - 20 running tasks in the first business (the sample's two running ones and 18 more
 *   broadcasts) that the bench streams: each pushes a real, version-increasing
 *   TaskSnapshot through the `tasks:snapshot` listeners on its own timer, as main's
 *   per-task throttle delivers them (one IPC message each, at most 10 a second);
 * - a log of every `tasks:items` request (offset, limit, when asked, when answered),
 *   and a hook called the moment an answer is handed back to the renderer.
 * Streams never complete during a run, so the set of cards stays the same.
 */
import { verbatim } from '../../common/messages.ts';
import type { TaskdeckApi } from '../../common/ipc/api.ts';
import type { RequestChannel } from '../../common/ipc/channels.ts';
import type { EventOf, RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import type { Page, TaskItem, TaskSnapshot } from '../../common/model.ts';
import { ZERO_COUNTERS } from '../../common/model.ts';
import { createSampleApi } from '../../tests/renderer/fixtures/sample-api.ts';
import { Series } from './series.ts';

export const BENCH_BUSINESS = 1;
/** The sample's 200,000-recipient running broadcast. */
export const BIG_TASK = 11;

export interface ItemsRequest {
  taskId: number;
  offset: number;
  limit: number;
  askedAt: number;
  answeredAt: number | null;
  rows: number;
}

export interface BenchApi extends TaskdeckApi {
  /** Loads the sample's tasks and adds the extra running ones; call before the app starts. */
  init(runningTasks: number): Promise<void>;
  startStreaming(perTaskPerSecond: number): void;
  stopStreaming(): void;
  streamedIds(): number[];
  /** The version last pushed for each streamed task. */
  pushedVersions(): Record<number, number>;
  readonly itemsRequests: ItemsRequest[];
  /** Every push: when it was delivered and how long the listeners (the store) took. */
  readonly pushes: Series<'at' | 'listenerMs'>;
  /** Called right before a `tasks:items` answer is handed to the renderer. */
  onItemsAnswer: ((request: ItemsRequest) => void) | null;
}

/** mulberry32: the same run every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES = ['Branch reminder', 'Order ready', 'Weekly menu', 'Delivery window', 'Feedback request', 'Loyalty points'];

export function createBenchApi(): BenchApi {
  const base = createSampleApi({ language: 'en', pushRate: 0 });
  const random = seeded(20260611);
  const listeners = new Set<(s: TaskSnapshot) => void>();
  /** Streamed tasks: the latest snapshot of each, and its nominal rate. */
  const streamed = new Map<number, { snapshot: TaskSnapshot; rate: number }>();
  const timers: ReturnType<typeof setTimeout>[] = [];
  const itemsRequests: ItemsRequest[] = [];
  const pushes = new Series(['at', 'listenerMs'] as const);

  const delay = () => new Promise((resolve) => setTimeout(resolve, 30));

  function emit(snapshot: TaskSnapshot): void {
    const start = performance.now();
    for (const listener of listeners) listener(snapshot);
    pushes.push({ at: start, listenerMs: performance.now() - start });
  }

  function advance(id: number, perSecond: number): void {
    const entry = streamed.get(id);
    if (!entry) return;
    const t = entry.snapshot;
    const step = Math.max(1, Math.round((t.rate ?? entry.rate) / perSecond));
    const processed = Math.min(t.counters.total - 1, t.counters.processed + step);
    const failed = t.counters.failed + (random() < 0.05 ? 1 : 0);
    const k = t.counters;
    const next: TaskSnapshot = {
      ...t,
      counters: { ...k, processed, failed, succeeded: processed - failed - k.skipped - k.cancelled - k.inDoubt },
      rate: Math.min(entry.rate * 1.2, Math.max(entry.rate * 0.8, (t.rate ?? entry.rate) * (0.95 + random() * 0.1))),
      updatedAt: Date.now(),
      version: t.version + 1,
    };
    entry.snapshot = next;
    emit(next);
  }

  const api: BenchApi = {
    itemsRequests,
    pushes,
    onItemsAnswer: null,

    async init(runningTasks) {
      const sample = await base.invoke('tasks:list', { businessId: BENCH_BUSINESS });
      for (const t of sample) if (t.status === 'running') streamed.set(t.id, { snapshot: t, rate: t.rate ?? 10 });
      const now = Date.now();
      for (let id = 101; streamed.size < runningTasks; id++) {
        const total = 20_000 + Math.floor(random() * 80_000);
        const processed = Math.floor(total * (0.1 + random() * 0.6));
        const failed = Math.floor(processed * 0.004);
        const rate = 20 + Math.round(random() * 60);
        const snapshot: TaskSnapshot = {
          id,
          businessId: BENCH_BUSINESS,
          kind: 'broadcast',
          title: verbatim(`${TITLES[id % TITLES.length]} #${id - 100}`),
          status: 'running',
          waitReason: null,
          lastError: null,
          counters: { ...ZERO_COUNTERS, total, processed, failed, succeeded: processed - failed },
          cancelRequested: false,
          pauseRequested: false,
          attempts: 1,
          crashCount: 0,
          rate,
          createdAt: now - 7_200_000,
          startedAt: now - Math.floor((processed / rate) * 1000),
          finishedAt: null,
          updatedAt: now,
          version: 1,
        };
        streamed.set(id, { snapshot, rate });
      }
    },

    startStreaming(perSecond) {
      api.stopStreaming();
      const ids = [...streamed.keys()];
      const every = 1000 / perSecond;
      // Staggered, one timer per task: the pushes arrive spread out, one message each.
      ids.forEach((id, i) => {
        timers.push(
          setTimeout(() => {
            advance(id, perSecond);
            timers.push(setInterval(() => advance(id, perSecond), every));
          }, (i * every) / ids.length),
        );
      });
    },

    stopStreaming() {
      for (const timer of timers.splice(0)) {
        clearTimeout(timer);
        clearInterval(timer);
      }
    },

    streamedIds: () => [...streamed.keys()],
    pushedVersions: () => Object.fromEntries([...streamed].map(([id, e]) => [id, e.snapshot.version])),

    async invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      switch (channel) {
        case 'tasks:list': {
          const r = request as RequestOf<'tasks:list'>;
          const list = (await base.invoke('tasks:list', r)).map((t) => streamed.get(t.id)?.snapshot ?? t);
          const known = new Set(list.map((t) => t.id));
          for (const { snapshot } of streamed.values()) {
            if (known.has(snapshot.id) || snapshot.businessId !== r.businessId) continue;
            if ((r.kind && snapshot.kind !== r.kind) || (r.status && snapshot.status !== r.status)) continue;
            list.push(snapshot);
          }
          return list.sort((a, b) => b.id - a.id) as ResponseOf<C>;
        }
        case 'tasks:get': {
          const held = streamed.get((request as RequestOf<'tasks:get'>).taskId);
          if (!held) return base.invoke(channel, request);
          await delay();
          return held.snapshot as ResponseOf<C>;
        }
        case 'tasks:items': {
          const r = request as RequestOf<'tasks:items'>;
          const entry: ItemsRequest = { taskId: r.taskId, offset: r.offset ?? 0, limit: r.limit ?? 200, askedAt: performance.now(), answeredAt: null, rows: 0 };
          itemsRequests.push(entry);
          let page: Page<TaskItem>;
          if (r.taskId >= 101) {
            // The extra tasks have no items in the sample backend.
            await delay();
            page = { rows: [], total: 0, offset: entry.offset };
          } else {
            page = await base.invoke('tasks:items', r);
          }
          entry.rows = page.rows.length;
          entry.answeredAt = performance.now();
          performance.mark('tasks:items answered', { detail: { offset: entry.offset, limit: entry.limit } });
          api.onItemsAnswer?.(entry);
          return page as ResponseOf<C>;
        }
        default:
          return base.invoke(channel, request);
      }
    },

    on<E extends 'tasks:snapshot'>(channel: E, listener: (payload: EventOf<E>) => void) {
      listeners.add(listener);
      // The sample still emits for what its handlers create (e.g. a new broadcast).
      const off = base.on(channel, listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
  };
  return api;
}
