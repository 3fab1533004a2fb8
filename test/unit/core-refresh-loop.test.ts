// The refresh loop's pauses while a cluster is away: quick retries first, then a back-off that
// grows from the policy's base (not from where the quick retries left the count), and starts
// from the base again after a recovery.

import { describe, expect, it } from 'vitest';
import { DeckhandError } from '../../shared/errors';
import type { Scheduler } from '../../shared/lifecycle';
import { RefreshLoop } from '../../electron/core/session/refresh-loop';
import { createFakeScheduler } from '../kit/fake-scheduler';

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('the refresh loop', () => {
  it('backs off from the base after quick retries, and from the base again after a recovery', async () => {
    const fake = createFakeScheduler(0);
    const delays: number[] = [];
    const scheduler: Scheduler = {
      ...fake,
      setTimeout: (fn, ms, opts) => {
        delays.push(ms);
        return fake.setTimeout(fn, ms, opts);
      },
    };
    let up = false;
    const loop = new RefreshLoop({
      intervalMs: 1_000,
      offlineBackoff: { baseMs: 2_000, capMs: 60_000 },
      scheduler,
      // The largest pause the jitter allows, so the test reads the ceiling.
      random: () => 0.9999,
      cycle: async () => {
        if (!up) throw new DeckhandError({ kind: 'network', message: 'connection refused' });
      },
      onFailure: (_err, failures) => (failures < 3 ? 'retry' : 'back-off'),
    });
    const next = async (): Promise<number> => {
      const before = delays.length;
      fake.advance(delays.at(-1) ?? 0);
      await flush();
      expect(delays.length).toBe(before + 1);
      return delays.at(-1)!;
    };
    loop.start();
    await flush();
    // Two quick retries, then back-offs whose ceilings are the base, twice it, four times it...
    const down = [await next(), await next(), await next(), await next(), await next()];
    expect(down.map((d) => Math.round(d / 1000))).toEqual([1, 1, 3, 5, 9]);
    up = true;
    expect(await next()).toBe(1_000);
    up = false;
    const again = [await next(), await next(), await next()];
    expect(again.map((d) => Math.round(d / 1000))).toEqual([1, 1, 3]);
    await loop.dispose();
  });
});
