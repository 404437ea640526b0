/**
 * WhatsApp template bodies in the composer: the numbered placeholders a body has
 * ({{1}}, {{2}}, … as main counts them), the values one contact gives them, and the body
 * filled in for a preview.
 */
import type { Contact, WhatsAppTemplateSummary } from '../../../../../common/model.ts';
import { contactVariables, type TemplateParamDraft } from './draft.ts';

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** The placeholders to fill, in the order of the request's params: {{1}} … {{n}}. */
export function templatePlaceholders(template: Pick<WhatsAppTemplateSummary, 'paramCount'>): string[] {
  return Array.from({ length: template.paramCount }, (_, i) => String(i + 1));
}

/** The body with each placeholder replaced by its value; a null value keeps {{n}}. */
export function fillTemplateBody(body: string, placeholders: readonly string[], values: readonly (string | null)[]): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const i = placeholders.indexOf(name);
    const value = i >= 0 ? values[i] : null;
    return value ?? whole;
  });
}

/** "name|language": a template is known by both (the same name exists per language). */
export function templateKey(t: Pick<WhatsAppTemplateSummary, 'name' | 'language'>): string {
  return `${t.name}|${t.language}`;
}

/** Values for a template's placeholders from one contact; null where not chosen yet, and the fields it lacks. */
export function templateValues(params: readonly TemplateParamDraft[], contact: Contact | null): { values: (string | null)[]; missing: string[] } {
  const vars = contact ? contactVariables(contact) : null;
  const missing: string[] = [];
  const values = params.map((p) => {
    if (p.source === 'text') return p.text.trim() || null;
    if (p.source === 'unset' || !p.field.trim()) return null;
    if (!vars) return null;
    const value = vars[p.field.trim()];
    if (value === undefined || value.trim() === '') {
      missing.push(p.field.trim());
      return null;
    }
    return value;
  });
  return { values, missing };
}
