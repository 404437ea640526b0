/**
 * Renderer performance (issue 3): the real renderer, built by Vite (production mode,
 * react-dom's profiling build) into a temp dir with a fake window.taskdeck
 * (bench/renderer-perf/), served on 127.0.0.1 and driven in headless Chromium.
 * Numbers, not pass/fail:
 * 0. the Tasks page at rest, for comparison;
 * 1. 20 running tasks each pushing 10 snapshots a second for ~10 s on the Tasks page:
 *    React commits (<Profiler> onRender), frame gaps, long tasks, main-thread and CPU
 *    time, JS heap at start, middle and end; again with prefers-reduced-motion;
 * 2. task details over 200,000 items: first `tasks:items` answer → first painted rows
 *    (quiet, then while the 20 tasks stream), the requests made (pages, never all at
 *    once), then a fling and a scrollbar sweep through the list.
 * Prints one JSON line per measurement, then a summary; runRendererPerf() returns it all.
 *
 *   ./node_modules/.bin/node bench/renderer-perf.ts [streamSeconds]
 *
 * Needs Chromium at /usr/bin/chromium (or TASKDECK_CHROMIUM). The machine's load is
 * part of the result: other work on a 2-core box shows up as long frames.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { OpenResult, ScrollResult, WindowData } from './renderer-perf/probe.ts';
import { CHROMIUM_BASE_ARGS, DEFAULT_CHROMIUM } from '../scripts/chromium-args.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.TASKDECK_CHROMIUM ?? DEFAULT_CHROMIUM;
const CHROMIUM_ARGS = [
  ...CHROMIUM_BASE_ARGS,
  '--enable-precise-memory-info',
];
const BIG_TASK = 11;
const FRAME_MS = 1000 / 60;

export interface RendererPerfOptions {
  streamSeconds?: number;
  runningTasks?: number;
  pushesPerTaskPerSecond?: number;
  /** How many times the details page is opened (quiet, then again while streaming). */
  opens?: number;
  /** Each measurement as it lands (one JSON line); default console.log. */
  log?: (line: string) => void;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

function pct(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const spread = (values: readonly number[], digits = 1) => {
  const r = digits === 2 ? r2 : r1;
  return { p50: r(pct(values, 50)), p95: r(pct(values, 95)), max: r(values.length ? Math.max(...values) : NaN) };
};

function frames(gaps: readonly number[]) {
  return {
    frames: gaps.length,
    gap_ms: spread(gaps),
    // rAF times are vsync-aligned; a gap of 16.8 is jitter, a missed frame is ≥ 33.
    over_16_7ms: gaps.filter((g) => g > FRAME_MS + 0.5).length,
    over_50ms: gaps.filter((g) => g > 50).length,
  };
}

function longTasks(data: WindowData) {
  const d = data.longTasks.map((l) => l.duration);
  return {
    count: d.length,
    total_ms: r1(d.reduce((a, b) => a + b, 0)),
    max_ms: r1(d.length ? Math.max(...d) : 0),
    // When they happened (ms into the window), to tell a stall of the machine from steady work.
    at_ms: data.longTasks.slice(0, 10).map((l) => ({ at: Math.round(l.start - data.startedAt), ms: Math.round(l.duration) })),
  };
}

/** Long animation frames (> 50 ms, LoAF API): the worst five, with what took the time. */
function longFrames(data: WindowData) {
  return {
    count: data.longFrames.length,
    worst: [...data.longFrames]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 5)
      .map((l) => ({ at: Math.round(l.start - data.startedAt), ms: Math.round(l.duration), rendering_ms: Math.round(l.renderMs), scripts: l.scripts })),
  };
}

function commits(data: WindowData) {
  return {
    count: data.commits.length,
    per_s: r1(data.commits.length / (data.durationMs / 1000)),
    actual_ms: spread(data.commits.map((c) => c.actualMs), 2),
    render_to_commit_ms: spread(data.commits.map((c) => c.wallMs), 2),
    over_16ms: data.commits.filter((c) => c.actualMs > 16).length,
  };
}

function heap(data: WindowData) {
  const s = data.heapMb;
  const mid = s[Math.floor(s.length / 2)]!;
  return {
    start_mb: r1(s[0]!.mb),
    middle_mb: r1(mid.mb),
    end_mb: r1(s.at(-1)!.mb),
    min_mb: r1(Math.min(...s.map((x) => x.mb))),
    max_mb: r1(Math.max(...s.map((x) => x.mb))),
  };
}

/** Builds the renderer with the bench entry into `dir`/dist (Vite, production mode). */
async function buildRenderer(dir: string): Promise<string> {
  const site = join(dir, 'site');
  const dist = join(dir, 'dist');
  mkdirSync(site, { recursive: true });
  const html = readFileSync(join(REPO, 'renderer/index.html'), 'utf8');
  const styles = 'href="./src/styles.css"';
  const entry = 'src="./src/main.tsx"';
  if (!html.includes(styles) || !html.includes(entry)) throw new Error('renderer/index.html changed: update bench/renderer-perf.ts');
  writeFileSync(
    join(site, 'index.html'),
    html.replace(styles, `href="${join(REPO, 'renderer/src/styles.css')}"`).replace(entry, `src="${join(REPO, 'bench/renderer-perf/boot.tsx')}"`),
  );
  await build({
    root: site,
    configFile: false,
    envDir: false,
    mode: 'production',
    logLevel: 'warn',
    cacheDir: join(dir, 'vite-cache'),
    base: './',
    plugins: [react()],
    // The profiling build of react-dom: production code paths, with <Profiler> timings.
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir: dist, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4096 },
  });
  return dist;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.startsWith(root + sep) && existsSync(path) && !path.endsWith(sep) ? path : join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Metrics = Record<string, number>;
type CpuTimes = Record<string, number>;

/** CPU used by Chromium's processes between two readings, in % of one core: contention-proof, unlike wall times. */
function cpuShare(a: CpuTimes, b: CpuTimes, seconds: number) {
  const delta = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Math.max(0, v - (a[k] ?? 0))]));
  const of = (prefix: string) => Object.entries(delta).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  const pctOf = (v: number) => r1((v / seconds) * 100);
  return {
    page_renderer: pctOf(Math.max(0, ...of('renderer:'))),
    gpu_process: pctOf(of('GPU:').reduce((x, y) => x + y, 0)),
    browser: pctOf(of('browser:').reduce((x, y) => x + y, 0)),
    all: pctOf(Object.values(delta).reduce((x, y) => x + y, 0)),
  };
}

/** Renderer main-thread time between two CDP Performance.getMetrics readings. */
function mainThread(a: Metrics, b: Metrics) {
  const seconds = (b.Timestamp ?? 0) - (a.Timestamp ?? 0);
  const perS = (name: string) => ((b[name] ?? 0) - (a[name] ?? 0)) * 1000 / seconds;
  const task = perS('TaskDuration');
  const script = perS('ScriptDuration');
  const style = perS('RecalcStyleDuration');
  const layout = perS('LayoutDuration');
  return {
    busy_pct: r1(task / 10),
    // The same at 60 frames a second: how much of a 16.7 ms frame the main thread used.
    busy_ms_per_frame: r1(task / 60),
    script_ms_per_s: r1(script),
    style_ms_per_s: r1(style),
    layout_ms_per_s: r1(layout),
    // Paint, compositing updates, IPC and the rest.
    other_ms_per_s: r1(task - script - style - layout),
  };
}

function scrollValue(s: ScrollResult, main: ReturnType<typeof mainThread>, cpu: ReturnType<typeof cpuShare>) {
  return {
    scripted_frames: s.frames,
    distance_px: s.distancePx,
    list_height_px: s.scrollHeightPx,
    ...frames(s.gaps),
    long_tasks: longTasks(s),
    long_animation_frames: longFrames(s),
    react_commits: commits(s),
    main_thread: main,
    cpu_pct: cpu,
    rows_in_dom: s.rowsInDom,
    placeholder_share: r2(s.placeholderShare),
    items_requests_during_scroll: s.requestsDuringScroll,
    items_requests_to_settle: s.requestsToSettle,
    settle_ms: s.settleMs === null ? null : r1(s.settleMs),
    heap: heap(s),
  };
}

export async function runRendererPerf(options: RendererPerfOptions = {}) {
  const streamSeconds = options.streamSeconds ?? 10;
  const running = options.runningTasks ?? 20;
  const perSecond = options.pushesPerTaskPerSecond ?? 10;
  const opens = options.opens ?? 5;
  const log = options.log ?? ((line: string) => console.log(line));
  const emit = (measurement: string, value: object) => log(JSON.stringify({ bench: 'renderer', measurement, ...value }));

  const loadBefore = r2(loadavg()[0]!);
  const dir = mkdtempSync(join(tmpdir(), 'taskdeck-renderer-perf-'));
  let server: Server | null = null;
  let browser: Browser | null = null;
  try {
    const buildStart = performance.now();
    const dist = await buildRenderer(dir);
    const buildMs = performance.now() - buildStart;
    server = await serve(dist);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    const page = await browser.newPage({ viewport: { width: 1360, height: 880 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`http://127.0.0.1:${port}/?running=${running}`);
    await page.waitForFunction(() => window.__bench?.ready() === true, null, { timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const browserCdp = await browser.newBrowserCDPSession();
    const cpuTimes = async (): Promise<CpuTimes> =>
      Object.fromEntries((await browserCdp.send('SystemInfo.getProcessInfo')).processInfo.map((p) => [`${p.type}:${p.id}`, p.cpuTime]));
    const metrics = async (): Promise<Metrics> =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const gcHeap = async (p: Page) => {
      await cdp.send('HeapProfiler.collectGarbage');
      return r1(await p.evaluate(() => window.__bench!.heapMb()));
    };
    const streaming = async (on: boolean) => {
      if (on) await page.evaluate((n) => window.__bench!.startStreaming(n), perSecond);
      else await page.evaluate(() => window.__bench!.stopStreaming());
    };
    /** A measured window of `seconds` on whatever the page is doing. */
    const measure = async (seconds: number) => {
      const before = await metrics();
      const cpuBefore = await cpuTimes();
      await page.evaluate(() => window.__bench!.startWindow());
      await sleep(seconds * 1000);
      const data = await page.evaluate(() => window.__bench!.endWindow());
      return { data, main: mainThread(before, await metrics()), cpu: cpuShare(cpuBefore, await cpuTimes(), data.durationMs / 1000) };
    };

    await sleep(1000);
    const setup = await page.evaluate(() => ({ cards: window.__bench!.cards(), streamed: window.__bench!.streamedIds().length, commits: window.__bench!.commitCount() }));
    if (setup.commits === 0) throw new Error('the <Profiler> reported no commits: is react-dom/profiling in the build?');

    // 0. The Tasks page at rest (the same cards, no pushes), for comparison.
    const idle = await measure(3);
    const idleValue = {
      cards: setup.cards,
      seconds: r1(idle.data.durationMs / 1000),
      react_commits: idle.data.commits.length,
      ...frames(idle.data.gaps),
      long_tasks: longTasks(idle.data).count,
      main_thread: idle.main,
      cpu_pct: idle.cpu,
    };
    emit('tasks_page_idle', idleValue);

    // 1. The Tasks page while 20 tasks stream.
    const heapBefore = await gcHeap(page);
    await streaming(true);
    await sleep(1000); // warm up: every stream has started
    const live = await measure(streamSeconds);
    const versions = await page.evaluate(() => window.__bench!.checkVersions());
    await streaming(false);
    await sleep(300);
    const heapAfter = await gcHeap(page);
    const stream = {
      running_tasks: setup.streamed,
      cards: setup.cards,
      seconds: r1(live.data.durationMs / 1000),
      pushes: live.data.pushListenerMs.length,
      pushes_per_s: r1(live.data.pushListenerMs.length / (live.data.durationMs / 1000)),
      push_listener_ms: spread(live.data.pushListenerMs, 2),
      store_versions_current: `${versions.matching}/${versions.tasks}`,
      react_commits: commits(live.data),
      ...frames(live.data.gaps),
      long_tasks: longTasks(live.data),
      long_animation_frames: longFrames(live.data),
      main_thread: live.main,
      cpu_pct: live.cpu,
      css_transition_events: live.data.transitionEvents,
      heap: { ...heap(live.data), after_gc_before_mb: heapBefore, after_gc_after_mb: heapAfter },
    };
    emit(`tasks_page_${running}_tasks_x_${perSecond}_per_s`, stream);

    // 1b. The same with prefers-reduced-motion (styles.css then drops its animations and
    // transitions): what the progress-bar transitions and pulsing dots cost, apart from React.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const stillIdle = await measure(3);
    await streaming(true);
    await sleep(1000);
    const still = await measure(streamSeconds);
    await streaming(false);
    await page.emulateMedia({ reducedMotion: null });
    const streamReducedMotion = {
      pushes_per_s: r1(still.data.pushListenerMs.length / (still.data.durationMs / 1000)),
      react_commits: commits(still.data),
      ...frames(still.data.gaps),
      long_tasks: longTasks(still.data).count,
      main_thread: still.main,
      cpu_pct: still.cpu,
      css_transition_events: still.data.transitionEvents,
      idle_page: { ...frames(stillIdle.data.gaps), main_thread: stillIdle.main, cpu_pct: stillIdle.cpu },
    };
    emit(`tasks_page_${running}_tasks_x_${perSecond}_per_s_reduced_motion`, streamReducedMotion);

    // 2a. Details over 200,000 items: first answer → first painted rows.
    const openMany = async (label: string, withStreams: boolean) => {
      if (withStreams) await streaming(true);
      await sleep(withStreams ? 1000 : 300);
      const results: OpenResult[] = [];
      for (let i = 0; i < opens; i++) {
        results.push(await page.evaluate((id) => window.__bench!.openDetails(id), BIG_TASK));
        await sleep(500);
        await page.evaluate(() => window.__bench!.closeDetails());
        await sleep(300);
      }
      if (withStreams) await streaming(false);
      const pick = (f: (o: OpenResult) => number) => results.map(f);
      const value = {
        opens: results.length,
        first_open_answer_to_paint_ms: r1(results[0]!.answerToPaintMs),
        answer_to_paint_ms: spread(pick((o) => o.answerToPaintMs)),
        answer_to_rows_in_dom_ms: spread(pick((o) => o.answerToRowsInDomMs)),
        answer_to_frame_ms: spread(pick((o) => o.answerToFrameMs)),
        nav_to_paint_ms: spread(pick((o) => o.navToPaintMs)),
        fake_ipc_ms: r1(pct(pick((o) => o.requestToAnswerMs), 50)),
        commits_until_paint: spread(pick((o) => o.commits)),
        render_ms_until_paint: spread(pick((o) => o.commitActualMs)),
        rows_in_dom: results[0]!.rowsInDom,
        real_rows: results[0]!.realRows,
        items_requests_until_paint: results.map((o) => o.requests),
      };
      emit(label, value);
      return value;
    };
    const openQuiet = await openMany('details_first_paint_200k', false);
    const openStreaming = await openMany(`details_first_paint_200k_while_${running}_stream`, true);

    // 2b. Scrolling the 200,000-row list.
    await page.evaluate((id) => window.__bench!.openDetails(id), BIG_TASK);
    await sleep(1000);
    const scrollHeapBefore = await gcHeap(page);
    const scroll = async (kind: 'fling' | 'sweep') => {
      const before = await metrics();
      const cpuBefore = await cpuTimes();
      const result = await page.evaluate((k) => window.__bench!.scroll(k), kind);
      const value = scrollValue(result, mainThread(before, await metrics()), cpuShare(cpuBefore, await cpuTimes(), result.durationMs / 1000));
      emit(`details_${kind}_200k`, value);
      await sleep(500);
      return value;
    };
    const scrolls = { fling: await scroll('fling'), sweep: await scroll('sweep') };
    const scrollHeapAfter = await gcHeap(page);

    const requests = await page.evaluate(() => window.__bench!.itemsRequests());
    const paging = {
      items_requests: requests.length,
      limits: [...new Set(requests.map((r) => r.limit))].sort((a, b) => a - b),
      max_rows_in_one_answer: Math.max(...requests.map((r) => r.rows)),
      rows_fetched_in_all: requests.reduce((sum, r) => sum + r.rows, 0),
      distinct_pages: new Set(requests.map((r) => r.offset)).size,
      task_items: 200_000,
      heap_after_gc_before_scroll_mb: scrollHeapBefore,
      heap_after_gc_after_scroll_mb: scrollHeapAfter,
    };
    emit('details_paging_200k', paging);

    return {
      chromium: browser.version(),
      build_ms: Math.round(buildMs),
      // Other work on the machine shows up as longer frames: read the numbers with the load.
      machine: { cpus: cpus().length, load_avg_1m_before: loadBefore, load_avg_1m_after: r2(loadavg()[0]!) },
      react_build: 'react-dom/profiling (production)',
      tasks_page_idle: idleValue,
      stream,
      stream_reduced_motion: streamReducedMotion,
      details_first_paint: openQuiet,
      details_first_paint_while_streaming: openStreaming,
      details_scroll: scrolls,
      details_paging: paging,
      page_errors: errors,
    };
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await runRendererPerf({ streamSeconds: Number(process.argv[2] ?? 10) });
  const { stream: s, tasks_page_idle: idle, details_first_paint: q, details_first_paint_while_streaming: w, details_paging: p } = result;
  const { fling: f, sweep: sw } = result.details_scroll;
  console.log(
    [
      '',
      `Renderer perf — Chromium ${result.chromium}, ${result.react_build}, ${result.machine.cpus} CPUs, load ${result.machine.load_avg_1m_before} → ${result.machine.load_avg_1m_after}`,
      'goals (issue 3): frames under 16 ms while 20 tasks stream; list painted < 300 ms after data arrives',
      `- Tasks page, ${s.running_tasks} running tasks × ${r1(s.pushes_per_s / s.running_tasks)} snapshots/s for ${s.seconds} s (${s.pushes} pushes, store current ${s.store_versions_current}):`,
      `  React commits ${s.react_commits.count}, render p50 ${s.react_commits.actual_ms.p50} / p95 ${s.react_commits.actual_ms.p95} / max ${s.react_commits.actual_ms.max} ms;` +
        ` frames p50 ${s.gap_ms.p50} / p95 ${s.gap_ms.p95} / max ${s.gap_ms.max} ms, ${s.over_16_7ms} of ${s.frames} over 16.7 ms, ${s.over_50ms} over 50 ms; ${s.long_tasks.count} long tasks`,
      `  main thread ${s.main_thread.busy_pct} % busy, page renderer CPU ${s.cpu_pct.page_renderer} % of a core (idle page: ${idle.main_thread.busy_pct} %, ${idle.cpu_pct.page_renderer} %); heap ${s.heap.start_mb} → ${s.heap.middle_mb} → ${s.heap.end_mb} MB, after GC ${s.heap.after_gc_before_mb} → ${s.heap.after_gc_after_mb} MB`,
      `  with prefers-reduced-motion (no CSS transitions/animations): frames p95 ${result.stream_reduced_motion.gap_ms.p95} / max ${result.stream_reduced_motion.gap_ms.max} ms,` +
        ` ${result.stream_reduced_motion.over_50ms} over 50 ms, page renderer CPU ${result.stream_reduced_motion.cpu_pct.page_renderer} % (idle ${result.stream_reduced_motion.idle_page.cpu_pct.page_renderer} %)`,
      `- Details, 200,000 items: first tasks:items answer → rows painted p50 ${q.answer_to_paint_ms.p50} / max ${q.answer_to_paint_ms.max} ms` +
        ` (first open ${q.first_open_answer_to_paint_ms} ms; while streaming p50 ${w.answer_to_paint_ms.p50} / max ${w.answer_to_paint_ms.max} ms)`,
      `  paging: ${p.items_requests} tasks:items requests in all, limit ${p.limits.join('/')}, at most ${p.max_rows_in_one_answer} rows an answer, ${p.rows_fetched_in_all} rows fetched of 200,000`,
      `  fling: frames p50 ${f.gap_ms.p50} / p95 ${f.gap_ms.p95} / max ${f.gap_ms.max} ms, ${f.over_50ms} over 50 ms, ${f.rows_in_dom.max} rows in DOM at most;` +
        ` sweep top→bottom→top: p50 ${sw.gap_ms.p50} / p95 ${sw.gap_ms.p95} / max ${sw.gap_ms.max} ms; heap after GC ${p.heap_after_gc_before_scroll_mb} → ${p.heap_after_gc_after_scroll_mb} MB`,
      result.page_errors.length ? `- page errors: ${result.page_errors.join(' | ')}` : '- no page errors',
    ].join('\n'),
  );
}
