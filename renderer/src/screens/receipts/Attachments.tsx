/** One receipt's files: each opens with the operating system's viewer when it was downloaded. */
import { useTranslation } from 'react-i18next';
import type { BusinessId } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useFormat } from '../../i18n/format.ts';
import { isolate } from '../../lib/bidi.ts';
import { useAction } from '../../lib/use-action.ts';
import { useQuery } from '../../lib/use-query.ts';
import { useApi } from '../../store/index.ts';

export function Attachments({ businessId, receiptId, onClose }: { businessId: BusinessId; receiptId: number; onClose(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const list = useQuery(() => api.invoke('receipts:attachments', { businessId, receiptId }), [api, businessId, receiptId]);
  const opening = useAction((attachmentId: number) => api.invoke('receipts:openAttachment', { businessId, attachmentId }));
  const files = list.data;
  const error = list.error ?? opening.error;

  return (
    <section id="receipt-attachments" className="card receipt-files" aria-label={t('receipts.attachments')}>
      <div className="receipt-files__head">
        <h3 className="receipt-files__title">{t('receipts.attachments')}</h3>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <ErrorNote error={error} />
      {files === null && !error ? <p className="muted">{t('common.loading')}</p> : null}
      {files && files.length === 0 ? <p className="muted">{t('receipts.noFiles')}</p> : null}
      {files && files.length > 0 ? (
        <ul className="receipt-files__list">
          {files.map((file) => (
            <li key={file.id} className="receipt-files__item">
              <bdi className="receipt-files__name">{file.filename}</bdi>
              <span className="muted">{t('receipts.size', { n: fmt.integer(Math.max(1, Math.round(file.size / 1024))) })}</span>
              {file.stored ? (
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={t('receipts.openFile', { name: isolate(file.filename) })}
                  onClick={() => void opening.run(file.id)}
                >
                  {t('receipts.open')}
                </button>
              ) : (
                <span className="muted">{t('receipts.notDownloaded')}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
