/**
 * Something the window shows that has to be asked of main: loaded when the component
 * mounts and whenever `deps` change, with its loading state and its error as a UiError.
 * An answer that comes back after the question changed (or the component went away) is
 * dropped, so a slow first answer never replaces a newer one.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { toUiError, type UiError } from './errors.ts';

export interface Query<T> {
  /** The last answer for these deps; null before it comes, after an error, and while `load` is null. */
  data: T | null;
  loading: boolean;
  error: UiError | null;
  /** Asks again with the same deps; the data shown so far stays until the new answer. */
  refresh(): void;
  /** Replaces the data held without asking (an action already returned the new value). */
  setData(data: T): void;
}

export interface QueryOptions {
  /** Keep showing the previous answer while different deps load (a preview that should not flicker). */
  keepPreviousData?: boolean;
}

interface Held<T> {
  /** The deps `data` and `error` belong to; null before the first load. */
  deps: DependencyList | null;
  data: T | null;
  error: UiError | null;
  loading: boolean;
}

function sameDeps(a: DependencyList | null, b: DependencyList): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * `load` null means there is nothing to ask now (no account chosen, say): not loading, no
 * data, no error. `deps` are what the question depends on, as for useEffect.
 */
export function useQuery<T>(load: (() => Promise<T>) | null, deps: DependencyList, options: QueryOptions = {}): Query<T> {
  const keepPrevious = options.keepPreviousData ?? false;
  const latest = useRef(load);
  latest.current = load;
  const enabled = load !== null;
  const [attempt, setAttempt] = useState(0);
  const [held, setHeld] = useState<Held<T>>({ deps: null, data: null, error: null, loading: false });

  useEffect(() => {
    const ask = latest.current;
    if (!ask) return;
    let live = true;
    setHeld((h) => ({ deps, data: keepPrevious || sameDeps(h.deps, deps) ? h.data : null, error: null, loading: true }));
    let answer: Promise<T>;
    try {
      answer = ask();
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (data) => live && setHeld({ deps, data, error: null, loading: false }),
      (error: unknown) => live && setHeld({ deps, data: null, error: toUiError(error), loading: false }),
    );
    return () => {
      live = false;
    };
    // `deps` are the caller's, spread as useEffect's own; `load` is read through the ref.
  }, [enabled, attempt, keepPrevious, ...deps]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  const setData = useCallback((data: T) => setHeld((h) => ({ ...h, data, error: null })), []);

  if (!enabled) return { data: null, loading: false, error: null, refresh, setData };
  // Rendered with new deps before the effect asked: already loading, never the old question's answer.
  if (!sameDeps(held.deps, deps)) return { data: keepPrevious ? held.data : null, loading: true, error: null, refresh, setData };
  return { data: held.data, loading: held.loading, error: held.error, refresh, setData };
}
