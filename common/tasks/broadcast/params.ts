/**
 * A broadcast's parameters, validated in main (IPC, CLI) and again in the worker; the
 * composer in the window uses the same schemas and limits.
 */
import { z } from 'zod';
import { columnMapping, countryCode } from '../shared-params.ts';

// Limits the window shows and checks too: it imports these instead of copying the numbers.
/** Longest broadcast message (and WhatsApp template body kept for previews). */
export const TEMPLATE_MAX = 4096;

/** Longest "name or phone contains" text of a broadcast's recipient filter. */
export const RECIPIENT_SEARCH_MAX = 200;

/** Longest contact field name: a recipient filter's field, a template value's field. */
export const FIELD_NAME_MAX = 100;

/** Longest value a recipient filter's field must equal. */
export const FIELD_VALUE_MAX = 500;

/** Longest fixed text for one WhatsApp template value. */
export const TEMPLATE_PARAM_TEXT_MAX = 1024;

/** Test mode's longest simulated delay per message. */
export const TEST_LATENCY_MAX_MS = 60_000;

/** Slowest broadcast pace, and the pace when none is given (messages per second). */
export const BROADCAST_RATE_MIN = 0.1;

export const BROADCAST_RATE_DEFAULT = 20;

export const recipientsSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z
    .object({
      type: z.literal('filter'),
      /** Matches name or phone, case-insensitive substring. */
      search: z.string().max(RECIPIENT_SEARCH_MAX).optional(),
      /** Custom field equality, e.g. { city: 'Haifa' }. */
      field: z.object({ name: z.string().min(1).max(FIELD_NAME_MAX), equals: z.string().max(FIELD_VALUE_MAX) }).strict().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('csv'),
      path: z.string().min(1).max(4096),
      mapping: columnMapping.optional(),
    })
    .strict(),
]);

export type RecipientsSource = z.infer<typeof recipientsSource>;

export const testModeOptions = z
  .object({
    /** Simulated network round trip per send. */
    latencyMs: z.number().int().min(0).max(TEST_LATENCY_MAX_MS).default(0),
    /** Share of sends that fail with a retryable error (0..1). */
    transientFailureRate: z.number().min(0).max(1).default(0),
    /** Share of sends rejected for good, e.g. "not on WhatsApp" (0..1). */
    permanentFailureRate: z.number().min(0).max(1).default(0),
    /** Share of sends that hit a network outage lasting offlineForMs (0..1). */
    offlineRate: z.number().min(0).max(1).default(0),
    offlineForMs: z.number().int().min(0).max(600_000).default(1_000),
    /** Seed for the random mix, so a run can be replayed. */
    seed: z.number().int().min(0).max(2 ** 31).default(1),
  })
  .strict();

export type TestModeOptions = z.infer<typeof testModeOptions>;

/** Where a WhatsApp template value comes from: a contact field, or fixed text. */
export const templateParamSource = z.union([
  z.object({ field: z.string().min(1).max(FIELD_NAME_MAX) }).strict(),
  z.object({ text: z.string().min(1).max(TEMPLATE_PARAM_TEXT_MAX) }).strict(),
]);

export const whatsappTemplateChoice = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name: lowercase letters, digits and _'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as en_US or he'),
    /** Fill {{1}}, {{2}}, … of the template's body, in order. */
    params: z.array(templateParamSource).max(100).default([]),
  })
  .strict();

export const providerChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('test-mode'), options: testModeOptions.default(testModeOptions.parse({})) }).strict(),
  z
    .object({
      type: z.literal('whatsapp'),
      accountId: z.number().int().positive(),
      /** An approved template; without it the broadcast is free text (the message below). */
      template: whatsappTemplateChoice.optional(),
    })
    .strict(),
]);

export type ProviderChoice = z.infer<typeof providerChoice>;

export const broadcastParams = z
  .object({
    /** The message with {{variables}}; for a WhatsApp template, its body text (preview only). */
    template: z.string().trim().max(TEMPLATE_MAX).default(''),
    recipients: recipientsSource,
    provider: providerChoice,
    /** Messages per second. Providers clamp it to what the account allows; test mode runs flat out for benches. */
    rate: z.number().min(BROADCAST_RATE_MIN).max(100_000).default(BROADCAST_RATE_DEFAULT),
    /** Concurrent requests in flight; the rate still bounds the pace. */
    concurrency: z.number().int().min(1).max(64).default(8),
    defaultCountry: countryCode.optional(),
  })
  .strict()
  .superRefine((params, ctx) => {
    const usesTemplate = params.provider.type === 'whatsapp' && params.provider.template !== undefined;
    if (!usesTemplate && params.template === '') {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'the message is empty' });
    }
  });

export type BroadcastParams = z.infer<typeof broadcastParams>;

/** The recipient fields a broadcast needs a value for (skipped with the reason otherwise). */
export function requiredFields(params: Pick<BroadcastParams, 'template' | 'provider'>): string[] {
  if (params.provider.type === 'whatsapp' && params.provider.template) {
    const fields = new Set<string>();
    for (const p of params.provider.template.params) if ('field' in p) fields.add(p.field);
    return [...fields];
  }
  return templateVariables(params.template);
}

export type BroadcastParamsInput = z.input<typeof broadcastParams>;

/** Variables a template uses, e.g. "Hi {{name}}" → ["name"]. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\{\{\s*([\p{L}\p{N}_.-]+)\s*\}\}/gu)) names.add(match[1]!);
  return [...names];
}

/**
 * Fills {{variables}}; returns the missing names instead of sending a message with holes.
 */
export function renderTemplate(
  template: string,
  vars: Readonly<Record<string, string>>,
): { ok: true; text: string } | { ok: false; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{\{\s*([\p{L}\p{N}_.-]+)\s*\}\}/gu, (_whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value.trim() === '') {
      missing.push(name);
      return '';
    }
    return value;
  });
  return missing.length ? { ok: false, missing } : { ok: true, text };
}
