/**
 * Pace for one WhatsApp business phone number: an adaptive token bucket, plus a
 * per-recipient "not before" time for pair-rate errors.
 *
 * - The bucket starts at the configured rate (default 20/s), never above the number's
 *   throughput (80/s standard, up to 1,000/s high) and never below `minRatePerSecond`.
 * - A throughput error (130429, HTTP 429, 80007, ...) cuts the rate (×0.5 by default), and
 *   stops every send until `waitingUntil`: an exponential backoff with jitter (or the
 *   server's Retry-After, whichever is longer). Errors from requests that were already in
 *   flight when the cut happened count as the same event: one cut per episode, not one per
 *   lane. The bucket is emptied, so nothing bursts when the wait ends.
 * - After a quiet period without throughput errors the rate climbs back additively, one
 *   step per interval, up to the configured rate (AIMD, like TCP).
 * - A pair-rate error (131056) sets a "not before" time for that one recipient (6 s, then
 *   ×4 on each repeat, capped), so only that recipient waits; everybody else goes on.
 *
 * Everything is computed lazily from an injectable clock, so tests drive it with a fake
 * clock and no timers. One controller per phone number per process: a number sends for
 * one broadcast at a time (the supervisor's per-business limit), so there is no need to
 * share it across worker processes.
 */
import { abortableSleep } from '../../worker/abortable-sleep.ts';

export interface RateClock {
  now(): number;
  /** Resolves true after `ms`, false as soon as the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

export const systemClock: RateClock = { now: () => Date.now(), sleep: abortableSleep };

export const DEFAULT_RATE_PER_SECOND = 20;
/** Cloud API default throughput per number (messages per second). */
export const DEFAULT_MAX_RATE_PER_SECOND = 80;

export interface RateControllerOptions {
  /** The rate the owner asked for (default 20/s); clamped to [minRatePerSecond, maxRatePerSecond]. */
  ratePerSecond?: number;
  /** The number's throughput (default 80/s). */
  maxRatePerSecond?: number;
  /** The floor after repeated cuts (default 1/s). */
  minRatePerSecond?: number;
  /** Tokens that may accumulate (default: a tenth of a second of the current rate, 1..50). */
  burst?: number;
  /** Multiplier applied on each throughput episode (default 0.5). */
  cutFactor?: number;
  /** First backoff after a throughput error (default 1 s); doubles per consecutive episode. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** ±share of the backoff drawn at random (default 0.5 → 50 %..150 %). */
  jitter?: number;
  /** No throughput error for this long before the rate climbs back (default 10 s). */
  quietPeriodMs?: number;
  /** Time between two recovery steps (default 2 s). */
  recoveryIntervalMs?: number;
  /** Messages per second added per recovery step (default a tenth of the configured rate, at least 1). */
  recoveryStep?: number;
  /** Pair-rate "not before" after a first 131056 (default 6 s: Meta's one message per 6 s per pair). */
  pairRateBaseMs?: number;
  /** Growth of the pair-rate wait on each repeat for the same recipient (default ×4, as Meta suggests). */
  pairRateFactor?: number;
  pairRateMaxMs?: number;
  clock?: RateClock;
  /** Uniform [0, 1); injectable for deterministic jitter in tests. */
  random?: () => number;
}

export interface RateState {
  /** The pace right now (messages per second). */
  ratePerSecond: number;
  /** What the owner configured (after clamping). */
  targetRatePerSecond: number;
  maxRatePerSecond: number;
  /** When sending may start again after a throughput error; null when not waiting. */
  waitingUntil: number | null;
  /** True while the pace is below the target because of throughput errors (waiting or recovering). */
  limited: boolean;
  /** Throughput episodes since the last full recovery. */
  throttleEpisodes: number;
  /** Recipients currently held back by pair-rate errors. */
  recipientsDeferred: number;
}

export type AcquireAnswer =
  | { ok: true }
  | { ok: false; waitMs: number; reason: 'throughput' | 'pair-rate' | 'pace' };

interface PairEntry {
  notBefore: number;
  hits: number;
}

const PAIR_SWEEP_SIZE = 1024;

export class RateController {
  private readonly clock: RateClock;
  private readonly random: () => number;
  private readonly minRate: number;
  private readonly maxRate: number;
  private targetRate: number;
  private readonly fixedBurst: number | undefined;
  private readonly cutFactor: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly jitter: number;
  private readonly quietPeriodMs: number;
  private readonly recoveryIntervalMs: number;
  private readonly recoveryStepOption: number | undefined;
  private readonly pairRateBaseMs: number;
  private readonly pairRateFactor: number;
  private readonly pairRateMaxMs: number;

  /** Rate right after the last cut; the current rate is derived from it and the time since. */
  private cutRate: number;
  private lastThrottleAt = Number.NEGATIVE_INFINITY;
  private waitUntil = Number.NEGATIVE_INFINITY;
  private episodes = 0;
  private tokens: number;
  private lastRefill: number;
  private readonly pairs = new Map<string, PairEntry>();

  constructor(options: RateControllerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.maxRate = positive(options.maxRatePerSecond, DEFAULT_MAX_RATE_PER_SECOND);
    this.minRate = Math.min(positive(options.minRatePerSecond, 1), this.maxRate);
    this.targetRate = this.clamp(positive(options.ratePerSecond, DEFAULT_RATE_PER_SECOND));
    this.fixedBurst = options.burst !== undefined && options.burst >= 1 ? options.burst : undefined;
    this.cutFactor = options.cutFactor !== undefined && options.cutFactor > 0 && options.cutFactor < 1 ? options.cutFactor : 0.5;
    this.backoffBaseMs = positive(options.backoffBaseMs, 1000);
    this.backoffMaxMs = Math.max(this.backoffBaseMs, positive(options.backoffMaxMs, 60_000));
    this.jitter = Math.min(Math.max(options.jitter ?? 0.5, 0), 1);
    this.quietPeriodMs = Math.max(0, options.quietPeriodMs ?? 10_000);
    this.recoveryIntervalMs = positive(options.recoveryIntervalMs, 2000);
    this.recoveryStepOption = options.recoveryStep !== undefined && options.recoveryStep > 0 ? options.recoveryStep : undefined;
    this.pairRateBaseMs = positive(options.pairRateBaseMs, 6000);
    this.pairRateFactor = Math.max(1, options.pairRateFactor ?? 4);
    this.pairRateMaxMs = Math.max(this.pairRateBaseMs, positive(options.pairRateMaxMs, 15 * 60_000));
    this.cutRate = this.targetRate;
    this.tokens = this.burstFor(this.targetRate);
    this.lastRefill = this.clock.now();
  }

  /** The controller's clock (epoch ms with the default clock). */
  now(): number {
    return this.clock.now();
  }

  /** Changes the configured rate (clamped to the number's throughput). */
  setTargetRate(ratePerSecond: number): void {
    const now = this.clock.now();
    this.refill(now);
    const wasFull = !this.isLimited(now);
    this.targetRate = this.clamp(ratePerSecond);
    this.cutRate = wasFull ? this.targetRate : Math.min(this.cutRate, this.targetRate);
  }

  /** The current pace, including recovery since the last cut. */
  currentRate(now = this.clock.now()): number {
    if (this.cutRate >= this.targetRate) return this.targetRate;
    const recoveryStart = this.lastThrottleAt + this.quietPeriodMs;
    if (now < recoveryStart) return this.cutRate;
    const steps = 1 + Math.floor((now - recoveryStart) / this.recoveryIntervalMs);
    return Math.min(this.targetRate, this.cutRate + steps * this.recoveryStep());
  }

  state(now = this.clock.now()): RateState {
    this.sweepPairs(now);
    this.forgetEpisodesIfRecovered(now);
    const rate = this.currentRate(now);
    let deferred = 0;
    for (const entry of this.pairs.values()) if (entry.notBefore > now) deferred++;
    return {
      ratePerSecond: rate,
      targetRatePerSecond: this.targetRate,
      maxRatePerSecond: this.maxRate,
      waitingUntil: now < this.waitUntil ? this.waitUntil : null,
      limited: this.isLimited(now),
      throttleEpisodes: this.episodes,
      recipientsDeferred: deferred,
    };
  }

  /** Takes a token for `recipient` if one is available now; otherwise says how long to wait and why. */
  tryAcquire(recipient?: string): AcquireAnswer {
    const now = this.clock.now();
    if (now < this.waitUntil) return { ok: false, waitMs: this.waitUntil - now, reason: 'throughput' };
    if (recipient !== undefined) {
      const notBefore = this.recipientNotBefore(recipient, now);
      if (notBefore > now) return { ok: false, waitMs: notBefore - now, reason: 'pair-rate' };
    }
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const rate = this.currentRate(now);
    return { ok: false, waitMs: Math.max(1, ((1 - this.tokens) / rate) * 1000), reason: 'pace' };
  }

  /**
   * Waits until `recipient` may be sent to and a token is free. Other recipients are not
   * held: a recipient waiting on its pair-rate time takes no token meanwhile.
   * Resolves false if the signal aborts first.
   */
  async acquire(recipient: string | undefined, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      const answer = this.tryAcquire(recipient);
      if (answer.ok) return true;
      if (!(await this.clock.sleep(Math.max(1, Math.ceil(answer.waitMs)), signal))) return false;
    }
  }

  /** A send went through: the recipient's pair-rate history is forgotten. */
  recordSuccess(recipient?: string): void {
    if (recipient !== undefined) this.pairs.delete(recipient);
  }

  /**
   * A throughput error: cut the rate (once per episode), back off with jitter.
   * Returns how long from now sending is held.
   */
  recordThroughputError(retryAfterMs?: number): number {
    const now = this.clock.now();
    // Answers to requests already in flight when the episode began belong to the same episode.
    const sameEpisode = now < this.waitUntil || now - this.lastThrottleAt < this.backoffBaseMs;
    if (!sameEpisode) {
      this.forgetEpisodesIfRecovered(now);
      this.cutRate = Math.max(this.minRate, this.currentRate(now) * this.cutFactor);
      this.episodes += 1;
      this.lastThrottleAt = now;
      const exponential = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (this.episodes - 1));
      const jittered = exponential * (1 - this.jitter + 2 * this.jitter * this.random());
      this.waitUntil = now + Math.max(jittered, retryAfterMs ?? 0);
    } else {
      this.lastThrottleAt = Math.max(this.lastThrottleAt, now);
      if (retryAfterMs !== undefined) this.waitUntil = Math.max(this.waitUntil, now + retryAfterMs);
    }
    this.tokens = 0;
    this.lastRefill = Math.max(now, this.waitUntil);
    return Math.max(0, this.waitUntil - now);
  }

  /**
   * A pair-rate error for `recipient`: it may not be sent to before the returned time
   * (6 s, ×4 on each repeat, capped; or the server's Retry-After if longer).
   */
  recordPairRate(recipient: string, retryAfterMs?: number): number {
    const now = this.clock.now();
    const entry = this.pairs.get(recipient) ?? { notBefore: now, hits: 0 };
    entry.hits += 1;
    const wait = Math.min(this.pairRateMaxMs, this.pairRateBaseMs * this.pairRateFactor ** (entry.hits - 1));
    entry.notBefore = now + Math.max(wait, retryAfterMs ?? 0);
    this.pairs.set(recipient, entry);
    if (this.pairs.size > PAIR_SWEEP_SIZE) this.sweepPairs(now);
    return entry.notBefore;
  }

  /** When `recipient` may be sent to (now or earlier means: go). */
  recipientNotBefore(recipient: string, now = this.clock.now()): number {
    return this.pairs.get(recipient)?.notBefore ?? now;
  }

  /** How many pair-rate errors this recipient got in a row. */
  pairRateHits(recipient: string): number {
    return this.pairs.get(recipient)?.hits ?? 0;
  }

  /** A full recovery ends the streak: the next episode starts from the base backoff again. */
  private forgetEpisodesIfRecovered(now: number): void {
    if (!this.isLimited(now)) this.episodes = 0;
  }

  private isLimited(now: number): boolean {
    return now < this.waitUntil || this.currentRate(now) < this.targetRate;
  }

  private recoveryStep(): number {
    return this.recoveryStepOption ?? Math.max(1, this.targetRate / 10);
  }

  private burstFor(rate: number): number {
    return this.fixedBurst ?? Math.max(1, Math.min(50, rate / 10));
  }

  private refill(now: number): void {
    if (now <= this.lastRefill) return;
    const rate = this.currentRate(now);
    this.tokens = Math.min(this.burstFor(rate), this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
  }

  private clamp(rate: number): number {
    return Math.min(this.maxRate, Math.max(this.minRate, rate));
  }

  /** Forgets pair-rate entries whose time has passed long ago (keeps the map small). */
  private sweepPairs(now: number): void {
    for (const [recipient, entry] of this.pairs) {
      if (entry.notBefore + this.pairRateMaxMs < now) this.pairs.delete(recipient);
    }
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** One controller per business phone number in this process. */
const controllers = new Map<string, RateController>();

export function rateControllerFor(phoneNumberId: string, options: RateControllerOptions = {}): RateController {
  let controller = controllers.get(phoneNumberId);
  if (!controller) {
    controller = new RateController(options);
    controllers.set(phoneNumberId, controller);
  } else if (options.ratePerSecond !== undefined) {
    controller.setTargetRate(options.ratePerSecond);
  }
  return controller;
}
