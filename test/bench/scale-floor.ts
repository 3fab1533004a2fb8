// The scale bench's floor (scale.ts): what a client that only fetches and parses costs, with the
// same replies in the same run.

import { setTimeout as sleep } from 'node:timers/promises';
import { rawFetcher } from './raw';
import { cpuMs, Driver, TICK_MS } from './scale-driver';
import type { ScaleDemos } from './scale-demos';
import { summarize } from './stats';

/**
 * The floor: a client that only fetches and parses (keep-alive HTTPS, JSON.parse, the last reply
 * of each profile kept as a client keeps its data). Two figures: the synchronous part (fetch +
 * parse of one tick, timed around them), and whole 3 s intervals with the clusters moving as in the
 * client's live ticks, measured as the client is (process CPU over the interval: this includes the
 * collection of what the parse made, which a window around the parse misses or catches by chance).
 */
export async function measureFloor(demos: ScaleDemos, rounds: number) {
  const fetchers = demos.infos.map(rawFetcher);
  const cpu: number[] = [];
  const guestIds: number[][] = [];
  let replyBytes = 0;
  const kept: unknown[] = [];
  const tick = async () => {
    const texts = await Promise.all(fetchers.map((f) => f.resources()));
    texts.forEach((t, i) => (kept[i] = JSON.parse(t)));
    return texts;
  };
  try {
    for (let r = -2; r < rounds; r++) {
      await demos.advance(TICK_MS / 1000);
      const c0 = process.cpuUsage();
      const texts = await Promise.all(fetchers.map((f) => f.resources()));
      const parsed = texts.map(
        (t) => JSON.parse(t) as { data: { type?: string; vmid?: number }[] },
      );
      const ms = cpuMs(process.cpuUsage(c0));
      if (r < 0) continue;
      cpu.push(ms);
      if (guestIds.length === 0) {
        replyBytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
        for (const p of parsed) {
          const ids = p.data.flatMap((d) => (typeof d.vmid === 'number' ? [d.vmid] : []));
          guestIds.push(ids.sort((a, b) => a - b));
        }
      }
    }
    // Whole intervals: the driver moves the clusters at each interval's start (as in the client's
    // live mode); the floor's tick runs half an interval later.
    const driver = new Driver(demos, guestIds);
    const interval: number[] = [];
    let c = process.cpuUsage();
    driver.onTick.push(() => {
      interval.push(cpuMs(process.cpuUsage(c)));
      c = process.cpuUsage();
      setTimeout(() => void tick(), TICK_MS / 2);
    });
    // More intervals than rounds: a major GC of the kept replies lands in about one in ten.
    while (interval.length < 2 * rounds + 2) await sleep(TICK_MS / 4);
    driver.stop();
    await sleep(TICK_MS / 2 + 500); // the last tick's fetch is done before the sockets close
    const whole = interval.slice(2);
    return {
      cpu: summarize(cpu),
      interval: summarize(whole),
      intervalMean: whole.reduce((a, b) => a + b, 0) / whole.length,
      guestIds,
      replyBytes,
    };
  } finally {
    for (const f of fetchers) f.close();
  }
}
