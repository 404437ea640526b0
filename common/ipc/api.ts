/**
 * The shape of window.taskdeck, derived from the contract: one async function per
 * request channel (rejecting with a TaskdeckError-like object on failure) and one
 * subscription per event channel.
 */
import type { EventChannel, RequestChannel } from './channels.ts';
import type { EventOf, RequestOf, ResponseOf } from './contract.ts';

export type TaskdeckApi = {
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
};
