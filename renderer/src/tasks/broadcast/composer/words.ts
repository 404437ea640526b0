/** How the composer names an account and a contact field, in the window's language. */
import type { TFunction } from 'i18next';
import type { WhatsAppAccount } from '../../../../../common/model.ts';
import { isolate } from '../../../lib/bidi.ts';
import { BUILT_IN_FIELDS, type BuiltInField } from './draft.ts';

/** "Main shop · +972 50-123-4567", or the phone number ID until a check has read the number. */
export function accountName(t: TFunction, account: WhatsAppAccount): string {
  const number = account.check.displayPhoneNumber ?? t('composer.accountNoNumber', { id: account.phoneNumberId });
  return t('composer.accountOption', { label: isolate(account.label), number: isolate(number) });
}

export function isBuiltInField(field: string): field is BuiltInField {
  return (BUILT_IN_FIELDS as readonly string[]).includes(field);
}

/** "Name" / "Phone" for the built-in fields; a custom field by its own name. */
export function fieldLabel(t: TFunction, field: string): string {
  return isBuiltInField(field) ? t(`composer.fieldNames.${field}`) : field;
}
