/** An invoke error in plain words: a translated headline by code, main's message and what exactly was refused as detail. */
import { useTranslation } from 'react-i18next';
import { MAX_DETAILS, type UiError } from '../lib/errors.ts';
import { AlertIcon } from './Icons.tsx';
import { ReasonText } from './ReasonText.tsx';

export function ErrorNote({ error, onDismiss }: { error: UiError | null | undefined; onDismiss?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="note note--danger" role="alert">
      <AlertIcon />
      <div className="note__body">
        <p className="note__title">{t(`errors.${error.code}`)}</p>
        {error.words ? (
          <p className="note__detail">
            {/* main's own words (Gmail's, for one), in the window's language. */}
            <ReasonText message={error.words} />
          </p>
        ) : error.message ? (
          <p className="note__detail">
            <bdi>{error.message}</bdi>
          </p>
        ) : null}
        {error.details?.length ? (
          <ul className="note__details">
            {error.details.slice(0, MAX_DETAILS).map((line, i) => (
              <li key={i}>
                <bdi>{line}</bdi>
              </li>
            ))}
            {error.details.length > MAX_DETAILS ? <li>{t('errors.moreDetails', { count: error.details.length - MAX_DETAILS })}</li> : null}
          </ul>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss}>
          {t('common.close')}
        </button>
      ) : null}
    </div>
  );
}
