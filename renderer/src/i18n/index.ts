/**
 * i18next with the two bundled languages. One instance per window (and per test),
 * created synchronously from in-memory resources, so the first paint is translated.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../common/ipc/contract.ts';
import { en } from './en.ts';
import { he } from './he.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    /** The window's own words; main's (common/reasons.ts) are rendered by common/messages.ts. */
    resources: { translation: typeof en };
  }
}

export const DIRECTION: Record<Language, 'ltr' | 'rtl'> = { en: 'ltr', he: 'rtl' };

export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, he: { translation: he } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'he'],
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return instance;
}

/** `<html lang dir>` follows the language, so the whole layout mirrors in Hebrew. */
export function applyDocumentLanguage(language: Language, doc: Document = document): void {
  doc.documentElement.lang = language;
  doc.documentElement.dir = DIRECTION[language];
}
