/** Where each {{n}} of the picked template comes from: a contact field from the list, a field typed by name, or fixed text. */
import { useTranslation } from 'react-i18next';
import type { WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { FIELD_NAME_MAX, TEMPLATE_PARAM_TEXT_MAX } from '../../../../../common/tasks/broadcast/params.ts';
import { Field } from '../../../components/Field.tsx';
import { BUILT_IN_FIELDS, UNSET_PARAM, type TemplateParamDraft } from './draft.ts';
import type { ComposerForm } from './use-composer.ts';
import { templatePlaceholders } from './wa-template.ts';
import { isBuiltInField } from './words.ts';

export function TemplateMapping(props: { form: ComposerForm; template: WhatsAppTemplateSummary; customFields: readonly string[] }) {
  const { t } = useTranslation();
  const { form, customFields } = props;
  const { draft, update, errorText } = form;

  function setParam(index: number, patch: Partial<TemplateParamDraft>) {
    update({ templateParams: draft.templateParams.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  }

  return (
    <div className="mapping" role="group" aria-label={t('composer.mapping')}>
      <p className="mapping__title">{t('composer.mapping')}</p>
      {templatePlaceholders(props.template).map((placeholder, i) => {
        const param = draft.templateParams[i] ?? UNSET_PARAM;
        const token = `{{${placeholder}}}`;
        const error = errorText(`param${i + 1}`);
        const value = param.source === 'field' ? `field:${param.field}` : param.source === 'unset' ? '' : param.source;
        const listed = param.source !== 'field' || isBuiltInField(param.field) || customFields.includes(param.field);
        return (
          <div key={placeholder} className="mapping__row">
            <span className="mapping__token" dir="ltr" aria-hidden="true">
              {token}
            </span>
            <Field label={t('composer.mapTo', { placeholder: token })} error={error} className="mapping__source">
              {(id, describedBy) => (
                <select
                  id={id}
                  className="input"
                  value={value}
                  aria-describedby={describedBy}
                  aria-invalid={(Boolean(error) && (param.source === 'unset' || param.source === 'field')) || undefined}
                  onChange={(e) => {
                    const next = e.target.value;
                    if (next.startsWith('field:')) setParam(i, { source: 'field', field: next.slice('field:'.length) });
                    else if (next === 'other') setParam(i, { source: 'other', field: param.source === 'other' ? param.field : '' });
                    else if (next === 'text') setParam(i, { source: 'text' });
                    else setParam(i, { source: 'unset' });
                  }}
                >
                  <option value="" disabled>
                    {t('composer.mapChoose')}
                  </option>
                  <optgroup label={t('composer.mapFields')}>
                    {BUILT_IN_FIELDS.map((f) => (
                      <option key={f} value={`field:${f}`}>
                        {t(`composer.fieldNames.${f}`)}
                      </option>
                    ))}
                    {customFields.map((f) => (
                      <option key={f} value={`field:${f}`}>
                        {f}
                      </option>
                    ))}
                    {!listed ? <option value={`field:${param.field}`}>{param.field}</option> : null}
                  </optgroup>
                  <option value="other">{t('composer.mapOther')}</option>
                  <option value="text">{t('composer.mapText')}</option>
                </select>
              )}
            </Field>
            {param.source === 'other' ? (
              <input
                className="input mapping__value"
                aria-label={t('composer.mapFieldName', { placeholder: token })}
                placeholder={t('composer.fieldNamePlaceholder')}
                value={param.field}
                maxLength={FIELD_NAME_MAX}
                aria-invalid={Boolean(error) || undefined}
                onChange={(e) => setParam(i, { field: e.target.value })}
              />
            ) : null}
            {param.source === 'text' ? (
              <input
                className="input mapping__value"
                aria-label={t('composer.mapTextValue', { placeholder: token })}
                value={param.text}
                maxLength={TEMPLATE_PARAM_TEXT_MAX}
                aria-invalid={Boolean(error) || undefined}
                onChange={(e) => setParam(i, { text: e.target.value })}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
