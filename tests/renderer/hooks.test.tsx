/**
 * The window's three pieces under every call to main: the API wrapper (a failed call
 * rejects with a UiError), useAction (busy while running, the error typed) and useQuery
 * (loading, the answer for the current question only, refresh).
 */
import { act, renderHook } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { uiApi } from '../../renderer/src/lib/api.ts';
import { toUiError, type UiError } from '../../renderer/src/lib/errors.ts';
import { useAction } from '../../renderer/src/lib/use-action.ts';
import { useQuery } from '../../renderer/src/lib/use-query.ts';
import { BUSINESS, createFakeApi, FakeError } from './fixtures/fake-api.ts';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('uiApi', () => {
  test('answers pass through; a refusal rejects with a UiError of its code, message and details', async () => {
    const raw = createFakeApi({
      'businesses:rename': () => {
        throw Object.assign(new FakeError('invalid_request', 'Invalid request for businesses:rename'), { details: ['name: too long'] });
      },
    });
    const api = uiApi(raw);
    await expect(api.invoke('businesses:list', {})).resolves.toEqual([BUSINESS]);
    const error: unknown = await api.invoke('businesses:rename', { businessId: 1, name: 'x' }).catch((e: unknown) => e);
    expect(error).toEqual({ code: 'invalid_request', message: 'Invalid request for businesses:rename', details: ['name: too long'] });
    expect(error).not.toBeInstanceOf(Error);
    // Normalising again gives the same object back: nothing is lost on the way through a hook.
    expect(toUiError(error)).toBe(error);
  });

  test('an unknown code, a string, and a bridge that throws before returning all become UiErrors', async () => {
    const raw = createFakeApi({
      'settings:get': () => {
        throw new FakeError('EPIPE', 'the pipe broke');
      },
    });
    await expect(uiApi(raw).invoke('settings:get', {})).rejects.toEqual({ code: 'unknown', message: 'the pipe broke' });
    raw.invoke = () => {
      throw 'no bridge';
    };
    await expect(uiApi(raw).invoke('settings:get', {})).rejects.toEqual({ code: 'unknown', message: 'no bridge' });
  });

  test('one wrapper per bridge, and events pass through', () => {
    const raw = createFakeApi();
    expect(uiApi(raw)).toBe(uiApi(raw));
    const seen: number[] = [];
    const off = uiApi(raw).on('tasks:snapshot', (s) => seen.push(s.id));
    expect(raw.listenerCount()).toBe(1);
    off();
    expect(raw.listenerCount()).toBe(0);
    expect(seen).toEqual([]);
  });
});

describe('useAction', () => {
  test('busy while running, with the arguments of the run; not busy and no error after a success', async () => {
    const gate = deferred<string>();
    const { result } = renderHook(() => useAction((name: string, n: number) => gate.promise.then((v) => `${v} ${name} ${n}`)));
    expect(result.current.busy).toBe(false);
    expect(result.current.running).toBeNull();

    let outcome!: Promise<unknown>;
    act(() => {
      outcome = result.current.run('sync', 2);
    });
    expect(result.current.busy).toBe(true);
    expect(result.current.running).toEqual(['sync', 2]);

    await act(async () => gate.resolve('done'));
    await expect(outcome).resolves.toEqual({ ok: true, value: 'done sync 2' });
    expect(result.current.busy).toBe(false);
    expect(result.current.running).toBeNull();
    expect(result.current.error).toBeNull();
  });

  test('a rejection becomes a typed UiError; run resolves (never rejects); the next run clears it; clearError too', async () => {
    let fail = true;
    const { result } = renderHook(() =>
      useAction(async () => {
        if (fail) throw new FakeError('conflict', 'A broadcast is already running for this business');
        return 7;
      }),
    );
    let outcome: unknown;
    await act(async () => {
      outcome = await result.current.run();
    });
    const expected: UiError = { code: 'conflict', message: 'A broadcast is already running for this business' };
    expect(outcome).toEqual({ ok: false, error: expected });
    expect(result.current.error).toEqual(expected);
    expect(result.current.busy).toBe(false);

    // A second run starts clean: the old error goes at once, not when it succeeds.
    fail = false;
    act(() => void result.current.run());
    expect(result.current.error).toBeNull();
    expect(result.current.busy).toBe(true);
    await settle();
    expect(result.current.error).toBeNull();

    fail = true;
    await act(async () => void (await result.current.run()));
    expect(result.current.error?.code).toBe('conflict');
    act(() => result.current.clearError());
    expect(result.current.error).toBeNull();
  });

  test('a thrown non-Error and a synchronous throw are UiErrors too; the latest action is the one run', async () => {
    let label = 'first';
    const { result, rerender } = renderHook(() =>
      useAction((): Promise<string> => {
        if (label === 'sync') throw 'broken before the promise';
        return Promise.resolve(label);
      }),
    );
    label = 'second';
    rerender();
    let outcome: unknown;
    await act(async () => {
      outcome = await result.current.run();
    });
    expect(outcome).toEqual({ ok: true, value: 'second' });
    label = 'sync';
    rerender();
    await act(async () => {
      outcome = await result.current.run();
    });
    expect(outcome).toEqual({ ok: false, error: { code: 'unknown', message: 'broken before the promise' } });
    expect(result.current.busy).toBe(false);
  });

  test('two runs at once: busy until both are done', async () => {
    const a = deferred<void>();
    const b = deferred<void>();
    const gates = [a, b];
    const { result } = renderHook(() => useAction(() => gates.shift()!.promise));
    act(() => {
      void result.current.run();
      void result.current.run();
    });
    await act(async () => a.resolve());
    expect(result.current.busy).toBe(true);
    await act(async () => b.resolve());
    expect(result.current.busy).toBe(false);
  });
});

describe('useQuery', () => {
  test('loading, then the answer; a rejection is a typed error with no data; refresh asks again and keeps the data', async () => {
    const answers: ReturnType<typeof deferred<string[]>>[] = [];
    const load = () => {
      const d = deferred<string[]>();
      answers.push(d);
      return d.promise;
    };
    const { result } = renderHook(() => useQuery(load, []));
    expect(result.current).toMatchObject({ data: null, loading: true, error: null });
    await settle();
    expect(answers).toHaveLength(1);

    await act(async () => answers[0]!.resolve(['order_ready']));
    expect(result.current).toMatchObject({ data: ['order_ready'], loading: false, error: null });

    act(() => result.current.refresh());
    await settle();
    expect(answers).toHaveLength(2);
    expect(result.current).toMatchObject({ data: ['order_ready'], loading: true, error: null });
    await act(async () => answers[1]!.reject(new FakeError('bad_input', 'the access token has expired')));
    expect(result.current).toMatchObject({ data: null, loading: false, error: { code: 'bad_input', message: 'the access token has expired' } });

    act(() => result.current.refresh());
    await settle();
    expect(result.current.error).toBeNull();
    expect(result.current.loading).toBe(true);
    await act(async () => answers[2]!.resolve(['hello_world']));
    expect(result.current).toMatchObject({ data: ['hello_world'], loading: false, error: null });
  });

  test('new deps: loading at once with no old answer shown, and a late answer to the old question is dropped', async () => {
    const answers = new Map<number, ReturnType<typeof deferred<string>>>();
    const { result, rerender } = renderHook(({ id }) => useQuery(() => {
      const d = deferred<string>();
      answers.set(id, d);
      return d.promise;
    }, [id]), { initialProps: { id: 3 } });
    await settle();
    await act(async () => answers.get(3)!.resolve('templates of 3'));
    expect(result.current.data).toBe('templates of 3');

    rerender({ id: 4 });
    // The very render with the new deps already says "loading", never account 3's answer.
    expect(result.current).toMatchObject({ data: null, loading: true });
    await settle();
    rerender({ id: 5 });
    await settle();
    await act(async () => answers.get(5)!.resolve('templates of 5'));
    await act(async () => answers.get(4)!.resolve('templates of 4'));
    expect(result.current).toMatchObject({ data: 'templates of 5', loading: false });
  });

  test('keepPreviousData shows the last answer while new deps load', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<number>>>();
    const { result, rerender } = renderHook(
      ({ search }) =>
        useQuery(() => {
          const d = deferred<number>();
          answers.set(search, d);
          return d.promise;
        }, [search], { keepPreviousData: true }),
      { initialProps: { search: '' } },
    );
    await settle();
    await act(async () => answers.get('')!.resolve(1234));
    rerender({ search: 'Levi' });
    expect(result.current).toMatchObject({ data: 1234, loading: true });
    await settle();
    await act(async () => answers.get('Levi')!.resolve(3));
    expect(result.current).toMatchObject({ data: 3, loading: false });
  });

  test('no load: nothing asked, not loading; setData replaces the answer without asking', async () => {
    let calls = 0;
    const { result, rerender } = renderHook(({ on }) => useQuery(on ? () => Promise.resolve(++calls) : null, []), { initialProps: { on: false } });
    await settle();
    expect(calls).toBe(0);
    expect(result.current).toMatchObject({ data: null, loading: false, error: null });
    rerender({ on: true });
    await settle();
    expect(calls).toBe(1);
    expect(result.current.data).toBe(1);
    act(() => result.current.setData(42));
    expect(result.current).toMatchObject({ data: 42, loading: false });
    expect(calls).toBe(1);
  });

  test('an answer after unmount is dropped quietly', async () => {
    const d = deferred<string>();
    const { result, unmount } = renderHook(() => useQuery(() => d.promise, []));
    await settle();
    unmount();
    await act(async () => d.resolve('late'));
    expect(result.current.data).toBeNull();
  });
});
