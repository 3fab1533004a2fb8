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
      // No jitter taken off, so the test reads the ceiling.
      random: () => 0,
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
    // Two quick retries, then back-offs of the base, twice it, four times it...
    const down = [await next(), await next(), await next(), await next(), await next()];
    expect(down.map((d) => Math.round(d / 1000))).toEqual([1, 1, 2, 4, 8]);
    up = true;
    expect(await next()).toBe(1_000);
    up = false;
    const again = [await next(), await next(), await next()];
    expect(again.map((d) => Math.round(d / 1000))).toEqual([1, 1, 2]);
    await loop.dispose();
  });

  it('tries an unreachable server 3 s, 6 s, 12 s … apart up to 60 s, with jitter: five tries in its first minute', async () => {
    const tries = async (random: () => number, ms: number): Promise<number[]> => {
      const fake = createFakeScheduler(0);
      const at: number[] = [];
      let due = 0;
      const scheduler: Scheduler = {
        ...fake,
        setTimeout: (fn, delay, opts) => {
          due = fake.now() + delay;
          return fake.setTimeout(fn, delay, opts);
        },
      };
      const loop = new RefreshLoop({
        intervalMs: 3_000,
        offlineBackoff: { baseMs: 3_000, capMs: 60_000 },
        scheduler,
        random,
        cycle: async () => {
          at.push(fake.now());
          throw new DeckhandError({ kind: 'network', message: 'connection refused' });
        },
        onFailure: () => 'back-off',
      });
      loop.start();
      // The clock moves from one timer of the loop to the next, as a minute would pass.
      while (due < ms) {
        fake.advance(due - fake.now());
        await flush();
      }
      await loop.dispose();
      return at;
    };
    // Without jitter: 3, 6, 12, 24 s apart, then 48 s and never more than 60 s.
    expect(await tries(() => 0, 60_000)).toEqual([0, 3_000, 9_000, 21_000, 45_000]);
    const long = await tries(() => 0, 10 * 60_000);
    const gaps = long.slice(1).map((t, i) => t - long[i]!);
    expect(gaps.slice(0, 6)).toEqual([3_000, 6_000, 12_000, 24_000, 48_000, 60_000]);
    expect(Math.max(...gaps)).toBe(60_000);
    // With the most jitter: up to a fifth earlier, never under the refresh interval.
    const jittered = await tries(() => 0.9999, 60_000);
    expect(jittered).toHaveLength(5);
    const jGaps = jittered.slice(1).map((t, i) => t - jittered[i]!);
    expect(jGaps[0]).toBe(3_000);
    expect(jGaps.slice(1)).toEqual([4_800, 9_600, 19_200]);
  });
});

describe('the refresh loops of many profiles', () => {
  it('tick each at its own phase of the interval, one interval apart, not all at once', async () => {
    const fake = createFakeScheduler(0);
    const starts: number[][] = [[], [], []];
    const loops = [0, 1 / 3, 2 / 3].map(
      (phase, i) =>
        new RefreshLoop({
          intervalMs: 3_000,
          offlineBackoff: { baseMs: 3_000, capMs: 60_000 },
          scheduler: fake,
          phase,
          cycle: async () => {
            starts[i]!.push(fake.now());
          },
          onFailure: () => 'retry',
        }),
    );
    for (const loop of loops) loop.start();
    for (let t = 0; t < 40; t++) {
      fake.advance(500);
      await flush();
    }
    // The first cycle at once for all; then each on its slot: 0, 1 s and 2 s into every 3 s.
    for (const [i, times] of starts.entries()) {
      expect(times[0]).toBe(0);
      const later = times.slice(1);
      expect(later.length).toBeGreaterThanOrEqual(5);
      for (const at of later) expect(at % 3_000).toBe(i * 1_000);
      for (let k = 1; k < later.length; k++) expect(later[k]! - later[k - 1]!).toBe(3_000);
    }
    await Promise.all(loops.map((l) => l.dispose()));
  });
});
