import { describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../common/model.ts';
import { ZERO_COUNTERS } from '../../common/model.ts';
import { alertText, createAlertTracker } from '../../main/notifications/task-alerts.ts';

const START = 1_000_000;

function snap(patch: Partial<TaskSnapshot>): TaskSnapshot {
  return {
    id: 1,
    businessId: 1,
    kind: 'broadcast',
    title: 'Spring sale',
    status: 'running',
    waitReason: null,
    lastError: null,
    counters: { ...ZERO_COUNTERS },
    cancelRequested: false,
    pauseRequested: false,
    attempts: 1,
    crashCount: 0,
    rate: null,
    createdAt: START,
    startedAt: START,
    finishedAt: null,
    updatedAt: START,
    version: 1,
    ...patch,
  };
}

describe('createAlertTracker', () => {
  it('announces a finish once, however often the snapshot repeats', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'running' }))).toBeNull();
    const done = snap({ status: 'completed', finishedAt: START + 10, version: 5 });
    expect(alertFor(done)?.kind).toBe('completed');
    expect(alertFor({ ...done, version: 6 })).toBeNull();
  });

  it('stays quiet about tasks that finished before this session', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'completed', finishedAt: START - 1 }))).toBeNull();
    expect(alertFor(snap({ id: 2, status: 'failed', finishedAt: START - 1 }))).toBeNull();
  });

  it('announces a second finish after a retry', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'failed', finishedAt: START + 1 }))?.kind).toBe('failed');
    expect(alertFor(snap({ status: 'running' }))).toBeNull();
    expect(alertFor(snap({ status: 'completed', finishedAt: START + 2 }))?.kind).toBe('completed');
  });

  it('never announces a cancel or a pause (the owner did it)', () => {
    const alertFor = createAlertTracker(START);
    expect(alertFor(snap({ status: 'cancelled', finishedAt: START + 1 }))).toBeNull();
    expect(alertFor(snap({ status: 'paused' }))).toBeNull();
  });

  it('announces an account problem once per spell of waiting', () => {
    const alertFor = createAlertTracker(START);
    const waiting = snap({ status: 'waiting', waitReason: 'account' });
    expect(alertFor(waiting)?.kind).toBe('needs-account');
    expect(alertFor({ ...waiting, version: 2 })).toBeNull();
    expect(alertFor(snap({ status: 'waiting', waitReason: 'offline' }))).toBeNull();
    expect(alertFor(snap({ status: 'running' }))).toBeNull();
    expect(alertFor(waiting)?.kind).toBe('needs-account');
  });
});

describe('alertText', () => {
  it('says what a finished broadcast did, in plain words', () => {
    const task = snap({ status: 'completed', counters: { ...ZERO_COUNTERS, total: 12, processed: 12, succeeded: 10, failed: 2 } });
    expect(alertText({ kind: 'completed', task })).toEqual({ title: 'Broadcast finished', body: '“Spring sale”: 10 sent, 2 failed.' });
  });

  it('asks for a check when messages are in doubt', () => {
    const task = snap({ status: 'completed', counters: { ...ZERO_COUNTERS, succeeded: 5, inDoubt: 3 } });
    const text = alertText({ kind: 'completed', task });
    expect(text.title).toBe('Finished, needs a check');
    expect(text.body).toContain('3 messages may or may not have gone out');
  });

  it('gives the reason of a failure and speaks of imports as imports', () => {
    const failed = alertText({ kind: 'failed', task: snap({ status: 'failed', lastError: 'The worker stopped responding.' }) });
    expect(failed.body).toBe('“Spring sale” stopped: The worker stopped responding.');
    const imported = alertText({
      kind: 'completed',
      task: snap({ kind: 'contacts-import', title: 'clients.csv', counters: { ...ZERO_COUNTERS, succeeded: 200, skipped: 4 } }),
    });
    expect(imported).toEqual({ title: 'Contacts imported', body: '“clients.csv”: 200 imported, 4 skipped.' });
  });

  it('falls back to English for languages without translations yet', () => {
    const task = snap({ status: 'waiting', waitReason: 'account' });
    expect(alertText({ kind: 'needs-account', task }, 'he')).toEqual(alertText({ kind: 'needs-account', task }, 'en'));
  });
});
