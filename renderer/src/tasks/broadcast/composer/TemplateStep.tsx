/** Pick one of the account's approved templates, see its text, and say where each {{n}} comes from (TemplateMapping). */
import { useTranslation } from 'react-i18next';
import type { Contact, WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { Field } from '../../../components/Field.tsx';
import { RetryIcon } from '../../../components/Icons.tsx';
import type { Query } from '../../../lib/use-query.ts';
import { UNSET_PARAM } from './draft.ts';
import { useContactFields } from './queries.ts';
import { TemplateMapping } from './TemplateMapping.tsx';
import type { ComposerForm } from './use-composer.ts';
import { templateKey, templatePlaceholders } from './wa-template.ts';

export function TemplateStep(props: { form: ComposerForm; templates: Query<WhatsAppTemplateSummary[]>; contact: Contact | null }) {
  const { t } = useTranslation();
  const { form, templates, contact } = props;
  const { draft, update, errorText } = form;
  const seenFields = useContactFields(form.businessId);
  const customFields = [...new Set([...seenFields, ...(contact ? Object.keys(contact.fields) : [])])].sort((a, b) => a.localeCompare(b));
  const picked = draft.waTemplate;
  const list = templates.data ?? [];
  // Keep the picked one listed even while the list reloads.
  const options = picked && !list.some((x) => templateKey(x) === templateKey(picked)) ? [picked, ...list] : list;

  function pick(key: string) {
    const template = options.find((x) => templateKey(x) === key) ?? null;
    update({ waTemplate: template, templateParams: template ? templatePlaceholders(template).map(() => UNSET_PARAM) : [] });
  }

  if (draft.accountId === null) return null;
  const reload = (
    <button type="button" className="btn btn--small" onClick={templates.refresh}>
      <RetryIcon />
      {t('composer.reloadTemplates')}
    </button>
  );
  if (templates.error) {
    return (
      <div className="stack">
        <ErrorNote error={templates.error} />
        {reload}
      </div>
    );
  }
  if (templates.loading && options.length === 0) return <p className="muted">{t('composer.templatesLoading')}</p>;
  if (options.length === 0) {
    return (
      <div className="stack">
        <p className="muted">{t('composer.templatesNone')}</p>
        {reload}
      </div>
    );
  }

  return (
    <>
      <Field label={t('composer.template')} hint={t('composer.templateHint')} error={errorText('waTemplate')}>
        {(id, describedBy) => (
          <select
            id={id}
            className="input"
            value={picked ? templateKey(picked) : ''}
            aria-describedby={describedBy}
            aria-invalid={Boolean(errorText('waTemplate')) || undefined}
            onChange={(e) => pick(e.target.value)}
          >
            <option value="" disabled>
              {t('composer.templatePlaceholder')}
            </option>
            {options.map((x) => (
              <option key={templateKey(x)} value={templateKey(x)}>
                {t('composer.templateOption', { name: x.name, language: x.language, category: x.category })}
              </option>
            ))}
          </select>
        )}
      </Field>

      {picked ? (
        <div className="template-body">
          <p className="template-body__meta muted">{t('composer.templateMeta', { language: picked.language, category: picked.category })}</p>
          <p className="bubble bubble--template" data-testid="template-body">
            {picked.body}
          </p>
          {picked.paramCount === 0 ? (
            <p className="muted">{t('composer.templateNoParams')}</p>
          ) : (
            <TemplateMapping form={form} template={picked} customFields={customFields} />
          )}
        </div>
      ) : null}
    </>
  );
}
