/**
 * One of main's owner-facing sentences (an item reason, why a task waits or failed, a CSV
 * row error, a Gmail error) in the window's language, isolated in a <bdi>. A translated
 * sentence takes the language's direction; each param main put in it (a number, a phone
 * number, Google's own words) is isolated again, so it keeps its own order. In English, or
 * for a sentence that is not in the catalogue, the text is shown exactly as main wrote it.
 */
import { Fragment, useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../common/ipc/contract.ts';
import { DIRECTION } from '../i18n/index.ts';
import { localizeReasonParts, localizeTitle, localizeTitleParts, type ReasonPart } from '../../../common/reasons-localize.ts';

export interface ReasonTextProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'dir'> {
  text: string;
  'data-testid'?: string;
}

export function ReasonText({ text, ...rest }: ReasonTextProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const parts = useMemo(() => localizeReasonParts(text, t, language), [text, t, language]);
  return <Localized text={text} parts={parts} language={language} {...rest} />;
}

/**
 * A task title in the window's language, isolated in a <bdi>. Only a title main made up
 * (common/reasons.ts, `title…`) is translated; one the owner typed is shown as typed, and
 * English exactly as stored (tests and the owner find a card by its title).
 */
export function TitleText({ text, ...rest }: ReasonTextProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const parts = useMemo(() => localizeTitleParts(text, t, language), [text, t, language]);
  return <Localized text={text} parts={parts} language={language} {...rest} />;
}

/** A task title as plain text in the window's language, for a label or a sentence around it. */
export function useTaskTitle(title: string): string {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => localizeTitle(title, t, language), [title, t, language]);
}

function Localized({ text, parts, language, ...rest }: ReasonTextProps & { parts: readonly ReasonPart[]; language: string }) {
  const translated = parts.length !== 1 || parts[0] !== text;
  return (
    <bdi {...rest} {...(translated ? { dir: DIRECTION[language as Language] ?? 'auto' } : {})}>
      {renderParts(parts)}
    </bdi>
  );
}

function renderParts(parts: readonly ReasonPart[]): ReactNode[] {
  return parts.map((part, i) => {
    if (typeof part === 'string') return <Fragment key={i}>{part}</Fragment>;
    if ('nested' in part) return <Fragment key={i}>{renderParts(part.nested)}</Fragment>;
    return (
      <bdi key={i} data-param={part.param}>
        {part.value}
      </bdi>
    );
  });
}
