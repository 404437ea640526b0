/**
 * Locale-aware formatting of numbers, percentages, rates, times and durations (Intl),
 * memoised per language.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  integer(n: number): string;
  decimal(n: number): string;
  percent(fraction: number): string;
  /** A time today, or date and time otherwise. */
  when(epochMs: number): string;
  dateTime(epochMs: number): string;
  /** A calendar date without the time. */
  date(epochMs: number): string;
  /** An amount in a currency's minor unit (cents, agorot), e.g. 12345 ILS → "₪123.45". */
  money(minor: number, currency: string): string;
  /** A rough duration: "45 sec", "12 min", "2 hr, 5 min". */
  duration(seconds: number): string;
}

export function createFormatters(language: string): Formatters {
  const integer = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const unit = (u: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 0 });
  const seconds = unit('second');
  const minutes = unit('minute');
  const hours = unit('hour');
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  const currencies = new Map<string, Intl.NumberFormat | null>();
  const currencyFormat = (code: string): Intl.NumberFormat | null => {
    if (!currencies.has(code)) {
      let format: Intl.NumberFormat | null = null;
      try {
        format = new Intl.NumberFormat(language, { style: 'currency', currency: code });
      } catch {
        // Not an ISO 4217 code Intl knows: shown as a number with the code.
      }
      currencies.set(code, format);
    }
    return currencies.get(code) ?? null;
  };
  const list = new Intl.ListFormat(language, { type: 'unit', style: 'short' });

  return {
    integer: (n) => integer.format(n),
    decimal: (n) => decimal.format(n),
    percent: (f) => percent.format(f),
    when(ms) {
      const d = new Date(ms);
      const today = new Date();
      return d.toDateString() === today.toDateString() ? time.format(d) : dateTime.format(d);
    },
    dateTime: (ms) => dateTime.format(new Date(ms)),
    date: (ms) => date.format(new Date(ms)),
    money(minor, code) {
      const format = currencyFormat(code.toUpperCase());
      if (!format) return `${decimal.format(minor / 100)} ${code}`;
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(minor / 10 ** digits);
    },
    duration(total) {
      const s = Math.max(1, Math.round(total));
      if (s < 60) return seconds.format(s);
      if (s < 3600) return minutes.format(Math.round(s / 60));
      const h = Math.floor(s / 3600);
      const m = Math.round((s % 3600) / 60);
      return m ? list.format([hours.format(h), minutes.format(m)]) : hours.format(h);
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => createFormatters(language), [language]);
}
