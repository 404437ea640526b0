/**
 * In-page instruments for bench/renderer-perf.ts, exposed as window.__bench: React
 * commits (from the <Profiler> around the app), frame gaps (requestAnimationFrame),
 * long tasks and long animation frames (PerformanceObserver), CSS transition events,
 * the JS heap (performance.memory), the time from the first `tasks:items` answer to
 * the first painted list rows, and scripted scrolling. Raw numbers go back to Node;
 * the statistics are computed there.
 */
import type { ProfilerOnRenderCallback } from 'react';
import type { ItemState } from '../../common/model.ts';
import type { AppStore } from '../../renderer/src/store/index.ts';
import type { BenchApi, ItemsRequest } from './bench-api.ts';
import { Series } from './series.ts';

export interface CommitRecord {
  /** Profiler actualDuration: time spent rendering the tree for this commit. */
  actualMs: number;
  /** commitTime - startTime: from React starting the render to the commit. */
  wallMs: number;
  commitTime: number;
}

interface LoafEntry extends PerformanceEntry {
  blockingDuration: number;
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: { invoker: string; duration: number; sourceFunctionName: string; forcedStyleAndLayoutDuration: number }[];
}

/** A long animation frame (over 50 ms), with the scripts that took the most of it. */
export interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  renderMs: number;
  styleLayoutMs: number;
  scripts: { invoker: string; ms: number; fn: string; forcedLayoutMs: number }[];
}

export interface WindowData {
  /** performance.now() at the start of the window. */
  startedAt: number;
  durationMs: number;
  /** rAF-to-rAF gaps in ms. */
  gaps: number[];
  longTasks: { start: number; duration: number }[];
  longFrames: LongFrame[];
  commits: CommitRecord[];
  /** Snapshot pushes delivered in the window and the time their listeners took. */
  pushListenerMs: number[];
  /** transitionrun/start/cancel/end events that reached the document (CSS transitions restarted). */
  transitionEvents: number;
  /** usedJSHeapSize in MB, every 500 ms. */
  heapMb: { at: number; mb: number }[];
}

export interface OpenResult {
  navToRequestMs: number;
  requestToAnswerMs: number;
  answerToRowsInDomMs: number;
  answerToFrameMs: number;
  answerToPaintMs: number;
  navToPaintMs: number;
  rowsInDom: number;
  realRows: number;
  commits: number;
  commitActualMs: number;
  requests: { offset: number; limit: number }[];
}

export interface ScrollResult extends WindowData {
  frames: number;
  distancePx: number;
  scrollHeightPx: number;
  rowsInDom: { max: number; min: number; end: number };
  /** Share of rows shown as placeholders, averaged over the frames. */
  placeholderShare: number;
  /** From the last scripted scroll to no placeholder on screen (the pages fetched where it stopped). */
  settleMs: number | null;
  requestsDuringScroll: { offset: number; limit: number }[];
  requestsToSettle: { offset: number; limit: number }[];
}

export interface BenchHandle {
  ready(): boolean;
  cards(): number;
  streamedIds(): number[];
  startStreaming(perTaskPerSecond: number): void;
  stopStreaming(): void;
  startWindow(): void;
  endWindow(): WindowData;
  heapMb(): number;
  /** Store versions vs the versions pushed, for every streamed task. */
  checkVersions(): { tasks: number; matching: number };
  openDetails(taskId: number, itemState?: ItemState): Promise<OpenResult>;
  closeDetails(): Promise<void>;
  scroll(kind: 'fling' | 'sweep'): Promise<ScrollResult>;
  itemsRequests(): ItemsRequest[];
  commitCount(): number;
}

declare global {
  interface Window {
    __bench?: BenchHandle;
  }
  interface Performance {
    /** Chromium only; precise with --enable-precise-memory-info. */
    memory?: { usedJSHeapSize: number; totalJSHeapSize: number };
  }
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const heapMb = () => (performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : NaN);
const compact = (r: ItemsRequest) => ({ offset: r.offset, limit: r.limit });

export function createProbe(api: BenchApi, store: AppStore): { onRender: ProfilerOnRenderCallback; handle: BenchHandle } {
  const commits = new Series(['actualMs', 'wallMs', 'commitTime'] as const);
  let transitionEvents = 0;
  for (const type of ['transitionrun', 'transitionstart', 'transitioncancel', 'transitionend']) {
    window.addEventListener(type, () => transitionEvents++, { capture: true, passive: true });
  }
  const longTasks: { start: number; duration: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the bench reports none.
  }

  const loafs: LongFrame[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as LoafEntry[]) {
        loafs.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          renderMs: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          styleLayoutMs: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
          scripts: e.scripts
            .map((x) => ({ invoker: x.invoker, ms: Math.round(x.duration), fn: x.sourceFunctionName, forcedLayoutMs: Math.round(x.forcedStyleAndLayoutDuration) }))
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 3),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // No LoAF API.
  }

  const onRender: ProfilerOnRenderCallback = (_id, _phase, actualDuration, _base, startTime, commitTime) => {
    commits.push({ actualMs: actualDuration, wallMs: commitTime - startTime, commitTime });
  };

  /** A measuring window: a rAF loop for frame gaps (optionally driving each frame) and heap samples. */
  function recorder(drive?: (frameIndex: number) => boolean) {
    const start = performance.now();
    const gaps: number[] = [];
    const heap: { at: number; mb: number }[] = [{ at: 0, mb: heapMb() }];
    const sampler = setInterval(() => heap.push({ at: performance.now() - start, mb: heapMb() }), 500);
    let running = true;
    let last = -1;
    let n = 0;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    const tick = (t: number) => {
      if (!running) return;
      if (last >= 0) gaps.push(t - last);
      last = t;
      if (drive && !drive(n++)) {
        running = false;
        finish();
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const pushesFrom = api.pushes.length;
    const transitionsFrom = transitionEvents;
    return {
      done,
      stop(): WindowData {
        running = false;
        clearInterval(sampler);
        const end = performance.now();
        heap.push({ at: end - start, mb: heapMb() });
        return {
          startedAt: start,
          durationMs: end - start,
          gaps,
          longTasks: longTasks.filter((l) => l.start >= start && l.start < end),
          longFrames: loafs.filter((l) => l.start >= start && l.start < end),
          commits: commits.rows(0, 'commitTime', start, end),
          pushListenerMs: api.pushes.column('listenerMs', pushesFrom),
          transitionEvents: transitionEvents - transitionsFrom,
          heapMb: heap,
        };
      },
    };
  }

  let open: ReturnType<typeof recorder> | null = null;

  const handle: BenchHandle = {
    cards: () => document.querySelectorAll('article.task-card').length,
    ready: () => handle.cards() >= api.streamedIds().length,
    streamedIds: () => api.streamedIds(),
    startStreaming: (perSecond) => api.startStreaming(perSecond),
    stopStreaming: () => api.stopStreaming(),
    heapMb,
    itemsRequests: () => api.itemsRequests.slice(),
    commitCount: () => commits.length,

    startWindow() {
      open = recorder();
    },
    endWindow() {
      if (!open) throw new Error('no window open');
      const data = open.stop();
      open = null;
      return data;
    },

    checkVersions() {
      const pushed = api.pushedVersions();
      const held = store.getState().tasksByBusiness;
      let matching = 0;
      for (const [id, version] of Object.entries(pushed)) {
        const snapshot = Object.values(held).find((tasks) => tasks[Number(id)])?.[Number(id)];
        if (snapshot?.version === version) matching++;
      }
      return { tasks: Object.keys(pushed).length, matching };
    },

    openDetails(taskId, itemState) {
      return new Promise<OpenResult>((resolve, reject) => {
        const root = document.getElementById('root');
        if (!root) return reject(new Error('#root is missing'));
        const requestsFrom = api.itemsRequests.length;
        const commitsFrom = commits.length;
        let answer: ItemsRequest | null = null;
        let rowsAt = 0;
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error('list rows were not painted within 10 s'));
        }, 10_000);
        api.onItemsAnswer = (r) => {
          if (!answer && r.taskId === taskId) answer = r;
        };
        const observer = new MutationObserver(() => {
          if (!answer || rowsAt) return;
          if (!root.querySelector('.vlist__scroller .vrow:not(.vrow--placeholder)')) return;
          // The commit that put rows in the DOM has happened; the next frame paints them.
          rowsAt = performance.now();
          observer.disconnect();
          requestAnimationFrame(() => {
            const frameAt = performance.now();
            // A task queued during the frame runs after that frame's paint.
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              const paintedAt = performance.now();
              clearTimeout(timeout);
              api.onItemsAnswer = null;
              const a = answer!;
              const answeredAt = a.answeredAt ?? NaN;
              const shown = root.querySelectorAll('.vlist__scroller .vrow');
              const opened = commits.rows(commitsFrom);
              resolve({
                navToRequestMs: a.askedAt - navAt,
                requestToAnswerMs: answeredAt - a.askedAt,
                answerToRowsInDomMs: rowsAt - answeredAt,
                answerToFrameMs: frameAt - answeredAt,
                answerToPaintMs: paintedAt - answeredAt,
                navToPaintMs: paintedAt - navAt,
                rowsInDom: shown.length,
                realRows: root.querySelectorAll('.vlist__scroller .vrow:not(.vrow--placeholder)').length,
                commits: opened.length,
                commitActualMs: opened.reduce((sum, c) => sum + c.actualMs, 0),
                requests: api.itemsRequests.slice(requestsFrom).map(compact),
              });
            };
            channel.port2.postMessage(null);
          });
        });
        observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
        const navAt = performance.now();
        store.getState().navigate(itemState ? { screen: 'task', taskId, itemState } : { screen: 'task', taskId });
      });
    },

    async closeDetails() {
      store.getState().navigate({ screen: 'tasks' });
      await frame();
      await frame();
    },

    async scroll(kind) {
      const scroller = document.querySelector<HTMLElement>('.vlist__scroller');
      const inner = scroller?.querySelector<HTMLElement>('.vlist__inner');
      if (!scroller || !inner) throw new Error('no list on screen');
      const bottom = scroller.scrollHeight - scroller.clientHeight;
      const requestsFrom = api.itemsRequests.length;

      // fling: three flicks down, each starting at 3,000 px a frame and slowing by 6 % a
      // frame to a stop, 20 still frames after each. sweep: the scrollbar dragged from the
      // top to the bottom in 2 s, then back to the top in 1 s.
      const steps: number[] = [];
      if (kind === 'fling') {
        let top = scroller.scrollTop;
        for (let flick = 0; flick < 3; flick++) {
          for (let v = 3000; v > 2; v *= 0.94) steps.push((top = Math.min(bottom, top + v)));
          for (let i = 0; i < 20; i++) steps.push(top);
        }
      } else {
        for (let i = 1; i <= 120; i++) steps.push((bottom * i) / 120);
        for (let i = 1; i <= 60; i++) steps.push(bottom * (1 - i / 60));
      }

      const rows: number[] = [];
      let placeholderShare = 0;
      let distance = 0;
      const run = recorder((i) => {
        const count = inner.childElementCount;
        rows.push(count);
        if (count > 0) placeholderShare += inner.querySelectorAll('.vrow--placeholder').length / count;
        const target = steps[i];
        if (target === undefined) return false;
        distance += Math.abs(target - scroller.scrollTop);
        scroller.scrollTop = target;
        return true;
      });
      await run.done;
      const data = run.stop();
      const restAt = performance.now();
      const requestsAtRest = api.itemsRequests.length;
      let settleMs: number | null = null;
      while (performance.now() - restAt < 5000) {
        await frame();
        if (inner.childElementCount > 0 && !inner.querySelector('.vrow--placeholder')) {
          settleMs = performance.now() - restAt;
          break;
        }
      }
      return {
        ...data,
        frames: steps.length,
        distancePx: Math.round(distance),
        scrollHeightPx: scroller.scrollHeight,
        rowsInDom: { max: Math.max(...rows), min: Math.min(...rows), end: inner.childElementCount },
        placeholderShare: rows.length ? placeholderShare / rows.length : 0,
        settleMs,
        requestsDuringScroll: api.itemsRequests.slice(requestsFrom, requestsAtRest).map(compact),
        requestsToSettle: api.itemsRequests.slice(requestsAtRest).map(compact),
      };
    },
  };
  return { onRender, handle };
}
