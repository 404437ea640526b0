/**
 * Paces side effects to a rate (per second) with a small burst. `take` waits for a
 * token, or returns false if the signal aborts while waiting.
 */
import { abortableSleep } from './abortable-sleep.ts';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private rate: number;

  constructor(ratePerSecond: number, burst = Math.max(1, Math.min(ratePerSecond / 10, 50))) {
    this.rate = ratePerSecond;
    this.capacity = burst;
    this.tokens = burst;
    this.last = performance.now();
  }

  setRate(ratePerSecond: number): void {
    this.refill();
    this.rate = ratePerSecond;
  }

  private refill(): void {
    const t = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }

  async take(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      const waitMs = ((1 - this.tokens) / this.rate) * 1000;
      if (!(await abortableSleep(Math.max(1, waitMs), signal))) return false;
    }
  }
}
