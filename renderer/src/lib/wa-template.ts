/**
 * WhatsApp template bodies in the composer: the numbered placeholders a body has
 * ({{1}}, {{2}}, … as main counts them), and the body filled in for a preview.
 */
import type { WhatsAppTemplateSummary } from '../../../common/model.ts';

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
