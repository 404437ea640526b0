/**
 * Something the owner asked for (save, start, remove…): whether it is running, and what
 * went wrong, as a UiError. Replaces the busy flag, the error state and the try/catch each
 * form used to write for itself.
 */
import { useCallback, useRef, useState } from 'react';
import { toUiError, type UiError } from './errors.ts';

/** How a run ended. `run` never rejects: a failure is this, and `error` shows it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

export interface Action<A extends unknown[], T> {
  /** Runs the latest `action` given to the hook. Clears the previous error first. */
  run(...args: A): Promise<Outcome<T>>;
  /** True from the call of `run` until its promise settles. */
  busy: boolean;
  /** The arguments of the run in progress (which of several buttons is busy), or null. */
  running: A | null;
  /** Why the last run failed; null while running and after a success. */
  error: UiError | null;
  clearError(): void;
}

export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>): Action<A, T> {
  const latest = useRef(action);
  latest.current = action;
  const inflight = useRef(0);
  const [state, setState] = useState<{ running: A | null; error: UiError | null }>({ running: null, error: null });

  const run = useCallback(async (...args: A): Promise<Outcome<T>> => {
    inflight.current += 1;
    setState({ running: args, error: null });
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await latest.current(...args) };
    } catch (error) {
      outcome = { ok: false, error: toUiError(error) };
    }
    inflight.current -= 1;
    const idle = inflight.current === 0;
    setState((s) => ({ running: idle ? null : s.running, error: outcome.ok ? s.error : outcome.error }));
    return outcome;
  }, []);

  const clearError = useCallback(() => setState((s) => (s.error ? { ...s, error: null } : s)), []);

  return { run, busy: state.running !== null, running: state.running, error: state.error, clearError };
}
