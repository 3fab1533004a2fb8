// Live metrics by subscription, through the contract: the `resources` broadcast carries structure
// only, and a window gets the metrics of the resources it watches (resources.watchMetrics), at
// once and on every tick that moves them; a window that watches nothing gets none.

import { expect, it } from 'vitest';
import type { MetricsEvent } from '../../shared/ipc/resources';
import { isGuest, type GuestResource, type ResourceEvent } from '../../shared/model';
import { newDirectClient, type ContractClient } from './contract-client';
import { useCores, waitFor } from './helpers';

const { start, startDemo } = useCores();

/** A metric field as a JSON key, as it would appear in a frame to the page. */
const METRIC_KEY = /"(cpu|mem|disk|uptime|netin|netout|diskread|diskwrite|memhost)":/;

function metricsFor(w: ContractClient, id: string): MetricsEvent[] {
  return w.received('metrics').filter((m) => m.values[id] !== undefined);
}

it('sends a guest’s metrics only to the window that shows it, and structure to every window', async () => {
  const demo = await startDemo();
  const { core } = await start();
  const shows = newDirectClient(core);
  const other = newDirectClient(core);
  const resourceReads = () =>
    [...demo.requestCounts()]
      .filter(([k]) => k.startsWith('GET ') && k.endsWith('/cluster/resources'))
      .reduce((n, [, v]) => n + v, 0);
  const profile = await shows.invoke('profiles.add', {
    name: 'demo',
    url: demo.url,
    fingerprint: demo.fingerprint,
    auth: { mode: 'token', ...demo.credentials.token },
  });
  const first = await waitFor('the first snapshot', () =>
    other
      .received('resources')
      .find((e): e is Extract<ResourceEvent, { kind: 'snapshot' }> => e.kind === 'snapshot'),
  );
  const guest = first.items.find(
    (r): r is GuestResource => isGuest(r) && r.status === 'running' && !r.template,
  )!;
  expect(guest).toBeDefined();
  // The broadcast snapshot has names and status, and no live counter of anything.
  expect(guest.name).toBeTruthy();
  expect(JSON.stringify(first)).not.toMatch(METRIC_KEY);

  // The window that shows the guest watches it: its current metrics come at once.
  await shows.invoke('resources.watchMetrics', { profileId: profile.id, ids: [guest.id] });
  const initial = await waitFor(
    'the watched guest’s metrics',
    () => metricsFor(shows, guest.id)[0],
  );
  expect(initial.profileId).toBe(profile.id);
  expect(Object.keys(initial.values)).toEqual([guest.id]);
  expect(initial.values[guest.id]!.uptime).toBeGreaterThan(0);
  expect(initial.values[guest.id]!.mem).toBeGreaterThan(0);

  // Its snapshot has the watched guest's metrics; the other window's has none.
  const mine = await shows.invoke('resources.snapshot', { profileId: profile.id });
  const theirs = await other.invoke('resources.snapshot', { profileId: profile.id });
  const watched = mine.items.find((r) => r.id === guest.id) as GuestResource;
  expect(watched.uptime).toBeGreaterThan(0);
  expect(JSON.stringify(mine.items.filter((r) => r.id !== guest.id))).not.toMatch(METRIC_KEY);
  expect(JSON.stringify(theirs)).not.toMatch(METRIC_KEY);
  expect(mine.seq).toBe(theirs.seq);

  // A live tick (every counter moves): the watcher gets the new uptime, the other window nothing
  // with a metric in it.
  const mark = other.events.length;
  const reads = resourceReads();
  demo.advanceClock(3_600);
  const moved = await waitFor('the moved uptime', () =>
    metricsFor(shows, guest.id).find(
      (m) => (m.values[guest.id]!.uptime ?? 0) >= initial.values[guest.id]!.uptime! + 3_600,
    ),
  );
  expect(moved.values[guest.id]!.mem).toBeDefined();
  await waitFor('two more ticks', () => resourceReads() >= reads + 2);
  expect(JSON.stringify(other.events.slice(mark))).not.toMatch(METRIC_KEY);
  expect(other.received('metrics')).toEqual([]);

  // Unwatched: no more metrics to it either.
  await shows.invoke('resources.watchMetrics', { profileId: profile.id, ids: [] });
  const count = shows.received('metrics').length;
  const reads2 = resourceReads();
  demo.advanceClock(3_600);
  await waitFor('two ticks after unwatching', () => resourceReads() >= reads2 + 2);
  expect(shows.received('metrics').length).toBe(count);

  await shows.dispose();
  await other.dispose();
});

it('keeps the structural stream whole: a status change still reaches every window', async () => {
  await startDemo();
  const { core } = await start();
  const w = newDirectClient(core);
  const profile = await w.invoke('profiles.addDemo');
  const snap = await waitFor('the first snapshot', () =>
    w.received('resources').find((e) => e.kind === 'snapshot'),
  );
  const stopped = (snap.kind === 'snapshot' ? snap.items : []).find(
    (r): r is GuestResource => isGuest(r) && r.status === 'stopped' && !r.template && !r.lock,
  )!;
  await w.invoke('guest.action', {
    profileId: profile.id,
    node: stopped.node,
    type: stopped.type,
    vmid: stopped.vmid,
    action: 'start',
  });
  const delta = await waitFor('the status change', () =>
    w
      .received('resources')
      .find(
        (e) =>
          e.kind === 'delta' &&
          e.changed.some((p) => p.id === stopped.id && p.set.status === 'running'),
      ),
  );
  expect(JSON.stringify(delta)).not.toMatch(METRIC_KEY);
  // Deltas follow on one from another: no gap for the renderer to resync over.
  const seqs = w.received('resources').map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  await w.dispose();
});
