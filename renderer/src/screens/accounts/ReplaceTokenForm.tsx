/** "Replace token": the new token is read from its password input on submit, sent to main, and the input emptied. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_TOKEN_MAX } from '../../../../common/ipc/contract.ts';
import type { WhatsAppAccount } from '../../../../common/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { Field } from '../../components/Field.tsx';
import { tokenError, type AccountErrorKey } from '../../lib/accounts.ts';
import { isolate } from '../../lib/bidi.ts';
import { useAction } from '../../lib/use-action.ts';
import { useAppStore } from '../../store/index.ts';

export function ReplaceTokenForm(props: { account: WhatsAppAccount; onCancel(): void; onSaved(): void }) {
  const { account } = props;
  const { t } = useTranslation();
  const replaceAccountToken = useAppStore((s) => s.replaceAccountToken);
  const input = useRef<HTMLInputElement>(null);
  const [invalid, setInvalid] = useState<AccountErrorKey | null>(null);
  const saving = useAction(async (field: HTMLInputElement) => {
    await replaceAccountToken(account.businessId, account.id, field.value.trim());
    field.value = '';
    props.onSaved();
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const field = input.current;
    if (!field) return;
    const problem = tokenError(field.value);
    setInvalid(problem);
    if (problem) {
      field.focus();
      return;
    }
    void saving.run(field);
  }

  return (
    <form className="token-form" onSubmit={submit} noValidate>
      <Field
        label={t('accounts.newToken', { label: isolate(account.label) })}
        hint={t('accounts.newTokenHint')}
        error={invalid ? t(`accounts.errors.${invalid}`) : undefined}
      >
        {(id, describedBy) => (
          <input
            id={id}
            ref={input}
            type="password"
            className="input input--mono"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            maxLength={ACCESS_TOKEN_MAX}
            aria-describedby={describedBy}
            aria-invalid={invalid ? true : undefined}
            onChange={() => invalid && setInvalid(null)}
          />
        )}
      </Field>
      <ErrorNote error={saving.error} />
      <div className="form-actions">
        <button type="button" className="btn btn--small" onClick={props.onCancel} disabled={saving.busy}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--small btn--primary" disabled={saving.busy} aria-busy={saving.busy}>
          {saving.busy ? t('accounts.savingToken') : t('accounts.saveToken')}
        </button>
      </div>
    </form>
  );
}
