/**
 * window.taskdeck as the window's code uses it: the same calls, but a failed call always
 * rejects with a UiError (toUiError of whatever the preload threw), so nothing that
 * catches needs to guess or cast. The store's slices and every component (through useApi)
 * get this wrapper; the raw bridge is only wrapped here.
 */
import type { TaskdeckApi } from '../../../common/ipc/api.ts';
import type { RequestChannel } from '../../../common/ipc/channels.ts';
import type { RequestOf, ResponseOf } from '../../../common/ipc/contract.ts';
import { toUiError } from './errors.ts';

export interface UiApi {
  /** Resolves with main's answer; rejects with a UiError and nothing else. */
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on: TaskdeckApi['on'];
  /** Tells a wrapped API from a raw one, so a raw one cannot be handed where rejections must be UiErrors. */
  readonly rejectsWithUiError: true;
}

const wrapped = new WeakMap<TaskdeckApi, UiApi>();

/** The wrapper for this bridge: the same object each time, so it can sit in hook dependencies. */
export function uiApi(api: TaskdeckApi): UiApi {
  let ui = wrapped.get(api);
  if (!ui) {
    ui = {
      invoke(channel, request) {
        try {
          return api.invoke(channel, request).catch((error: unknown) => Promise.reject(toUiError(error)));
        } catch (error) {
          // A bridge that throws before it even returns a promise fails the same way.
          return Promise.reject(toUiError(error));
        }
      },
      on: (channel, listener) => api.on(channel, listener),
      rejectsWithUiError: true,
    };
    wrapped.set(api, ui);
  }
  return ui;
}
