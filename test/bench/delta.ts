// 2 and 3. A delta in which exactly 1% of the guests changed, built from a real snapshot of the demo:
// its size on the wire against the full snapshot's, and what applying it costs the renderer store.

import { diffResources } from '../../electron/core';
import {
  applyResourceEvent,
  selectProfileSummary,
  type ResourcesState,
} from '../../renderer/src/store/resources';
import type { GuestResource, Resource, ResourceEvent } from '../../shared/model';
import { isGuest } from '../../shared/model';
import type { Row } from './report';
import { jsonBytes, summarize, timeSync } from './stats';

type SnapshotEvent = Extract<ResourceEvent, { kind: 'snapshot' }>;
type DeltaEvent = Extract<ResourceEvent, { kind: 'delta' }>;

const MiB = 1024 ** 2;

/**
 * Change 1% of the guests (every 100th by vmid): cpu, mem, netin and netout move on each; one in
 * ten of them also flips status (running <-> stopped). Everything else stays as it was.
 */
export function onePercentDelta(snapshot: SnapshotEvent): { delta: DeltaEvent; changed: number } {
  const guests = snapshot.items.filter(isGuest).sort((a, b) => a.vmid - b.vmid);
  const want = Math.round(guests.length / 100);
  const stride = Math.floor(guests.length / want);
  const modified = new Map<string, GuestResource>();
  for (let i = 0; i < want; i++) {
    const g = guests[i * stride]!;
    const next: GuestResource = {
      ...g,
      cpu: Math.round(((g.cpu ?? 0) + 0.0123) * 1e6) / 1e6,
      mem: (g.mem ?? 0) + 17 * MiB,
      netin: (g.netin ?? 0) + 1_234_567,
      netout: (g.netout ?? 0) + 345_678,
    };
    if (i % 10 === 0) next.status = g.status === 'running' ? 'stopped' : 'running';
    modified.set(g.id, next);
  }
  const previous = new Map(snapshot.items.map((r) => [r.id, r]));
  const current: Resource[] = snapshot.items.map((r) => modified.get(r.id) ?? r);
  const diff = diffResources(previous, current);
  if (diff.changed.length !== want || diff.added.length || diff.removed.length) {
    throw new Error(`1% delta: expected ${want} changed, got ${diff.changed.length}`);
  }
  return {
    delta: { kind: 'delta', profileId: snapshot.profileId, seq: snapshot.seq + 1, ...diff },
    changed: want,
  };
}

export function benchDeltaBytes(
  snapshot: SnapshotEvent,
  liveDeltaBytes: number,
  liveChanged: number,
): Row[] {
  const { delta, changed } = onePercentDelta(snapshot);
  const section = 'bytes to the renderer per tick (JSON of the resources event)';
  const guests = snapshot.items.filter(isGuest).length;
  return [
    {
      section,
      label: `full snapshot (${snapshot.items.length} resources, ${guests} guests)`,
      unit: 'bytes',
      value: jsonBytes(snapshot),
    },
    {
      section,
      label: `delta, 1% of guests changed (${changed} guests)`,
      unit: 'bytes',
      value: jsonBytes(delta),
    },
    {
      section,
      label: `delta, live demo tick (${liveChanged} resources changed)`,
      unit: 'bytes',
      value: liveDeltaBytes,
    },
  ];
}

export function benchRendererApply(
  snapshot: SnapshotEvent,
  liveDelta: DeltaEvent,
  runs: number,
): Row[] {
  const section = `renderer store: applyResourceEvent on ${snapshot.items.filter(isGuest).length} guests`;
  const { delta } = onePercentDelta(snapshot);
  const empty = {} as ResourcesState;
  const base = applyResourceEvent(empty, snapshot);
  // The live delta came after a later snapshot; renumber it to follow this one (same ids).
  const live: DeltaEvent = { ...liveDelta, seq: snapshot.seq + 1 };
  const check = (event: DeltaEvent): void => {
    const next = applyResourceEvent(base, event);
    if (next[snapshot.profileId]?.seq !== event.seq) throw new Error('delta was not applied');
  };
  check(delta);
  check(live);

  // A structural change (added/removed guest, status, name...) makes the tree rebuild its summary.
  const summaryRuns = Math.min(runs, 50);
  const states = Array.from(
    { length: summaryRuns + 5 },
    () => applyResourceEvent(empty, snapshot)[snapshot.profileId]!,
  );
  let next = 0;
  return [
    {
      section,
      label: 'apply the snapshot',
      unit: 'ms',
      summary: summarize(timeSync(() => applyResourceEvent(empty, snapshot), Math.min(runs, 50))),
    },
    {
      section,
      label: 'apply the 1% delta',
      unit: 'ms',
      summary: summarize(timeSync(() => applyResourceEvent(base, delta), runs)),
    },
    {
      section,
      label: 'apply the live-tick delta',
      unit: 'ms',
      summary: summarize(timeSync(() => applyResourceEvent(base, live), runs)),
    },
    {
      section,
      label: 'tree summary rebuild (selectProfileSummary)',
      unit: 'ms',
      summary: summarize(
        timeSync(() => selectProfileSummary(snapshot.profileId, states[next++]!), summaryRuns, 5),
      ),
    },
  ];
}
