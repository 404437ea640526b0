/**
 * Parameters of each task kind, validated in main (IPC, CLI) and again in the worker.
 * One schema per kind; the composer in the renderer uses the same schemas.
 */
import { z } from 'zod';

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
/** Longest vendor or search text of the Receipts filters. */
export const RECEIPTS_FILTER_TEXT_MAX = 200;

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

export const contactsImportParams = z
  .object({
    path: z.string().min(1).max(4096),
    defaultCountry: countryCode.optional(),
    mapping: columnMapping.optional(),
  })
  .strict();
export type ContactsImportParams = z.infer<typeof contactsImportParams>;

/** A calendar date (YYYY-MM-DD, midnight UTC) or a date-time with its offset (2025-03-01T00:00:00+02:00). */
export const isoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The Receipts page's filters; "delete all matching" uses the same ones, so the counts agree. */
export const receiptsFilter = z
  .object({
    /** Received at or after this moment. */
    after: isoDateOrDateTime.optional(),
    /** Received before this moment (exclusive). */
    before: isoDateOrDateTime.optional(),
    /** Exact vendor, case-insensitive. */
    vendor: z.string().trim().min(1).max(RECEIPTS_FILTER_TEXT_MAX).optional(),
    /** Substring of the subject, sender name or sender address, case-insensitive. */
    search: z.string().trim().min(1).max(RECEIPTS_FILTER_TEXT_MAX).optional(),
    hasAttachments: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.after === undefined || f.before === undefined || Date.parse(f.after) < Date.parse(f.before), {
    message: '"after" must be earlier than "before"',
    path: ['after'],
  });
export type ReceiptsFilter = z.infer<typeof receiptsFilter>;

/** Milliseconds bounds of a filter's dates: receivedAt >= from and < to. */
export function receiptTimeBounds(filter: Pick<ReceiptsFilter, 'after' | 'before'>): { from: number | null; to: number | null } {
  return {
    from: filter.after === undefined ? null : Date.parse(filter.after),
    to: filter.before === undefined ? null : Date.parse(filter.before),
  };
}

export const RECEIPTS_DELETE_MAX_IDS = 100_000;

/**
 * Deletes the business's LOCAL copies of receipts (rows and attachment files) in
 * batches. It never deletes, moves or labels mail in Gmail: the Gmail scope is read-only.
 * Exactly one of: the selected receipt ids, or every receipt matching a filter (an empty
 * filter means all of the business's receipts). The matching set is fixed when the task
 * plans, so receipts synced afterwards are kept.
 */
export const receiptsDeleteParams = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(RECEIPTS_DELETE_MAX_IDS) }).strict(),
  z.object({ filter: receiptsFilter }).strict(),
]);
export type ReceiptsDeleteParams = z.infer<typeof receiptsDeleteParams>;

/** Gmail search for receipts and invoices (English and Hebrew words) that carry a file. */
export const DEFAULT_RECEIPTS_QUERY = 'has:attachment {receipt invoice "tax invoice" חשבונית קבלה}';
export const DEFAULT_RECEIPTS_MONTHS = 12;

/**
 * Copies receipts from the business's Gmail (read-only) into the local store. The first
 * run lists messages matching `query` from the last `months` months; later runs are
 * incremental from the stored history id.
 */
export const receiptsSyncParams = z
  .object({
    /** Gmail search syntax, as typed in Gmail's search box. */
    query: z.string().trim().min(1).max(1000).default(DEFAULT_RECEIPTS_QUERY),
    /** How far back the first (full) sync looks. */
    months: z.number().int().min(1).max(120).default(DEFAULT_RECEIPTS_MONTHS),
    /**
     * Messages fetched per second. 25 keeps a message and its attachment (10 quota units)
     * well under Gmail's per-user limit; quota answers slow it down further.
     */
    ratePerSecond: z.number().min(1).max(500).default(25),
    /**
     * Copy again the receipts the owner deleted here. Without it a sync skips them (they
     * are remembered as deleted); with it they are forgotten as deleted and the sync lists
     * the whole query again, since Gmail's history would not mention old mail.
     */
    reimportDeleted: z.boolean().default(false),
  })
  .strict();
export type ReceiptsSyncParams = z.infer<typeof receiptsSyncParams>;

export const paramsByKind = {
  broadcast: broadcastParams,
  'contacts-import': contactsImportParams,
  'receipts-delete': receiptsDeleteParams,
  'receipts-sync': receiptsSyncParams,
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
