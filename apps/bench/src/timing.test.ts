import { describe, expect, it, vi } from 'vitest';
import { timeCalls } from './timing.js';

describe('timeCalls', () => {
  it('makes one warm-up call and at least minRuns timed calls', async () => {
    let calls = 0;
    const { runs } = await timeCalls(() => calls++, { warmUpMs: 0, minRuns: 3, maxRuns: 10, budgetMs: 0 });
    expect(runs).toBe(3);
    expect(calls).toBe(4);
  });

  it('keeps making warm-up calls until warmUpMs have passed', async () => {
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    let calls = 0;
    const tenMs = () => {
      clock += 10;
      calls++;
    };
    try {
      const { runs, medianMs } = await timeCalls(tenMs, { warmUpMs: 35, minRuns: 1, maxRuns: 1, budgetMs: 0 });
      expect(runs).toBe(1);
      expect(medianMs).toBe(10);
      expect(calls - runs).toBe(4);
    } finally {
      now.mockRestore();
    }
  });

  it('stops at maxRuns however large the budget', async () => {
    let calls = 0;
    const { runs, medianMs } = await timeCalls(() => calls++, { warmUpMs: 0, minRuns: 1, maxRuns: 5, budgetMs: 1e9 });
    expect(runs).toBe(5);
    expect(calls).toBe(6);
    expect(medianMs).toBeGreaterThanOrEqual(0);
  });

  it('awaits asynchronous calls', async () => {
    let finished = 0;
    await timeCalls(
      async () => {
        await Promise.resolve();
        finished++;
      },
      { warmUpMs: 0, minRuns: 2, maxRuns: 2, budgetMs: 0 },
    );
    expect(finished).toBe(3);
  });
});
