/** Parameter pieces more than one task kind uses: a country for phone numbers, CSV column names. */
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
