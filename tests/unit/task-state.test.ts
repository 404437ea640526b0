/**
 * The task's life (common/tasks/state.ts) and the repository that writes it
 * (main/store/task-state-repo.ts): the rules are data, and every write obeys them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TASK_STATUSES, type TaskStatus } from '../../common/model.ts';
import { verbatim } from '../../common/messages.ts';
import {
  ACTIVE_STATUSES,
  canHappen,
  FINISHED_STATUSES,
  isActive,
  isFinished,
  isParked,
  LEASED_STATUSES,
  nextStatus,
  TRANSITIONS,
  type TaskEvent,
} from '../../common/tasks/state.ts';
import { openDatabase, type Db } from '../../main/store/db.ts';
import { createBusiness } from '../../main/store/businesses-repo.ts';
import { createTask, getTaskById } from '../../main/store/tasks-repo.ts';
import { endWorker, pauseIdle, requestCancel, requeue, takeLease } from '../../main/store/task-state-repo.ts';

const EVENTS = Object.keys(TRANSITIONS) as TaskEvent[];

describe('the task state machine', () => {
  it('sorts every status into exactly one of active, finished or paused', () => {
    for (const s of TASK_STATUSES) {
      const groups = [isActive(s), isFinished(s), s === 'paused'].filter(Boolean);
      expect(groups, s).toHaveLength(1);
    }
    expect(new Set([...ACTIVE_STATUSES, ...FINISHED_STATUSES, 'paused'])).toEqual(new Set(TASK_STATUSES));
    for (const s of LEASED_STATUSES) expect(isActive(s)).toBe(true);
  });

  it('names only real statuses, and every status but queued is reachable from queued', () => {
    for (const e of EVENTS) {
      expect(TASK_STATUSES).toContain(TRANSITIONS[e].to);
      for (const s of TRANSITIONS[e].from) expect(TASK_STATUSES).toContain(s);
    }
    const reached = new Set<TaskStatus>(['queued']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of [...reached])
        for (const e of EVENTS) {
          const next = nextStatus(s, e);
          if (next && !reached.has(next)) {
            reached.add(next);
            changed = true;
          }
        }
    }
    expect(reached).toEqual(new Set(TASK_STATUSES));
  });

  it('a finished task leaves its status only when the owner queues it again', () => {
    for (const s of FINISHED_STATUSES) {
      const ways = EVENTS.filter((e) => canHappen(s, e) && TRANSITIONS[e].to !== s);
      expect(ways, s).toEqual(['requeue']);
    }
  });

  it('a worker event needs a worker: nothing but take starts from queued or interrupted', () => {
    const workerEvents: TaskEvent[] = ['wait', 'run', 'park', 'complete', 'pause', 'interrupt', 'crash', 'give-up'];
    for (const e of workerEvents) {
      expect(canHappen('queued', e), e).toBe(false);
      expect(canHappen('interrupted', e), e).toBe(false);
      expect(canHappen('paused', e), e).toBe(false);
    }
    expect(nextStatus('paused', 'complete')).toBeNull();
    expect(nextStatus('queued', 'take')).toBe('running');
  });

  it('parked means waiting with no lease', () => {
    expect(isParked({ status: 'waiting', leaseOwner: null })).toBe(true);
    expect(isParked({ status: 'waiting', leaseOwner: 'w:1' })).toBe(false);
    expect(isParked({ status: 'queued', leaseOwner: null })).toBe(false);
  });
});

describe('task-state-repo follows the rules', () => {
  let dir: string | undefined;
  let db: Db | undefined;
  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = undefined;
    dir = undefined;
  });

  function fresh(): { db: Db; ref: { businessId: number; taskId: number } } {
    dir = mkdtempSync(join(tmpdir(), 'taskdeck-state-'));
    db = openDatabase(join(dir, 't.db'), { migrate: true });
    const business = createBusiness(db, 'Shop', 'IL');
    const task = createTask(db, { businessId: business.id, kind: 'broadcast', title: verbatim('T'), params: {} });
    return { db, ref: { businessId: business.id, taskId: task.id } };
  }

  it('a worker that does not hold the lease writes nothing', () => {
    const { db, ref } = fresh();
    takeLease(db, ref.taskId, 'w:a', 60_000, false);
    expect(getTaskById(db, ref.taskId)).toMatchObject({ status: 'running', lease_owner: 'w:a' });
    expect(endWorker(db, { id: ref.taskId, business_id: ref.businessId }, 'w:b', { event: 'complete' })).toBe(false);
    expect(getTaskById(db, ref.taskId)?.status).toBe('running');
    expect(endWorker(db, { id: ref.taskId, business_id: ref.businessId }, 'w:a', { event: 'complete' })).toBe(true);
    expect(getTaskById(db, ref.taskId)).toMatchObject({ status: 'completed', lease_owner: null });
  });

  it('refuses writes the state machine does not allow', () => {
    const { db, ref } = fresh();
    takeLease(db, ref.taskId, 'w:a', 60_000, false);
    endWorker(db, { id: ref.taskId, business_id: ref.businessId }, 'w:a', { event: 'complete' });
    // A completed task cannot be paused, cancelled, or taken by a worker.
    expect(pauseIdle(db, ref)).toBe(false);
    expect(requestCancel(db, ref)).toBe(false);
    takeLease(db, ref.taskId, 'w:late', 60_000, false);
    expect(getTaskById(db, ref.taskId)).toMatchObject({ status: 'completed', lease_owner: null });
    // Requeue names the status it expects: a stale one changes nothing.
    expect(requeue(db, ref, 'paused')).toBe(false);
    expect(requeue(db, ref, 'completed')).toBe(true);
    expect(getTaskById(db, ref.taskId)?.status).toBe('queued');
  });

  it('pause with no worker moves a queued task to paused, and a paused one cannot be paused again', () => {
    const { db, ref } = fresh();
    expect(pauseIdle(db, ref)).toBe(true);
    expect(getTaskById(db, ref.taskId)?.status).toBe('paused');
    expect(pauseIdle(db, ref)).toBe(false);
  });

  it('another business cannot move the task', () => {
    const { db, ref } = fresh();
    const other = createBusiness(db, 'Other', 'IL');
    expect(pauseIdle(db, { businessId: other.id, taskId: ref.taskId })).toBe(false);
    expect(requestCancel(db, { businessId: other.id, taskId: ref.taskId })).toBe(false);
    expect(getTaskById(db, ref.taskId)).toMatchObject({ status: 'queued', cancel_requested: 0 });
  });
});
