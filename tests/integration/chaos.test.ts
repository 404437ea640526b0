/**
 * The chaos harness at the scale: 5,000 recipients, 30 SIGKILLs of workers
 * and supervisors at random moments. Zero duplicates, zero lost, and after the
 * owner's "check with provider", every recipient sent exactly once.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/chaos.ts';

describe('chaos', () => {
  it('5,000 recipients, 30 kills: never twice, never lost', async () => {
    const report = await runChaos({ recipients: 5000, kills: 30, seed: 20261123 });
    console.log(JSON.stringify(report));
    expect(report.kills).toBe(30);
    expect(report.duplicates).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.completed).toBe(true);
    expect(report.integrity_ok).toBe(true);
    expect(report.settled_sent_unique).toBe(5000);
    expect(report.settled_duplicates).toBe(0);
  }, 300_000);
});
