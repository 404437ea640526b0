/**
 * Contacts: a virtualized, paged list with search and an opt-out toggle, and the start forms
 * of the kinds that change contacts (a CSV import). Those run as tasks; their cards show here.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIST_SEARCH_MAX } from '../../../common/ipc/contract.ts';
import type { BusinessId, Contact } from '../../../common/model.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { SearchIcon } from '../components/Icons.tsx';
import { PagedRows, TaskCardList, useListTasks } from '../components/ListScreen.tsx';
import { useFormat } from '../i18n/format.ts';
import { isolate } from '../lib/bidi.ts';
import { useAction } from '../lib/use-action.ts';
import { useDebounced, usePagedRows } from '../lib/use-paged-rows.ts';
import { useApi } from '../store/index.ts';
import { useKindViews } from '../tasks/views-context.tsx';

type OptFilter = 'all' | 'subscribed' | 'optedOut';

export function ContactsScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 250);
  const [opt, setOpt] = useState<OptFilter>('all');

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.invoke('contacts:list', {
        businessId,
        offset,
        limit,
        ...(search ? { search } : {}),
        ...(opt === 'all' ? {} : { optedOut: opt === 'optedOut' }),
      }),
    [api, businessId, search, opt],
  );
  const cache = usePagedRows<Contact>(`${businessId}|${search}|${opt}`, fetchPage);

  // Tasks that change contacts (imports), the running ones and the latest finished one; when one finishes, the list has new rows.
  const { taskIds: importIds } = useListTasks(businessId, 'contacts', cache);
  const startForms = useKindViews()
    .all()
    .flatMap((view) => (view.listedOn === 'contacts' && view.startForm ? [{ id: view.facts.id, StartForm: view.startForm }] : []));

  const toggling = useAction(async (contact: Contact) => {
    const updated = await api.invoke('contacts:setOptOut', { businessId, contactId: contact.id, optedOut: !contact.optedOut });
    cache.patch((c) => c.id === updated.id, updated);
  });

  return (
    <section className="screen" aria-labelledby="contacts-title">
      <div className="screen__head">
        <h2 id="contacts-title" className="screen__title">
          {t('contacts.title')}
        </h2>
        <span className="panel__count">
          {cache.total === null ? '' : t('contacts.count', { count: cache.total, n: fmt.integer(cache.total) })}
        </span>
      </div>

      {startForms.map(({ id, StartForm }) => (
        <StartForm key={id} businessId={businessId} />
      ))}
      <TaskCardList businessId={businessId} taskIds={importIds} />

      <section className="panel" aria-label={t('contacts.listLabel')}>
        <div className="toolbar">
          <label className="field field--inline field--grow search">
            <SearchIcon />
            <span className="visually-hidden">{t('contacts.search')}</span>
            <input
              className="input input--small"
              type="search"
              placeholder={t('contacts.searchPlaceholder')}
              value={searchText}
              maxLength={LIST_SEARCH_MAX}
              onChange={(e) => setSearchText(e.target.value)}
            />
          </label>
          <div className="field field--inline">
            <label className="field__label" htmlFor="contacts-opt-filter">
              {t('contacts.show')}
            </label>
            <select id="contacts-opt-filter" className="input input--small" value={opt} onChange={(e) => setOpt(e.target.value as OptFilter)}>
              <option value="all">{t('contacts.filter.all')}</option>
              <option value="subscribed">{t('contacts.filter.subscribed')}</option>
              <option value="optedOut">{t('contacts.filter.optedOut')}</option>
            </select>
          </div>
        </div>
        <ErrorNote error={cache.error} />
        <ErrorNote error={toggling.error} onDismiss={toggling.clearError} />
        <PagedRows
          empty={search || opt !== 'all' ? t('contacts.noMatch') : t('contacts.empty')}
          cache={cache}
          rowHeight={52}
          label={t('contacts.listLabel')}
          className="contacts"
          head={
            <div className="contact-row contact-row--head">
              <span>{t('contacts.col.name')}</span>
              <span>{t('contacts.col.phone')}</span>
              <span>{t('contacts.col.fields')}</span>
              <span>{t('contacts.col.optOut')}</span>
            </div>
          }
          renderRow={(contact) => (
            <div className={contact.optedOut ? 'contact-row contact-row--out' : 'contact-row'}>
              <bdi className="contact-row__name">{contact.name || t('contacts.noName')}</bdi>
              <span className="contact-row__phone" dir="ltr">
                {contact.phone}
              </span>
              <span className="contact-row__fields">
                {Object.entries(contact.fields).map(([k, v], i) => (
                  <span key={k}>
                    {i > 0 ? ' · ' : ''}
                    <bdi>{`${k}: ${v}`}</bdi>
                  </span>
                ))}
              </span>
              <label className="switch">
                <input type="checkbox" role="switch" checked={contact.optedOut} onChange={() => void toggling.run(contact)} />
                <span className="switch__track" aria-hidden="true" />
                <span className="visually-hidden">{t('contacts.optOutLabel', { name: isolate(contact.name || contact.phone) })}</span>
                <span className="switch__text" aria-hidden="true">
                  {contact.optedOut ? t('contacts.optedOut') : t('contacts.subscribed')}
                </span>
              </label>
            </div>
          )}
        />
      </section>
    </section>
  );
}
