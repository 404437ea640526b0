/**
 * The bench's entry, in place of renderer/src/main.tsx: the same Root, store and
 * i18n, but over the bench's fake window.taskdeck, with the whole app inside a React
 * <Profiler>, and the instruments on window.__bench. bench/renderer-perf.ts builds it
 * with react-dom/client aliased to react-dom/profiling, so onRender fires in a
 * production build. The renderer's own sources are not touched.
 */
import { Profiler, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANGUAGE_KEY, Root } from '../../renderer/src/App.tsx';
import { applyDocumentLanguage, createI18n } from '../../renderer/src/i18n/index.ts';
import { createAppStore } from '../../renderer/src/store/index.ts';
import { createBenchApi } from './bench-api.ts';
import { createProbe } from './probe.ts';

const RUNNING_TASKS = Number(new URLSearchParams(location.search).get('running') ?? 20);

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
localStorage.setItem(LANGUAGE_KEY, 'en');
applyDocumentLanguage('en');
const i18n = createI18n('en');
const api = createBenchApi();
await api.init(RUNNING_TASKS);
window.taskdeck = api;
const store = createAppStore(api, 'en');
const probe = createProbe(api, store);
window.__bench = probe.handle;

createRoot(container).render(
  <StrictMode>
    <Profiler id="app" onRender={probe.onRender}>
      <Root api={api} store={store} i18n={i18n} />
    </Profiler>
  </StrictMode>,
);
