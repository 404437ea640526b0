/**
 * The adaptive token bucket and the pair-rate "not before" times, on a fake clock: no
 * timers, every number exact.
 */
import { describe, expect, it } from 'vitest';
import { RateController, type RateClock, type RateControllerOptions } from '../../main/providers/whatsapp/rate-controller.ts';

/** A clock that only moves when told; sleepers wake in time order as it moves. */
class FakeClock implements RateClock {
  private t = 1_000_000;
  private sleepers: { until: number; resolve: (done: boolean) => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const sleeper = { until: this.t + ms, resolve };
      this.sleepers.push(sleeper);
      signal.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve(false);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward, waking sleepers (and letting their continuations run) in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.sleepers.sort((a, b) => a.until - b.until);
      const next = this.sleepers[0];
      if (!next || next.until > end) break;
      this.sleepers.shift();
      this.t = Math.max(this.t, next.until);
      next.resolve(true);
      await flush();
    }
    this.t = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function controller(options: RateControllerOptions = {}): { rate: RateController; clock: FakeClock } {
  const clock = new FakeClock();
  // random() = 0.5 → jitter factor exactly 1: backoffs are the plain exponential.
  const rate = new RateController({ clock, random: () => 0.5, ...options });
  return { rate, clock };
}

/** Sends as fast as the bucket allows for `ms` of fake time; returns how many got a token. */
function drive(rate: RateController, clock: FakeClock, ms: number, recipient?: string): number {
  const end = clock.now() + ms;
  let sent = 0;
  // Bounded: one token per step at most, and time always moves when there is none.
  for (let steps = 0; steps < 1_000_000 && clock.now() < end; steps++) {
    const answer = rate.tryAcquire(recipient);
    if (answer.ok) sent++;
    else void clock.advance(Math.min(answer.waitMs, end - clock.now()));
  }
  return sent;
}

describe('RateController: the bucket', () => {
  it('paces at 20 messages a second by default', () => {
    const { rate, clock } = controller();
    expect(rate.state().ratePerSecond).toBe(20);
    const sent = drive(rate, clock, 10_000);
    // 10 s at 20/s, plus the initial burst of 2 (a tenth of a second).
    expect(sent).toBeGreaterThanOrEqual(200);
    expect(sent).toBeLessThanOrEqual(202);
  });

  it('is configurable up to the number’s throughput, and never above it', () => {
    const { rate, clock } = controller({ ratePerSecond: 500, maxRatePerSecond: 80 });
    expect(rate.state()).toMatchObject({ ratePerSecond: 80, targetRatePerSecond: 80, maxRatePerSecond: 80 });
    const sent = drive(rate, clock, 5_000);
    expect(sent).toBeGreaterThanOrEqual(400);
    expect(sent).toBeLessThanOrEqual(408);
    rate.setTargetRate(40);
    expect(rate.state().ratePerSecond).toBe(40);
    rate.setTargetRate(0.01);
    expect(rate.state().ratePerSecond).toBe(1);
  });

  it('says how long to wait when no token is free', () => {
    const { rate } = controller({ ratePerSecond: 10, burst: 1 });
    expect(rate.tryAcquire()).toEqual({ ok: true });
    const answer = rate.tryAcquire();
    expect(answer).toMatchObject({ ok: false, reason: 'pace' });
    if (!answer.ok) expect(answer.waitMs).toBeCloseTo(100, 5);
  });
});

describe('RateController: throughput errors', () => {
  it('halves the rate, waits with backoff, and shows waitingUntil', () => {
    const { rate, clock } = controller();
    const t0 = clock.now();
    const waitMs = rate.recordThroughputError();
    expect(waitMs).toBe(1000);
    expect(rate.state()).toMatchObject({ ratePerSecond: 10, waitingUntil: t0 + 1000, limited: true, throttleEpisodes: 1 });
    expect(rate.tryAcquire()).toEqual({ ok: false, waitMs: 1000, reason: 'throughput' });
  });

  it('counts errors from requests already in flight as one episode (one cut, not one per lane)', () => {
    const { rate } = controller();
    for (let i = 0; i < 8; i++) rate.recordThroughputError();
    expect(rate.state()).toMatchObject({ ratePerSecond: 10, throttleEpisodes: 1 });
  });

  it('backs off exponentially on repeated episodes, down to the floor', async () => {
    const { rate, clock } = controller({ minRatePerSecond: 2 });
    expect(rate.recordThroughputError()).toBe(1000);
    await clock.advance(1000);
    expect(rate.recordThroughputError()).toBe(2000);
    expect(rate.state().ratePerSecond).toBe(5);
    await clock.advance(2000);
    expect(rate.recordThroughputError()).toBe(4000);
    expect(rate.state().ratePerSecond).toBe(2.5);
    await clock.advance(4000);
    rate.recordThroughputError();
    expect(rate.state().ratePerSecond).toBe(2); // the floor
  });

  it('adds jitter within ±50 %', () => {
    const low = controller({ random: () => 0 }).rate.recordThroughputError();
    const high = controller({ random: () => 0.999999 }).rate.recordThroughputError();
    expect(low).toBe(500);
    expect(high).toBeGreaterThan(1499);
    expect(high).toBeLessThanOrEqual(1500);
  });

  it('honours a Retry-After longer than its own backoff', () => {
    const { rate, clock } = controller();
    expect(rate.recordThroughputError(5000)).toBe(5000);
    expect(rate.state().waitingUntil).toBe(clock.now() + 5000);
    // A later in-flight error with a longer Retry-After extends the wait, without another cut.
    expect(rate.recordThroughputError(8000)).toBe(8000);
    expect(rate.state()).toMatchObject({ ratePerSecond: 10, throttleEpisodes: 1 });
  });

  it('sends nothing during the wait and does not burst after it', async () => {
    const { rate, clock } = controller();
    rate.recordThroughputError();
    expect(drive(rate, clock, 999)).toBe(0);
    await clock.advance(1);
    // At the cut rate (10/s) and with an empty bucket: about 10 in the next second, not a burst.
    const sent = drive(rate, clock, 1000);
    expect(sent).toBeGreaterThanOrEqual(9);
    expect(sent).toBeLessThanOrEqual(11);
  });

  it('recovers additively after a quiet period, back to the configured rate', async () => {
    const { rate, clock } = controller({ quietPeriodMs: 10_000, recoveryIntervalMs: 2000 });
    rate.recordThroughputError();
    expect(rate.state().ratePerSecond).toBe(10);
    await clock.advance(9_999);
    expect(rate.state()).toMatchObject({ ratePerSecond: 10, waitingUntil: null, limited: true });
    await clock.advance(1);
    expect(rate.state().ratePerSecond).toBe(12); // + a tenth of 20 per step
    await clock.advance(2000);
    expect(rate.state().ratePerSecond).toBe(14);
    await clock.advance(6000);
    expect(rate.state().ratePerSecond).toBe(20);
    expect(rate.state()).toMatchObject({ limited: false, throttleEpisodes: 0 });
    // A new episode after a full recovery starts again from the base backoff.
    expect(rate.recordThroughputError()).toBe(1000);
  });

  it('restarts the quiet period on every throughput error', async () => {
    const { rate, clock } = controller({ quietPeriodMs: 10_000 });
    rate.recordThroughputError();
    await clock.advance(500);
    rate.recordThroughputError(); // same episode, but not quiet
    await clock.advance(9_600);
    expect(rate.state().ratePerSecond).toBe(10);
    await clock.advance(400);
    expect(rate.state().ratePerSecond).toBe(12);
  });

  it('measures the pace over a throttled minute: cut, wait, recover', async () => {
    const { rate, clock } = controller({ ratePerSecond: 40, maxRatePerSecond: 80 });
    let sent = drive(rate, clock, 10_000); // 10 s at 40/s
    rate.recordThroughputError(); // cut to 20/s, 1 s wait
    sent += drive(rate, clock, 50_000);
    // 404 (10 s at 40 + burst) + 180 (1 s wait, 9 s at 20) + 48 + 56 + 64 + 72 (24, 28, 32, 36 for
    // 2 s each) + 1,280 (32 s back at 40) = 2,104.
    expect(sent).toBeGreaterThanOrEqual(2090);
    expect(sent).toBeLessThanOrEqual(2115);
    expect(rate.state().ratePerSecond).toBe(40);
  });
});

describe('RateController: pair rate', () => {
  it('holds one recipient back without holding the others', () => {
    const { rate, clock } = controller({ ratePerSecond: 80, burst: 10 });
    const notBefore = rate.recordPairRate('972500000001');
    expect(notBefore).toBe(clock.now() + 6000);
    expect(rate.tryAcquire('972500000001')).toEqual({ ok: false, waitMs: 6000, reason: 'pair-rate' });
    expect(rate.tryAcquire('972500000002')).toEqual({ ok: true });
    expect(rate.tryAcquire()).toEqual({ ok: true });
    expect(rate.state().recipientsDeferred).toBe(1);
  });

  it('waits longer on each repeat (×4), capped, and forgets after a success', async () => {
    const { rate, clock } = controller({ pairRateMaxMs: 60_000 });
    const to = '972500000001';
    expect(rate.recordPairRate(to) - clock.now()).toBe(6000);
    await clock.advance(6000);
    expect(rate.recordPairRate(to) - clock.now()).toBe(24_000);
    await clock.advance(24_000);
    expect(rate.recordPairRate(to) - clock.now()).toBe(60_000);
    expect(rate.pairRateHits(to)).toBe(3);
    rate.recordSuccess(to);
    expect(rate.pairRateHits(to)).toBe(0);
    expect(rate.recordPairRate(to) - clock.now()).toBe(6000);
  });

  it('honours a longer Retry-After for the pair', () => {
    const { rate, clock } = controller();
    expect(rate.recordPairRate('1', 30_000)).toBe(clock.now() + 30_000);
  });

  it('acquire() lets other recipients through while one waits for its time', async () => {
    const { rate, clock } = controller({ ratePerSecond: 10, burst: 1 });
    rate.recordPairRate('A');
    const order: string[] = [];
    const stop = new AbortController();
    const a = rate.acquire('A', stop.signal).then((ok) => ok && order.push(`A@${clock.now()}`));
    const b = rate.acquire('B', stop.signal).then((ok) => ok && order.push(`B@${clock.now()}`));
    const c = rate.acquire('C', stop.signal).then((ok) => ok && order.push(`C@${clock.now()}`));
    await flush();
    await clock.advance(10_000);
    await Promise.all([a, b, c]);
    const t0 = clock.now() - 10_000;
    expect(order).toEqual([`B@${t0}`, `C@${t0 + 100}`, `A@${t0 + 6000}`]);
  });

  it('acquire() returns false when stopped while waiting', async () => {
    const { rate, clock } = controller();
    rate.recordThroughputError();
    const stop = new AbortController();
    const pending = rate.acquire('A', stop.signal);
    await clock.advance(100);
    stop.abort();
    expect(await pending).toBe(false);
  });

  it('counts only recipients still waiting as deferred', async () => {
    const { rate, clock } = controller();
    rate.recordPairRate('A');
    rate.recordPairRate('B');
    await clock.advance(6001);
    expect(rate.state().recipientsDeferred).toBe(0);
    expect(rate.tryAcquire('A')).toEqual({ ok: true });
  });
});
