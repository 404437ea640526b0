/**
 * WhatsApp accounts per business, as main describes them. The access token passes
 * through addAccount/replaceAccountToken on its way to main and is never kept here:
 * what the store holds is rebuilt field by field from the answer, so even a token
 * that slipped into an answer by mistake would not stay in the window.
 */
import type { RequestOf } from '../../../common/ipc/contract.ts';
import type { BusinessId, WhatsAppAccount } from '../../../common/model.ts';
import { toUiError } from '../lib/errors.ts';
import type { LoadStatus, SliceCreator } from './types.ts';

export type NewAccount = Omit<RequestOf<'accounts:add'>, 'businessId'>;

export interface AccountsSlice {
  accountsByBusiness: Readonly<Record<BusinessId, readonly WhatsAppAccount[]>>;
  accountsStatus: Readonly<Record<BusinessId, LoadStatus>>;
  loadAccounts(businessId: BusinessId): Promise<void>;
  /** Rejects with a UiError. The token goes to main only. */
  addAccount(businessId: BusinessId, account: NewAccount): Promise<WhatsAppAccount>;
  /** Asks main to check the connection; the answer (ok or the problem in words) is kept. */
  checkAccount(businessId: BusinessId, accountId: number): Promise<WhatsAppAccount>;
  /** Rejects with a UiError. The token goes to main only. */
  replaceAccountToken(businessId: BusinessId, accountId: number, token: string): Promise<WhatsAppAccount>;
  /** Rejects with a UiError (e.g. conflict while unfinished broadcasts use it). */
  removeAccount(businessId: BusinessId, accountId: number): Promise<void>;
}

/** Only the fields the window shows: nothing else from an answer is kept. */
export function publicAccount(a: WhatsAppAccount): WhatsAppAccount {
  return {
    id: a.id,
    businessId: a.businessId,
    label: a.label,
    phoneNumberId: a.phoneNumberId,
    wabaId: a.wabaId,
    graphVersion: a.graphVersion,
    baseUrl: a.baseUrl,
    ratePerSecond: a.ratePerSecond,
    tokenStoredIn: a.tokenStoredIn,
    check: {
      at: a.check.at,
      displayPhoneNumber: a.check.displayPhoneNumber,
      verifiedName: a.check.verifiedName,
      qualityRating: a.check.qualityRating,
      throughputLevel: a.check.throughputLevel,
      error: a.check.error,
    },
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export const createAccountsSlice: SliceCreator<AccountsSlice> = (api) => (set) => {
  const inflight = new Map<BusinessId, Promise<void>>();

  /** Puts one account in its business's list (replacing the one with its id, or appending). */
  function keep(account: WhatsAppAccount): WhatsAppAccount {
    const clean = publicAccount(account);
    set((s) => {
      const list = s.accountsByBusiness[clean.businessId] ?? [];
      const next = list.some((a) => a.id === clean.id) ? list.map((a) => (a.id === clean.id ? clean : a)) : [...list, clean];
      return { accountsByBusiness: { ...s.accountsByBusiness, [clean.businessId]: next } };
    });
    return clean;
  }

  return {
    accountsByBusiness: {},
    accountsStatus: {},

    loadAccounts(businessId) {
      const running = inflight.get(businessId);
      if (running) return running;
      set((s) => ({ accountsStatus: { ...s.accountsStatus, [businessId]: { state: 'loading' } } }));
      const load = api
        .invoke('accounts:list', { businessId })
        .then(
          (accounts) =>
            set((s) => ({
              accountsByBusiness: { ...s.accountsByBusiness, [businessId]: accounts.map(publicAccount) },
              accountsStatus: { ...s.accountsStatus, [businessId]: { state: 'ready' } },
            })),
          (error: unknown) =>
            set((s) => ({ accountsStatus: { ...s.accountsStatus, [businessId]: { state: 'error', error: toUiError(error) } } })),
        )
        .finally(() => inflight.delete(businessId));
      inflight.set(businessId, load);
      return load;
    },

    async addAccount(businessId, account) {
      return keep(await api.invoke('accounts:add', { businessId, ...account }));
    },

    async checkAccount(businessId, accountId) {
      return keep(await api.invoke('accounts:check', { businessId, accountId }));
    },

    async replaceAccountToken(businessId, accountId, token) {
      return keep(await api.invoke('accounts:replaceToken', { businessId, accountId, token }));
    },

    async removeAccount(businessId, accountId) {
      await api.invoke('accounts:remove', { businessId, accountId });
      set((s) => ({
        accountsByBusiness: {
          ...s.accountsByBusiness,
          [businessId]: (s.accountsByBusiness[businessId] ?? []).filter((a) => a.id !== accountId),
        },
      }));
    },
  };
};
