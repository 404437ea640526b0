/** The composer's first step: recipients, sending, message and name, with the live preview beside them; "Review" checks it all. */
import { useTranslation } from 'react-i18next';
import type { WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { TASK_TITLE_MAX } from '../../../../../common/ipc/contract.ts';
import { Field } from '../../../components/Field.tsx';
import type { Query } from '../../../lib/use-query.ts';
import { MessageStep } from './MessageStep.tsx';
import { Preview } from './Preview.tsx';
import { ProviderStep } from './ProviderStep.tsx';
import type { SampleState } from './queries.ts';
import { RecipientsStep } from './RecipientsStep.tsx';
import type { ComposerForm } from './use-composer.ts';

export function EditStep(props: { form: ComposerForm; sample: SampleState; templates: Query<WhatsAppTemplateSummary[]> }) {
  const { t } = useTranslation();
  const { form, sample } = props;
  const { draft, update, validation } = form;
  const contact = sample.data?.contact ?? null;

  return (
    <form
      className="composer"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.review();
      }}
    >
      <div className="composer__main">
        <RecipientsStep form={form} sample={sample} />
        <ProviderStep form={form} />
        <MessageStep form={form} contact={contact} templates={props.templates} />

        <fieldset className="card fieldset">
          <legend className="fieldset__legend">{t('composer.titleSection')}</legend>
          <Field label={t('composer.taskTitle')} hint={t('composer.taskTitleHint')}>
            {(id, describedBy) => (
              <input
                id={id}
                className="input"
                value={draft.title}
                maxLength={TASK_TITLE_MAX}
                aria-describedby={describedBy}
                onChange={(e) => update({ title: e.target.value })}
              />
            )}
          </Field>
        </fieldset>

        {form.showErrors && Object.keys(validation.errors).length > 0 ? (
          <p className="note note--danger" role="alert">
            {validation.errors.form ? t('composer.errors.invalid') : t('composer.fixErrors')}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn--primary">
            {t('composer.review')}
          </button>
        </div>
      </div>

      <aside className="composer__side">
        <Preview draft={draft} contact={contact} loading={sample.loading} usesTemplate={form.usesTemplate} />
      </aside>
    </form>
  );
}
