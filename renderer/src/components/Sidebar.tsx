/** Businesses: switch, add, rename. Settings sits at the bottom (it is app-wide). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUSINESS_NAME_MAX } from '../../../common/ipc/contract.ts';
import type { Business } from '../../../common/model.ts';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import { useAction } from '../lib/use-action.ts';
import { useAppStore } from '../store/index.ts';
import { selectStatusCount } from '../store/selectors.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { CheckIcon, DismissIcon, PencilIcon, PlusIcon, SettingsIcon } from './Icons.tsx';

export function Sidebar() {
  const { t } = useTranslation();
  const businesses = useAppStore((s) => s.businesses);
  const status = useAppStore((s) => s.businessesStatus);
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const loadBusinesses = useAppStore((s) => s.loadBusinesses);
  const createBusiness = useAppStore((s) => s.createBusiness);
  const [adding, setAdding] = useState(false);

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          T
        </span>
        <span className="brand__name">{t('app.name')}</span>
      </div>

      <h2 className="sidebar__heading" id="businesses-heading">
        {t('sidebar.businesses')}
      </h2>
      {status.state === 'error' ? (
        <div className="sidebar__error">
          <ErrorNote error={status.error} />
          <button type="button" className="btn btn--small" onClick={() => void loadBusinesses()}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      <ul className="business-list" aria-labelledby="businesses-heading">
        {businesses.map((b) => (
          <BusinessRow key={b.id} business={b} />
        ))}
      </ul>

      {adding ? (
        <BusinessNameForm
          label={t('sidebar.newName')}
          initial=""
          submitLabel={t('sidebar.add')}
          onDone={() => setAdding(false)}
          save={createBusiness}
        />
      ) : (
        <button type="button" className="btn btn--ghost sidebar__add" onClick={() => setAdding(true)}>
          <PlusIcon />
          {t('sidebar.addBusiness')}
        </button>
      )}

      <div className="sidebar__spacer" />
      <button
        type="button"
        className="nav-item"
        aria-current={route.screen === 'settings' ? 'page' : undefined}
        onClick={() => navigate({ screen: 'settings' })}
      >
        <SettingsIcon />
        {t('nav.settings')}
      </button>
    </nav>
  );
}

function BusinessRow({ business }: { business: Business }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const selected = useAppStore((s) => s.selectedBusinessId === business.id);
  const running = useAppStore(selectStatusCount(business.id, ['running']));
  const selectBusiness = useAppStore((s) => s.selectBusiness);
  const navigate = useAppStore((s) => s.navigate);
  const route = useAppStore((s) => s.route);
  const renameBusiness = useAppStore((s) => s.renameBusiness);
  const [renaming, setRenaming] = useState(false);

  if (renaming) {
    return (
      <li className="business business--editing">
        <BusinessNameForm
          label={t('sidebar.renameLabel', { name: isolate(business.name) })}
          initial={business.name}
          submitLabel={t('common.save')}
          onDone={() => setRenaming(false)}
          save={(name) => renameBusiness(business.id, name)}
        />
      </li>
    );
  }
  return (
    <li className={selected ? 'business business--selected' : 'business'}>
      <button
        type="button"
        className="business__switch"
        aria-current={selected && route.screen !== 'settings' ? 'true' : undefined}
        onClick={() => {
          selectBusiness(business.id);
          if (route.screen === 'settings') navigate({ screen: 'tasks' });
        }}
      >
        <span className="business__initial" aria-hidden="true">
          {business.name.trim().charAt(0).toLocaleUpperCase()}
        </span>
        <bdi className="business__name">{business.name}</bdi>
        {running > 0 ? (
          <span className="business__running" title={t('header.running', { count: running, n: fmt.integer(running) })}>
            <span className="visually-hidden">{t('header.running', { count: running, n: fmt.integer(running) })}</span>
          </span>
        ) : null}
      </button>
      <button
        type="button"
        className="icon-btn business__rename"
        aria-label={t('sidebar.rename', { name: isolate(business.name) })}
        onClick={() => setRenaming(true)}
      >
        <PencilIcon />
      </button>
    </li>
  );
}

function BusinessNameForm(props: {
  label: string;
  initial: string;
  submitLabel: string;
  onDone(): void;
  save(name: string): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(props.initial);
  const [empty, setEmpty] = useState(false);
  const saving = useAction(async (value: string) => {
    await props.save(value);
    props.onDone();
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setEmpty(true);
      return;
    }
    void saving.run(name);
  }

  return (
    <form className="business-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && props.onDone()}>
      <input
        className="input input--small"
        aria-label={props.label}
        placeholder={props.label}
        value={name}
        maxLength={BUSINESS_NAME_MAX}
        autoFocus
        aria-invalid={empty || undefined}
        onChange={(e) => {
          setName(e.target.value);
          setEmpty(false);
        }}
      />
      <button type="submit" className="icon-btn" aria-label={props.submitLabel} disabled={saving.busy}>
        <CheckIcon />
      </button>
      <button type="button" className="icon-btn" aria-label={t('common.cancel')} onClick={props.onDone}>
        <DismissIcon />
      </button>
      {empty ? <p className="field__error">{t('sidebar.nameRequired')}</p> : null}
      <ErrorNote error={saving.error} />
    </form>
  );
}
