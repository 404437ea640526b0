/** "Delete receipts?": how many a delete would remove (asked of main), that only the copies here go, and that it cannot be undone. */
import { useTranslation } from 'react-i18next';
import type { BusinessId } from '../../../../common/model.ts';
import type { ReceiptsDeleteParams } from '../../../../common/tasks/receipts-delete/params.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useQuery } from '../../lib/use-query.ts';
import { useApi } from '../../store/index.ts';

export function DeleteConfirm(props: { businessId: BusinessId; params: ReceiptsDeleteParams; busy: boolean; onCancel(): void; onConfirm(): void }) {
  const { businessId, params, onCancel } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const api = useApi();
  const answer = useQuery(() => api.invoke('receipts:countToDelete', { businessId, params }), [api, businessId, params]);
  const count = answer.data?.count ?? null;

  return (
    <Modal
      title={t('receipts.delete.title')}
      tone="danger"
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onCancel} data-autofocus>
            {t('receipts.delete.keep')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={props.busy || count === null || count === 0}
            aria-busy={props.busy}
            onClick={props.onConfirm}
          >
            {count ? t('receipts.delete.confirm', { count, n: fmt.integer(count) }) : t('receipts.delete.confirmNone')}
          </button>
        </>
      }
    >
      <ErrorNote error={answer.error} />
      <p aria-live="polite">
        {count === null
          ? answer.error
            ? ''
            : t('common.loading')
          : count === 0
            ? t('receipts.delete.none')
            : t('receipts.delete.count', { count, n: fmt.integer(count) })}
      </p>
      <p>{t('receipts.delete.localOnly')}</p>
      <p className="muted">{t('receipts.delete.notAgain')}</p>
    </Modal>
  );
}
