/** The selected business, how many of its tasks are running, and the page tabs. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format.ts';
import { useAppStore } from '../store/index.ts';
import type { Route } from '../store/nav.ts';
import { selectSelectedBusiness, selectStatusCount } from '../store/selectors.ts';
import { ChatIcon, ListIcon, ReceiptIcon, SendIcon, UsersIcon } from './Icons.tsx';

const TABS = [
  { screen: 'tasks', icon: ListIcon },
  { screen: 'compose', icon: SendIcon },
  { screen: 'contacts', icon: UsersIcon },
  { screen: 'receipts', icon: ReceiptIcon },
  { screen: 'accounts', icon: ChatIcon },
] as const;

export function Header() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const business = useAppStore(selectSelectedBusiness);
  const running = useAppStore((s) => selectStatusCount(s.selectedBusinessId, ['running'])(s));
  const waiting = useAppStore((s) => selectStatusCount(s.selectedBusinessId, ['waiting', 'interrupted', 'queued'])(s));
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const current: Route['screen'] = route.screen === 'task' ? 'tasks' : route.screen;

  return (
    <header className="topbar">
      <div className="topbar__row">
        <h1 className="topbar__title">{business ? <bdi>{business.name}</bdi> : t('app.name')}</h1>
        {business ? (
          <p className="topbar__status" aria-live="polite">
            <span className={running > 0 ? 'live-pill live-pill--on' : 'live-pill'} data-testid="running-count">
              <span className="live-pill__dot" aria-hidden="true" />
              {running > 0 ? t('header.running', { count: running, n: fmt.integer(running) }) : t('header.noneRunning')}
            </span>
            {waiting > 0 ? <span className="topbar__waiting">{t('header.waiting', { count: waiting, n: fmt.integer(waiting) })}</span> : null}
          </p>
        ) : null}
      </div>
      {business ? (
        <nav className="tabs" aria-label={t('nav.label')}>
          {TABS.map(({ screen, icon: Icon }) => (
            <button
              key={screen}
              type="button"
              className="tab"
              aria-current={current === screen ? 'page' : undefined}
              onClick={() => navigate({ screen })}
            >
              <Icon />
              {t(`nav.${screen}`)}
            </button>
          ))}
        </nav>
      ) : null}
    </header>
  );
}
