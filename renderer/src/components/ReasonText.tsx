/**
 * The owner's words (common/messages.ts) — an item reason, why a task waits or failed, a
 * CSV row error, a task title — in the window's language, isolated in a <bdi>. A translated
 * sentence takes the language's direction; each param in it (a number, a phone number,
 * Google's own words) is isolated again, so it keeps its own order. Text the owner typed
 * (`verbatim`) is shown as typed in every language.
 */
import { Fragment, useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../common/ipc/contract.ts';
import { formatMessage, isTranslated, messageParts, type Message, type MessagePart } from '../../../common/messages.ts';
import { DIRECTION } from '../i18n/index.ts';

export interface ReasonTextProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'dir'> {
  message: Message;
  'data-testid'?: string;
}

export function ReasonText({ message, ...rest }: ReasonTextProps) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const parts = useMemo(() => messageParts(message, language), [message, language]);
  return (
    <bdi {...rest} {...(isTranslated(message, language) ? { dir: DIRECTION[language as Language] ?? 'auto' } : {})}>
      {renderParts(parts)}
    </bdi>
  );
}

/** A task title: main's own titles in the window's language, the owner's as typed. */
export const TitleText = ReasonText;

/** The owner's words as plain text in the window's language, for a label or a sentence around it. */
export function useWords(message: Message): string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => formatMessage(message, language), [message, language]);
}

/** A task title as plain text in the window's language. */
export const useTaskTitle = useWords;

function renderParts(parts: readonly MessagePart[]): ReactNode[] {
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
