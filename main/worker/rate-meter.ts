/** Items per second over a sliding window, for the card's rate and ETA. */
export class RateMeter {
  private samples: { t: number; n: number }[] = [];
  private readonly windowMs: number;

  constructor(windowMs = 5000) {
    this.windowMs = windowMs;
  }

  add(n: number, t = performance.now()): void {
    this.samples.push({ t, n });
    this.trim(t);
  }

  private trim(t: number): void {
    while (this.samples.length && this.samples[0]!.t < t - this.windowMs) this.samples.shift();
  }

  rate(t = performance.now()): number {
    this.trim(t);
    if (!this.samples.length) return 0;
    const total = this.samples.reduce((sum, s) => sum + s.n, 0);
    const span = Math.max(1000, t - this.samples[0]!.t);
    return (total / span) * 1000;
  }
}
