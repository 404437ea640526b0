/** Renderer entry: one store, one i18n instance, talking to main through window.taskdeck. */
// First: React Fast Refresh's dev preamble as a module. The strict CSP (script-src 'self')
// blocks the inline copy the React plugin puts in index.html; in a build this is empty.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Language } from '../../common/ipc/contract.ts';
import { LANGUAGE_KEY, Root } from './App.tsx';
import { applyDocumentLanguage, createI18n } from './i18n/index.ts';
import { createAppStore } from './store/index.ts';

function startLanguage(): Language {
  try {
    const remembered = localStorage.getItem(LANGUAGE_KEY);
    if (remembered === 'en' || remembered === 'he') return remembered;
  } catch {
    // fall through to the system language
  }
  return navigator.language.toLowerCase().startsWith('he') ? 'he' : 'en';
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const language = startLanguage();
applyDocumentLanguage(language);
const i18n = createI18n(language);
const api = window.taskdeck;

if (!api) {
  // Opened outside the app (no preload): say so instead of failing silently.
  container.textContent = i18n.t('app.noBridge');
} else {
  const store = createAppStore(api, language);
  createRoot(container).render(
    <StrictMode>
      <Root api={api} store={store} i18n={i18n} />
    </StrictMode>,
  );
}
