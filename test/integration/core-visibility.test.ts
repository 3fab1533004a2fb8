// Polling adapts to the windows, told through the contract (`app.visibility`): while no window is
// visible every session refreshes every 30 s instead of every 3 s; shown again or focused, it
// refreshes at once.

import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import type { Scheduler } from '../../shared/lifecycle';
import { createTestCore } from '../kit/core';
import { createFakeScheduler } from '../kit/fake-scheduler';
import { directClient } from './contract-client';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster | undefined;
let core: Core | undefined;

afterEach(async () => {
  await core?.dispose();
  await demo?.close();
  core = demo = undefined;
});

it('slows every session while no window is visible, and refreshes at once when one is', async () => {
  demo = await startDemoCluster(DEMO_OPTIONS);
  const cluster = demo;
  const fake = createFakeScheduler(Date.now());
  // The refresh loop's next pause, as it sets it.
  const loopDelays: number[] = [];
  const scheduler: Scheduler = {
    ...fake,
    setTimeout: (fn, ms, opts) => {
      if (opts?.label === 'refresh loop') loopDelays.push(ms);
      return fake.setTimeout(fn, ms, opts);
    },
  };
  const resourceReads = () =>
    [...cluster.requestCounts()]
      .filter(([k]) => k.startsWith('GET ') && k.endsWith('/cluster/resources'))
      .reduce((n, [, v]) => n + v, 0);
  ({ core } = await createTestCore({
    demo,
    scheduler,
    refreshIntervalMs: 3_000,
    hiddenRefreshIntervalMs: 30_000,
    clusterTasksIntervalMs: 0,
  }));
  const window = directClient(core);
  await window.invoke('profiles.addDemo');
  fake.advance(0);
  await waitFor('the first refresh', () => resourceReads() === 1 && loopDelays.length === 2);
  // Each profile ticks at its own point of the interval: a quarter to one and a quarter periods.
  const pace = (period: number) => {
    const d = loopDelays.at(-1)!;
    return d >= period / 4 && d <= period * 1.25;
  };
  expect(pace(3_000)).toBe(true);

  // Visible: every 3 s.
  fake.advance(loopDelays.at(-1)!);
  await waitFor('a refresh 3 s later', () => resourceReads() === 2 && loopDelays.length === 3);
  expect(pace(3_000)).toBe(true);

  // Minimised: after the tick already set, the next comes about 30 s later, none before.
  window.send('app.visibility', { visible: false });
  fake.advance(loopDelays.at(-1)!);
  await waitFor('the tick already set', () => resourceReads() === 3 && loopDelays.length === 4);
  expect(pace(30_000)).toBe(true);
  fake.advance(loopDelays.at(-1)! - 1);
  expect(resourceReads()).toBe(3);

  // Shown again: a refresh at once, without the clock moving; back to 3 s.
  window.send('app.visibility', { visible: true });
  await waitFor('a refresh on show', () => resourceReads() === 4);
  await waitFor('the visible pace', () => loopDelays.length === 5);
  expect(pace(3_000)).toBe(true);

  // Focused: a refresh at once too.
  window.send('app.visibility', { visible: true, focused: true });
  await waitFor('a refresh on focus', () => resourceReads() === 5);
});
