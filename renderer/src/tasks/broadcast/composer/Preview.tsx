/**
 * The live preview beside the form: the message as the first matching contact gets it
 * (or the template with its values filled), and what that contact lacks.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../common/model.ts';
import { renderTemplate, templateVariables } from '../../../../../common/tasks/broadcast/params.ts';
import { isolate } from '../../../lib/bidi.ts';
import { contactVariables, type Draft, type RecipientMode } from './draft.ts';
import { fillTemplateBody, templatePlaceholders, templateValues } from './wa-template.ts';

interface PreviewProps {
  draft: Draft;
  contact: Contact | null;
  loading: boolean;
}

/** The preview that fits the draft: a template's, or the text's. */
export function Preview(props: PreviewProps & { usesTemplate: boolean }) {
  return props.usesTemplate ? <TemplatePreview {...props} /> : <TextPreview {...props} />;
}

function PreviewFor({ contact, mode }: { contact: Contact | null; mode: RecipientMode }) {
  const { t } = useTranslation();
  if (mode === 'csv') return <p className="preview__to muted">{t('composer.previewCsv')}</p>;
  if (!contact) return null;
  return (
    <p className="preview__to">
      {t('composer.previewFor')} <strong>
        <bdi>{contact.name || t('contacts.noName')}</bdi>
      </strong>{' '}
      <span dir="ltr" className="muted">
        {contact.phone}
      </span>
    </p>
  );
}

function TemplatePreview({ draft, contact, loading }: PreviewProps) {
  const { t } = useTranslation();
  const { mode } = draft;
  const picked = draft.waTemplate;
  let body: ReactNode;
  let missing: string[] = [];
  if (!picked) body = <p className="muted">{t('composer.previewPickTemplate')}</p>;
  else if (mode !== 'csv' && !contact) body = <p className="muted">{loading ? t('common.loading') : t('composer.previewNoContact')}</p>;
  else {
    const filled = templateValues(draft.templateParams, mode === 'csv' ? null : contact);
    missing = filled.missing;
    body = (
      <p className="bubble" data-testid="template-preview">
        {fillTemplateBody(picked.body, templatePlaceholders(picked), filled.values)}
      </p>
    );
  }
  return (
    <div className="card preview" aria-live="polite">
      <h3 className="preview__title">{t('composer.preview')}</h3>
      {picked ? <p className="preview__template muted">{t('composer.previewTemplate', { name: picked.name, language: picked.language })}</p> : null}
      <PreviewFor contact={contact} mode={mode} />
      {body}
      {missing.length > 0 ? <p className="note note--warning">{t('composer.missingFields', { fields: missing.map(isolate).join(', ') })}</p> : null}
    </div>
  );
}

function TextPreview({ draft, contact, loading }: PreviewProps) {
  const { t } = useTranslation();
  const { template, mode } = draft;
  const used = templateVariables(template);
  let body: ReactNode;
  let missing: string[] = [];
  if (!template.trim()) body = <p className="muted">{t('composer.previewEmpty')}</p>;
  else if (mode === 'csv') body = <p className="bubble">{template}</p>;
  else if (!contact) body = <p className="muted">{loading ? t('common.loading') : t('composer.previewNoContact')}</p>;
  else {
    const rendered = renderTemplate(template, contactVariables(contact));
    if (rendered.ok) body = <p className="bubble">{rendered.text}</p>;
    else {
      missing = rendered.missing;
      body = <p className="bubble bubble--incomplete">{template}</p>;
    }
  }
  return (
    <div className="card preview" aria-live="polite">
      <h3 className="preview__title">{t('composer.preview')}</h3>
      <PreviewFor contact={contact} mode={mode} />
      {body}
      {missing.length > 0 ? <p className="note note--warning">{t('composer.missingVars', { vars: missing.map((v) => `{{${v}}}`).join(', ') })}</p> : null}
      {used.length > 0 ? <p className="muted preview__vars">{t('composer.usedVars', { vars: used.map((v) => `{{${v}}}`).join(', ') })}</p> : null}
    </div>
  );
}
