/**
 * The window: businesses on the side, the selected business's header and page.
 * `Root` wires a store, an API and an i18n instance together (main.tsx and tests).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { TaskdeckApi } from '../../common/ipc/api.ts';
import { BUSINESS_NAME_MAX } from '../../common/ipc/contract.ts';
import { ErrorNote } from './components/ErrorNote.tsx';
import { Header } from './components/Header.tsx';
import { Sidebar } from './components/Sidebar.tsx';
import { applyDocumentLanguage } from './i18n/index.ts';
import { useAction } from './lib/use-action.ts';
import { AccountsScreen } from './screens/AccountsScreen.tsx';
import { ContactsScreen } from './screens/ContactsScreen.tsx';
import { ReceiptsScreen } from './screens/ReceiptsScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import { TaskDetailsScreen } from './screens/TaskDetailsScreen.tsx';
import { TasksScreen } from './screens/TasksScreen.tsx';
import { ApiContext, connectStore, StoreContext, useAppStore, type AppStore } from './store/index.ts';
import type { KindViews } from './tasks/registry.ts';
import { KindViewsProvider, useKindViews } from './tasks/views-context.tsx';

export const LANGUAGE_KEY = 'taskdeck.language';

export interface RootProps {
  api: TaskdeckApi;
  store: AppStore;
  i18n: I18n;
  /** The task kinds the window knows; the shipped ones unless a test adds its own. */
  views?: KindViews;
}

export function Root({ api, store, i18n, views }: RootProps) {
  useEffect(() => connectStore(store, api), [store, api]);
  return (
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>
        <I18nextProvider i18n={i18n}>
          <LanguageSync i18n={i18n} />
          {views ? (
            <KindViewsProvider views={views}>
              <App />
            </KindViewsProvider>
          ) : (
            <App />
          )}
        </I18nextProvider>
      </StoreContext.Provider>
    </ApiContext.Provider>
  );
}

/** The store's language drives i18next and `<html lang dir>`. */
function LanguageSync({ i18n }: { i18n: I18n }) {
  const language = useAppStore((s) => s.language);
  useEffect(() => {
    void i18n.changeLanguage(language);
    applyDocumentLanguage(language);
    try {
      localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Only a start-up hint; settings in main stay the truth.
    }
  }, [i18n, language]);
  return null;
}

export function App() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const main = useRef<HTMLElement>(null);
  // A new page starts at its top, not where the previous one was scrolled to.
  useEffect(() => {
    if (main.current) main.current.scrollTop = 0;
  }, [route]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Sidebar />
      <div className="workspace">
        <Header />
        <main id="main" ref={main} className="content" tabIndex={-1}>
          <Page />
        </main>
      </div>
    </div>
  );
}

function Page(): ReactNode {
  const route = useAppStore((s) => s.route);
  const businessId = useAppStore((s) => s.selectedBusinessId);
  const businessesStatus = useAppStore((s) => s.businessesStatus);
  const hasBusinesses = useAppStore((s) => s.businesses.length > 0);
  const { t } = useTranslation();

  if (route.screen === 'settings') return <SettingsScreen />;
  if (businessesStatus.state === 'ready' && !hasBusinesses) return <Welcome />;
  if (businessId === null) return businessesStatus.state === 'error' ? null : <p className="muted">{t('common.loading')}</p>;
  switch (route.screen) {
    case 'tasks':
      return <TasksScreen key={businessId} businessId={businessId} />;
    case 'compose':
      return <Composer key={businessId} businessId={businessId} kind={route.kind} />;
    case 'contacts':
      return <ContactsScreen key={businessId} businessId={businessId} />;
    case 'receipts':
      return <ReceiptsScreen key={businessId} businessId={businessId} />;
    case 'accounts':
      return <AccountsScreen key={businessId} businessId={businessId} />;
    case 'task':
      return <TaskDetailsScreen key={`${businessId}:${route.taskId}`} businessId={businessId} taskId={route.taskId} itemState={route.itemState} />;
  }
}

/** The composer of the kind asked for, or of the first kind that has one (the header's "New broadcast"). */
function Composer({ businessId, kind }: { businessId: number; kind?: string | undefined }) {
  const view = useKindViews()
    .all()
    .find((v) => v.composer && (kind === undefined || v.facts.id === kind));
  const Screen = view?.composer;
  return Screen ? <Screen businessId={businessId} /> : null;
}

function Welcome() {
  const { t } = useTranslation();
  const createBusiness = useAppStore((s) => s.createBusiness);
  const [name, setName] = useState('');
  const [empty, setEmpty] = useState(false);
  // On success the new business is selected and this page makes way for its tasks.
  const creating = useAction(createBusiness);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setEmpty(true);
      return;
    }
    void creating.run(name);
  }

  return (
    <section className="welcome card" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{t('welcome.title')}</h2>
      <p className="muted">{t('welcome.body')}</p>
      <form onSubmit={submit} noValidate className="input-row">
        <label className="visually-hidden" htmlFor="welcome-name">
          {t('welcome.nameLabel')}
        </label>
        <input
          id="welcome-name"
          className="input"
          value={name}
          maxLength={BUSINESS_NAME_MAX}
          placeholder={t('welcome.namePlaceholder')}
          aria-invalid={empty || undefined}
          onChange={(e) => {
            setName(e.target.value);
            setEmpty(false);
          }}
        />
        <button type="submit" className="btn btn--primary" disabled={creating.busy}>
          {t('welcome.create')}
        </button>
      </form>
      {empty ? <p className="field__error">{t('sidebar.nameRequired')}</p> : null}
      <ErrorNote error={creating.error} />
    </section>
  );
}
