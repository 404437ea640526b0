/** Who gets the broadcast: every subscribed contact, the ones a search or field matches (counted live), or a CSV file. */
import { useTranslation } from 'react-i18next';
import { FIELD_NAME_MAX, FIELD_VALUE_MAX, RECIPIENT_SEARCH_MAX } from '../../../../../common/tasks/broadcast/params.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { Field } from '../../../components/Field.tsx';
import { useFormat } from '../../../i18n/format.ts';
import type { RecipientMode } from './draft.ts';
import type { SampleState } from './queries.ts';
import type { ComposerForm } from './use-composer.ts';

const MODES = ['all', 'filter', 'csv'] as const satisfies readonly RecipientMode[];

export function RecipientsStep({ form, sample }: { form: ComposerForm; sample: SampleState }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { draft, update, errorText } = form;

  return (
    <fieldset className="card fieldset">
      <legend className="fieldset__legend">{t('composer.recipients')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('composer.recipients')}>
        {MODES.map((mode) => (
          <label key={mode} className="segmented__option">
            <input type="radio" name="recipients" value={mode} checked={draft.mode === mode} onChange={() => update({ mode })} />
            <span>{t(`composer.mode.${mode}`)}</span>
          </label>
        ))}
      </div>

      {draft.mode === 'all' ? (
        <p className="muted">
          {sample.data?.count != null ? t('composer.allCount', { count: sample.data.count, n: fmt.integer(sample.data.count) }) : t('common.loading')}
        </p>
      ) : null}

      {draft.mode === 'filter' ? (
        <>
          <Field label={t('composer.search')} hint={t('composer.searchHint')} error={errorText('filter')}>
            {(id, describedBy) => (
              <input
                id={id}
                className="input"
                value={draft.search}
                maxLength={RECIPIENT_SEARCH_MAX}
                aria-describedby={describedBy}
                aria-invalid={Boolean(errorText('filter')) || undefined}
                onChange={(e) => update({ search: e.target.value })}
              />
            )}
          </Field>
          <div className="field-pair">
            <Field label={t('composer.fieldName')} error={errorText('field')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  className="input"
                  value={draft.fieldName}
                  maxLength={FIELD_NAME_MAX}
                  placeholder={t('composer.fieldNamePlaceholder')}
                  aria-describedby={describedBy}
                  aria-invalid={Boolean(errorText('field')) || undefined}
                  onChange={(e) => update({ fieldName: e.target.value })}
                />
              )}
            </Field>
            <span className="field-pair__eq" aria-hidden="true">
              =
            </span>
            <Field label={t('composer.fieldValue')}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  value={draft.fieldValue}
                  maxLength={FIELD_VALUE_MAX}
                  placeholder={t('composer.fieldValuePlaceholder')}
                  onChange={(e) => update({ fieldValue: e.target.value })}
                />
              )}
            </Field>
          </div>
          {sample.data?.count != null && !errorText('filter') ? (
            <p className="muted">{t('composer.filterCount', { count: sample.data.count, n: fmt.integer(sample.data.count) })}</p>
          ) : null}
        </>
      ) : null}

      {draft.mode === 'csv' ? (
        <Field label={t('composer.csvPath')} hint={t('composer.csvHint')} error={errorText('csvPath')}>
          {(id, describedBy) => (
            <input
              id={id}
              className="input input--mono"
              dir="ltr"
              value={draft.csvPath}
              placeholder={t('composer.csvPlaceholder')}
              aria-describedby={describedBy}
              aria-invalid={Boolean(errorText('csvPath')) || undefined}
              onChange={(e) => update({ csvPath: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      <ErrorNote error={sample.error} />
    </fieldset>
  );
}
