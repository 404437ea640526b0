/**
 * The composer's form state: the draft, its validation, which step is shown (edit or
 * review), the business's WhatsApp accounts and the one chosen. The pure rules live in
 * draft.ts; this hook only holds them together for the steps.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessId, WhatsAppAccount } from '../../../../../common/model.ts';
import { TEMPLATE_MAX, TEMPLATE_PARAM_TEXT_MAX } from '../../../../../common/tasks/broadcast/params.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useAppStore } from '../../../store/index.ts';
import { EMPTY_DRAFT, validateDraft, type Draft, type DraftField, type Validation } from './draft.ts';

const NO_ACCOUNTS: readonly WhatsAppAccount[] = [];

export type ComposerStep = 'edit' | 'review';

export interface ComposerForm {
  businessId: BusinessId;
  draft: Draft;
  update(patch: Partial<Draft>): void;
  validation: Validation;
  /** True once the owner asked to review: problems are shown from then on. */
  showErrors: boolean;
  /** The words for a field's problem, when problems are shown; else undefined. */
  errorText(field: DraftField): string | undefined;
  step: ComposerStep;
  /** Shows the problems; goes on to the summary when there are none, else to the first one. */
  review(): void;
  /** Back from the summary, with the draft kept. */
  edit(): void;
  accounts: readonly WhatsAppAccount[];
  accountsReady: boolean;
  /** The WhatsApp account the draft sends from, or null (test mode, or none chosen). */
  account: WhatsAppAccount | null;
  whatsapp: boolean;
  /** WhatsApp with an approved template (rather than free text). */
  usesTemplate: boolean;
}

export function useComposer(businessId: BusinessId): ComposerForm {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [step, setStep] = useState<ComposerStep>('edit');
  const [showErrors, setShowErrors] = useState(false);
  const accounts = useAppStore((s) => s.accountsByBusiness[businessId]) ?? NO_ACCOUNTS;
  const accountsReady = useAppStore((s) => s.accountsStatus[businessId]?.state === 'ready');
  const loadAccounts = useAppStore((s) => s.loadAccounts);
  const validation = validateDraft(draft);
  const whatsapp = draft.provider === 'whatsapp';

  useEffect(() => {
    void loadAccounts(businessId);
  }, [loadAccounts, businessId]);

  // The account was removed meanwhile (on the WhatsApp page): ask for another.
  useEffect(() => {
    if (accountsReady && draft.provider === 'whatsapp' && draft.accountId !== null && !accounts.some((a) => a.id === draft.accountId)) {
      setDraft((d) => ({ ...d, accountId: null, waTemplate: null, templateParams: [] }));
    }
  }, [accountsReady, accounts, draft.provider, draft.accountId]);

  return {
    businessId,
    draft,
    update: (patch) => setDraft((d) => ({ ...d, ...patch })),
    validation,
    showErrors,
    errorText(field) {
      const key = showErrors ? validation.errors[field] : undefined;
      return key ? t(`composer.errors.${key}`, { max: fmt.integer(TEMPLATE_MAX), maxText: fmt.integer(TEMPLATE_PARAM_TEXT_MAX) }) : undefined;
    },
    step,
    review() {
      setShowErrors(true);
      if (validation.params) setStep('review');
      // Take the owner to the first thing to fix.
      else requestAnimationFrame(() => document.querySelector<HTMLElement>('.composer [aria-invalid="true"]')?.focus());
    },
    edit: () => setStep('edit'),
    accounts,
    accountsReady,
    account: whatsapp ? (accounts.find((a) => a.id === draft.accountId) ?? null) : null,
    whatsapp,
    usesTemplate: whatsapp && draft.whatsappContent === 'template',
  };
}
