/**
 * What the broadcast says: text with {{variables}} (chips insert them at the cursor), or for
 * WhatsApp an approved template (TemplateStep) or free text with its 24-hour warning.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { TEMPLATE_MAX } from '../../../../../common/tasks/broadcast/params.ts';
import { Field } from '../../../components/Field.tsx';
import { AlertIcon } from '../../../components/Icons.tsx';
import { useFormat } from '../../../i18n/format.ts';
import type { Query } from '../../../lib/use-query.ts';
import { BUILT_IN_FIELDS, contactVariables, type WhatsAppContent } from './draft.ts';
import { TemplateStep } from './TemplateStep.tsx';
import type { ComposerForm } from './use-composer.ts';

const CONTENTS = ['template', 'free'] as const satisfies readonly WhatsAppContent[];

export function MessageStep(props: { form: ComposerForm; contact: Contact | null; templates: Query<WhatsAppTemplateSummary[]> }) {
  const { t } = useTranslation();
  const { form, contact } = props;
  const { draft, update } = form;

  return (
    <fieldset className="card fieldset">
      <legend className="fieldset__legend">{t('composer.message')}</legend>
      {form.whatsapp ? (
        <div className="segmented" role="radiogroup" aria-label={t('composer.content')}>
          {CONTENTS.map((content) => (
            <label key={content} className="segmented__option">
              <input
                type="radio"
                name="whatsapp-content"
                value={content}
                checked={draft.whatsappContent === content}
                onChange={() => update({ whatsappContent: content })}
              />
              <span>{t(`composer.contentKind.${content}`)}</span>
            </label>
          ))}
        </div>
      ) : null}

      {form.usesTemplate ? <TemplateStep form={form} templates={props.templates} contact={contact} /> : <FreeText form={form} contact={contact} />}
    </fieldset>
  );
}

/** The message text, the variables to insert, and how long it is. */
function FreeText({ form, contact }: { form: ComposerForm; contact: Contact | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { draft, update, errorText } = form;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const available = contact ? Object.keys(contactVariables(contact)) : [...BUILT_IN_FIELDS];

  function insertVariable(name: string) {
    const el = textarea.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? draft.template.length;
    const end = el?.selectionEnd ?? draft.template.length;
    update({ template: draft.template.slice(0, start) + token + draft.template.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <>
      {form.whatsapp ? (
        <p className="note note--warning" data-testid="free-text-warning">
          <AlertIcon />
          <span className="note__body">{t('composer.freeWarning')}</span>
        </p>
      ) : null}
      <Field label={t('composer.messageLabel')} hint={t('composer.messageHint', { example: '{{name}}' })} error={errorText('template')}>
        {(id, describedBy) => (
          <textarea
            id={id}
            ref={textarea}
            className="input textarea"
            rows={6}
            value={draft.template}
            aria-describedby={describedBy}
            aria-invalid={Boolean(errorText('template')) || undefined}
            onChange={(e) => update({ template: e.target.value })}
          />
        )}
      </Field>
      <div className="chips" role="group" aria-label={t('composer.insertVariable')}>
        <span className="chips__label">{t('composer.insertVariable')}</span>
        {available.map((name) => (
          <button key={name} type="button" className="chip" onClick={() => insertVariable(name)}>
            {`{{${name}}}`}
          </button>
        ))}
      </div>
      <p className="char-count">{t('composer.chars', { n: fmt.integer(draft.template.length), max: fmt.integer(TEMPLATE_MAX) })}</p>
    </>
  );
}
