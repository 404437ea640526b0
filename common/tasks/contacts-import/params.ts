/** A contact import's parameters: the CSV file, and how to read it. */
import { z } from 'zod';
import { columnMapping, countryCode } from '../shared-params.ts';

export const contactsImportParams = z
  .object({
    path: z.string().min(1).max(4096),
    defaultCountry: countryCode.optional(),
    mapping: columnMapping.optional(),
  })
  .strict();

export type ContactsImportParams = z.infer<typeof contactsImportParams>;
