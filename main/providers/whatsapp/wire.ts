/**
 * What the WhatsApp Cloud API (Graph API) answers, as zod schemas that also turn each answer
 * into the shape GraphClient hands out. Names and types follow Meta's OpenAPI description of
 * the WhatsApp Business Platform (github.com/facebook/openapi, business-messaging-api_v23.0:
 * PhoneNumberInfo, MessageResponsePayload, the message_templates list, GraphAPIError).
 *
 * How strict, and why:
 * - A field the client relies on (the phone number's id, the sent message's id, a template's
 *   name and language, the template list's `data` and `paging`) must be there with its
 *   documented type, or the answer is unreadable (the client's `waAnswerUnreadable`).
 * - A field the client only passes along may be missing and gets the default the client has
 *   always used ('', 'UNKNOWN'). Present with another type, it is not Meta's answer.
 * - Two exceptions, kept from before: a template (or a template component) that cannot be read
 *   is left out of the list, so one new kind of template does not hide the others; and a send
 *   answer's echoes (contacts, message_status) are read best effort, because an answer with a
 *   message id means Meta accepted the message, and that must never become "in doubt".
 * - Fields this file does not name are ignored (zod's default): Meta adds fields.
 * - The error body is read best effort (see parseGraphError).
 */
import { z } from 'zod';

// --- What the client hands out ------------------------------------------------------------

export interface PhoneNumberInfo {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  /** GREEN | YELLOW | RED | UNKNOWN (NA on some numbers). */
  qualityRating: string;
  /** STANDARD (80 messages/s) | HIGH (up to 1,000/s), when asked for. */
  throughputLevel?: string;
  /** TIER_250 | TIER_1K | TIER_10K | TIER_100K | TIER_UNLIMITED, when asked for. */
  messagingLimitTier?: string;
  nameStatus?: string;
  codeVerificationStatus?: string;
}

export interface TemplateComponent {
  /** HEADER | BODY | FOOTER | BUTTONS */
  type: string;
  format?: string;
  text?: string;
}

export interface MessageTemplate {
  id?: string;
  name: string;
  /** Locale code, e.g. en_US, he. */
  language: string;
  /** APPROVED | PENDING | REJECTED | PAUSED | DISABLED | ... */
  status: string;
  /** MARKETING | UTILITY | AUTHENTICATION */
  category: string;
  components: TemplateComponent[];
}

/** One page of message_templates: the templates that could be read, and where the next page is. */
export interface TemplatePage {
  templates: MessageTemplate[];
  paging?: { next?: string; after?: string };
}

export interface SendResult {
  /** The wamid.… id; stored on the item as providerRef. */
  messageId: string;
  waId?: string;
  /** "accepted" etc. when Meta includes it (template sends). */
  messageStatus?: string;
}

/** Graph's `error` object, as documented. */
export interface GraphApiError {
  message: string;
  type?: string;
  code?: number;
  subcode?: number;
  details?: string;
  userTitle?: string;
  userMessage?: string;
  fbtraceId?: string;
}

// --- Building blocks ----------------------------------------------------------------------

/** A field read best effort: kept when it has its type, else as if absent. */
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** Graph's error codes are integers; a digit string is read too, as before. */
const code = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** Optional string fields, kept only when present (the shapes above have no `undefined` values). */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// --- GET /{phone-number-id}?fields=… ---------------------------------------------------------

export const phoneNumberAnswer = z
  .object({
    id: z.string().min(1),
    display_phone_number: z.string().default(''),
    verified_name: z.string().default(''),
    quality_rating: z.string().default('UNKNOWN'),
    // Not in the OpenAPI description; Graph's phone number reference documents `throughput { level }`.
    throughput: z.object({ level: z.string().optional() }).optional(),
    messaging_limit_tier: z.string().optional(),
    name_status: z.string().optional(),
    code_verification_status: z.string().optional(),
  })
  .transform(
    (o): PhoneNumberInfo => ({
      id: o.id,
      displayPhoneNumber: o.display_phone_number,
      verifiedName: o.verified_name,
      qualityRating: o.quality_rating,
      ...defined({
        throughputLevel: o.throughput?.level,
        messagingLimitTier: o.messaging_limit_tier,
        nameStatus: o.name_status,
        codeVerificationStatus: o.code_verification_status,
      }),
    }),
  );

// --- GET /{waba-id}/message_templates ----------------------------------------------------------

/** A list read entry by entry: an entry that `entry` cannot read is left out. */
function readableEntries<T extends z.ZodType>(entry: T) {
  return z.array(z.unknown()).transform((values) =>
    values.flatMap((value) => {
      const parsed = entry.safeParse(value);
      return parsed.success ? [parsed.data as z.output<T>] : [];
    }),
  );
}

const templateComponent = z
  .object({ type: z.string().min(1), format: z.string().optional(), text: z.string().optional() })
  .transform(({ type, format, text }): TemplateComponent => ({ type, ...defined({ format, text }) }));

const template = z
  .object({
    id: z.string().optional(),
    name: z.string().min(1),
    language: z.string().min(1),
    status: z.string().default('UNKNOWN'),
    category: z.string().default('UNKNOWN'),
    components: readableEntries(templateComponent).default([]),
  })
  .transform(({ id, ...fields }): MessageTemplate => ({ ...fields, ...defined({ id }) }));

/** Graph's cursor paging: `next` only when there is a next page; `cursors.after` points at it. */
const paging = z.object({
  cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().optional(),
  previous: z.string().optional(),
});

export const templatePageAnswer = z
  .object({ data: readableEntries(template), paging: paging.optional() })
  .transform(
    ({ data, paging: page }): TemplatePage => ({
      templates: data,
      ...(page ? { paging: defined({ next: page.next, after: page.cursors?.after }) } : {}),
    }),
  );

// --- POST /{phone-number-id}/messages ------------------------------------------------------------

/** Only the first message and contact matter: Taskdeck sends to one recipient per request. */
export const sendAnswer = z
  .object({
    messages: z.tuple([z.object({ id: z.string().min(1), message_status: loose(z.string()) })], z.unknown()),
    contacts: loose(z.tuple([z.object({ wa_id: loose(z.string()) })], z.unknown())),
  })
  .transform(
    ({ messages: [message], contacts }): SendResult => ({
      messageId: message.id,
      ...defined({ waId: contacts?.[0].wa_id, messageStatus: message.message_status }),
    }),
  );

// --- The Graph error body ----------------------------------------------------------------------------

const graphErrorBody = z.object({
  error: z.object({
    message: loose(z.string()),
    type: loose(z.string()),
    code: loose(code),
    error_subcode: loose(code),
    error_data: loose(z.object({ details: loose(z.string()) })),
    error_user_title: loose(z.string()),
    error_user_msg: loose(z.string()),
    fbtrace_id: loose(z.string()),
  }),
});

/**
 * `{ error: { message, type, code, error_subcode, error_data: { details }, fbtrace_id, … } }`,
 * read best effort: the code decides what happened, the rest is words for the owner and the
 * log, so a field of an unexpected type is ignored instead of losing the code. Null when there
 * is no `error` object with a message or a code (a gateway's HTML page, an empty body).
 */
export function parseGraphError(body: unknown): GraphApiError | null {
  const parsed = graphErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const e = parsed.data.error;
  if (e.code === undefined && e.message === undefined) return null;
  return {
    message: e.message ?? '',
    ...defined({
      type: e.type,
      code: e.code,
      subcode: e.error_subcode,
      details: e.error_data?.details,
      userTitle: e.error_user_title,
      userMessage: e.error_user_msg,
      fbtraceId: e.fbtrace_id,
    }),
  };
}
