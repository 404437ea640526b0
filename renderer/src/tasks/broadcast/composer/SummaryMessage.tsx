/** The summary's message: the template with its values and where each comes from, or the text as the first contact gets it. */
import { useTranslation } from 'react-i18next';
import type { Contact, WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { renderTemplate } from '../../../../../common/tasks/broadcast/params.ts';
import { isolate } from '../../../lib/bidi.ts';
import { contactVariables, UNSET_PARAM, type Draft } from './draft.ts';
import { fillTemplateBody, templatePlaceholders, templateValues } from './wa-template.ts';
import { fieldLabel } from './words.ts';

export function SummaryMessage(props: { draft: Draft; text: string; template: WhatsAppTemplateSummary | null; contact: Contact | null }) {
  const { draft, template } = props;
  const contact = draft.mode === 'csv' ? null : props.contact;
  return template ? <TemplateMessage draft={draft} template={template} contact={contact} /> : <TextMessage text={props.text} contact={contact} />;
}

function TemplateMessage({ draft, template, contact }: { draft: Draft; template: WhatsAppTemplateSummary; contact: Contact | null }) {
  const { t } = useTranslation();
  const filled = templateValues(draft.templateParams, contact);
  const placeholders = templatePlaceholders(template);
  return (
    <>
      <span className="summary__sub" data-testid="summary-template">
        {t('summary.template', { name: template.name, language: template.language, category: template.category })}
      </span>
      <p className="bubble">{fillTemplateBody(template.body, placeholders, filled.values)}</p>
      {template.paramCount > 0 ? (
        <ul className="summary__mapping">
          {placeholders.map((placeholder, i) => {
            const param = draft.templateParams[i] ?? UNSET_PARAM;
            return (
              <li key={placeholder}>
                {t('summary.mapping', {
                  placeholder: isolate(`{{${placeholder}}}`),
                  value:
                    param.source === 'text'
                      ? t('summary.mapText', { text: isolate(param.text.trim()) })
                      : t('summary.mapField', { field: isolate(fieldLabel(t, param.field.trim())) }),
                })}
              </li>
            );
          })}
        </ul>
      ) : null}
      {filled.missing.length > 0 ? (
        <p className="note note--warning">{t('composer.missingFields', { fields: filled.missing.map(isolate).join(', ') })}</p>
      ) : null}
    </>
  );
}

function TextMessage({ text, contact }: { text: string; contact: Contact | null }) {
  const { t } = useTranslation();
  const preview = contact ? renderTemplate(text, contactVariables(contact)) : null;
  return (
    <>
      <p className="bubble">{preview?.ok ? preview.text : text}</p>
      {preview && !preview.ok ? (
        <p className="note note--warning">{t('composer.missingVars', { vars: preview.missing.map((v) => `{{${v}}}`).join(', ') })}</p>
      ) : null}
    </>
  );
}
