/**
 * Parameters of each task kind, validated in main (IPC, CLI) and again in the worker.
 * One schema per kind; the composer in the renderer uses the same schemas.
 */
import { z } from 'zod';

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter country code such as IL or US');

/** Maps CSV headers to contact fields; anything unmapped becomes a custom field. */
export const columnMapping = z
  .object({
    phone: z.string().min(1).max(200).optional(),
    name: z.string().min(1).max(200).optional(),
  })
  .strict();

export const recipientsSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z
    .object({
      type: z.literal('filter'),
      /** Matches name or phone, case-insensitive substring. */
      search: z.string().max(200).optional(),
      /** Custom field equality, e.g. { city: 'Haifa' }. */
      field: z.object({ name: z.string().min(1).max(100), equals: z.string().max(500) }).strict().optional(),
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
    latencyMs: z.number().int().min(0).max(60_000).default(0),
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

export const providerChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('test-mode'), options: testModeOptions.default(testModeOptions.parse({})) }).strict(),
]);
export type ProviderChoice = z.infer<typeof providerChoice>;

export const TEMPLATE_MAX = 4096;

export const broadcastParams = z
  .object({
    template: z.string().trim().min(1, 'the message is empty').max(TEMPLATE_MAX),
    recipients: recipientsSource,
    provider: providerChoice,
    /** Messages per second. Providers clamp it to what the account allows; test mode runs flat out for benches. */
    rate: z.number().min(0.1).max(100_000).default(20),
    /** Concurrent requests in flight; the rate still bounds the pace. */
    concurrency: z.number().int().min(1).max(64).default(8),
    defaultCountry: countryCode.optional(),
  })
  .strict();
export type BroadcastParams = z.infer<typeof broadcastParams>;
export type BroadcastParamsInput = z.input<typeof broadcastParams>;

export const contactsImportParams = z
  .object({
    path: z.string().min(1).max(4096),
    defaultCountry: countryCode.optional(),
    mapping: columnMapping.optional(),
  })
  .strict();
export type ContactsImportParams = z.infer<typeof contactsImportParams>;

export const paramsByKind = {
  broadcast: broadcastParams,
  'contacts-import': contactsImportParams,
} as const;

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
