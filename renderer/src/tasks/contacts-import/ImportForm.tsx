/** The Contacts page's import form: a CSV path, started as a contacts-import task. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessId } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useAction } from '../../lib/use-action.ts';
import { useAppStore } from '../../store/index.ts';

export function ImportForm({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const startTask = useAppStore((s) => s.startTask);
  const [path, setPath] = useState('');
  const [empty, setEmpty] = useState(false);
  const importing = useAction(async (file: string) => {
    await startTask({ businessId, kind: 'contacts-import', input: { path: file } });
    setPath('');
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!path.trim()) {
      setEmpty(true);
      return;
    }
    void importing.run(path.trim());
  }

  return (
    <form className="card import-form" onSubmit={submit} noValidate>
      <div className={empty ? 'field field--invalid field--grow' : 'field field--grow'}>
        <label className="field__label" htmlFor="import-path">
          {t('contacts.importLabel')}
        </label>
        <div className="input-row">
          <input
            id="import-path"
            className="input input--mono"
            dir="ltr"
            value={path}
            placeholder={t('composer.csvPlaceholder')}
            aria-invalid={empty || undefined}
            aria-describedby="import-hint"
            onChange={(e) => {
              setPath(e.target.value);
              setEmpty(false);
            }}
          />
          <button type="submit" className="btn btn--primary" disabled={importing.busy} aria-busy={importing.busy}>
            {t('contacts.import')}
          </button>
        </div>
        <p className="field__hint" id="import-hint">
          {t('contacts.importHint')}
        </p>
        {empty ? <p className="field__error">{t('composer.errors.csvPathEmpty')}</p> : null}
      </div>
      <ErrorNote error={importing.error} />
    </form>
  );
}
