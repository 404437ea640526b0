/**
 * The Google OAuth client's two inputs (client ID, optional secret), shared by Settings →
 * Gmail and the Receipts page's connect form: the same state, the same checks main's
 * contract applies, the same fields. Each place brings its own words and what it does
 * with the values.
 */
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GMAIL_CLIENT_ID_EXAMPLE,
  GMAIL_CLIENT_ID_MAX,
  GMAIL_CLIENT_SECRET_MAX,
  gmailClientIdProblem,
  gmailClientSecretProblem,
  type GmailClientIdProblem,
  type GmailClientSecretProblem,
} from '../../../common/gmail-oauth-client.ts';
import { isolate } from '../lib/bidi.ts';
import { Field } from './Field.tsx';

const SUFFIX = '.apps.googleusercontent.com';

/** The translated words for a client ID or secret problem. */
export function useClientIdMessages() {
  const { t } = useTranslation();
  const values = { suffix: isolate(SUFFIX), example: isolate(GMAIL_CLIENT_ID_EXAMPLE) };
  return {
    idHint: t('settings.gmail.clientIdHint', values),
    idError: (problem: GmailClientIdProblem | null) => (problem ? t(`settings.gmail.errors.${problem}`, values) : undefined),
    secretError: (problem: GmailClientSecretProblem | null) => (problem ? t(`settings.gmail.secretErrors.${problem}`) : undefined),
  };
}

export interface GmailClientInput {
  clientId: string;
  idProblem: GmailClientIdProblem | null;
  secretProblem: GmailClientSecretProblem | null;
  secretRef: React.RefObject<HTMLInputElement | null>;
  changeClientId(value: string): void;
  clearSecretProblem(): void;
  /** The trimmed values when both pass the checks; otherwise the problems are shown and it gives null. */
  checked(): { clientId: string; secret: string } | null;
  /** After a save: the secret is write-only, so its field empties. */
  clearSecret(): void;
}

export function useGmailClientInput(initialId = ''): GmailClientInput {
  const [clientId, setClientId] = useState(initialId);
  const [idProblem, setIdProblem] = useState<GmailClientIdProblem | null>(null);
  const [secretProblem, setSecretProblem] = useState<GmailClientSecretProblem | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  // Stable, so a caller can follow a value saved elsewhere in an effect.
  const changeClientId = useCallback((value: string) => {
    setClientId(value);
    setIdProblem(null);
  }, []);
  return {
    clientId,
    idProblem,
    secretProblem,
    secretRef,
    changeClientId,
    clearSecretProblem: () => setSecretProblem(null),
    checked() {
      const id = clientId.trim();
      const secret = secretRef.current?.value.trim() ?? '';
      const badId = gmailClientIdProblem(id);
      const badSecret = secret ? gmailClientSecretProblem(secret) : null;
      setIdProblem(badId);
      setSecretProblem(badSecret);
      return badId || badSecret ? null : { clientId: id, secret };
    },
    clearSecret() {
      if (secretRef.current) secretRef.current.value = '';
    },
  };
}

export function GmailClientFields({
  input,
  labels,
  secretPlaceholder,
  disabled,
}: {
  input: GmailClientInput;
  labels: { clientId: string; clientIdHint: string; clientSecret: string; clientSecretHint: string };
  secretPlaceholder?: string | undefined;
  disabled: boolean;
}) {
  const messages = useClientIdMessages();
  return (
    <>
      <Field label={labels.clientId} hint={labels.clientIdHint} error={messages.idError(input.idProblem)}>
        {(id, describedBy) => (
          <input
            id={id}
            className="input input--mono"
            dir="ltr"
            value={input.clientId}
            maxLength={GMAIL_CLIENT_ID_MAX}
            autoComplete="off"
            spellCheck={false}
            placeholder={GMAIL_CLIENT_ID_EXAMPLE}
            aria-invalid={input.idProblem ? true : undefined}
            aria-describedby={describedBy}
            disabled={disabled}
            onChange={(e) => input.changeClientId(e.target.value)}
          />
        )}
      </Field>
      <Field label={labels.clientSecret} hint={labels.clientSecretHint} error={messages.secretError(input.secretProblem)}>
        {(id, describedBy) => (
          <input
            id={id}
            ref={input.secretRef}
            className="input input--mono"
            dir="ltr"
            type="password"
            maxLength={GMAIL_CLIENT_SECRET_MAX}
            autoComplete="off"
            placeholder={secretPlaceholder}
            aria-invalid={input.secretProblem ? true : undefined}
            aria-describedby={describedBy}
            disabled={disabled}
            onChange={input.clearSecretProblem}
          />
        )}
      </Field>
    </>
  );
}
