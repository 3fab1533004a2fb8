// The resource pipeline (session/resource-stage.ts, resource-pipeline.ts): a byte-identical reply
// is not parsed; deltas equal the old normalise + diff of whole lists; metric moves can travel
// packed (metric-moves.ts) and keep the same items.

import { describe, expect, it, vi } from 'vitest';
import { diffResources } from '../../electron/core/session/diff';
import { normalizeResourcesZod } from '../../electron/core/pve/resources-reference';
import { ResourceStage } from '../../electron/core/session/resource-stage';
import type { StageResult } from '../../electron/core/session/resource-pipeline';
import type { Resource } from '../../shared/model';
import { METRIC_FIELDS } from '../../shared/ipc/resources';
import { metricsOfPatch, stripPatch } from '../../electron/core/resources/split';
import {
  metricValuesAt,
  movesAsPatches,
  type MetricMoves,
} from '../../electron/core/session/metric-moves';
import { ResourceView } from '../../electron/core/session/resource-view';

type Item = Record<string, unknown>;

function guest(vmid: number, extra: Item = {}): Item {
  return {
    id: `qemu/${vmid}`,
    type: 'qemu',
    vmid: String(vmid),
    node: 'pve1',
    status: 'running',
    template: 0,
    cpu: 0.1,
    mem: 100,
    tags: 'a;b',
    ...extra,
  };
}

/** A delta applied to a plain map of whole items: the reference the session's view is held to. */
function applyDelta(
  items: Map<string, Resource>,
  diff: Omit<Extract<StageResult, { kind: 'delta' }>, 'kind' | 'invalid'> & {
    metrics?: MetricMoves;
  },
): void {
  for (const r of diff.added) items.set(r.id, { ...r });
  const patches = [...diff.changed, ...(diff.metrics ? movesAsPatches(diff.metrics) : [])];
  for (const patch of patches) {
    const target = items.get(patch.id) as unknown as Record<string, unknown> | undefined;
    if (!target) continue;
    for (const key in patch.set) target[key] = patch.set[key];
    for (const key of patch.unset ?? []) delete target[key];
  }
  for (const id of diff.removed) items.delete(id);
}

function reply(items: unknown[]): Buffer {
  return Buffer.from(JSON.stringify({ data: items }));
}

/** Ten replies a refresh interval apart: stats move, guests come and go, keys vanish. */
function replies(): unknown[][] {
  const node = { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online', cpu: 0.1 };
  const out: unknown[][] = [];
  for (let t = 0; t < 10; t++) {
    const items: unknown[] = [{ ...node, cpu: 0.1 * t }];
    for (let v = 100; v < 110 + t; v++) {
      if (v === 103 && t > 4) continue; // removed
      const extra: Item = { cpu: (v * t) % 7, netin: v * t };
      if (v === 105 && t % 2 === 1) extra.lock = 'backup'; // set, then unset
      if (v === 106 && t > 6) extra.tags = 'c'; // tags change
      if (v === 107 && t === 3) extra.vmid = 'garbled'; // invalid for one tick
      if (v === 104 && t % 3 === 0) extra.cpu = undefined; // a metric goes away, then comes back
      if (v === 108) extra.mem = String(100 + t); // a number sent as a string (PVE 7)
      if (v === 101 && t > 5) extra.name = 'renamed';
      if (v === 102 && t > 7) extra.node = 'pve2'; // migrated
      items.push(guest(v, extra));
    }
    items.push({ id: 'sdn/pve1/x', type: 'sdn' });
    out.push(items);
  }
  return out;
}

describe('ResourceStage', () => {
  it('does not parse a reply byte-identical to the last', () => {
    const stage = new ResourceStage();
    const body = reply([guest(100)]);
    expect(stage.process(body, true).kind).toBe('snapshot');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(stage.process(Buffer.from(body), false)).toEqual({ kind: 'same' });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('gives the deltas of the old normalise-then-diff of whole lists', () => {
    const stage = new ResourceStage();
    let before = new Map<string, Resource>();
    let mine = new Map<string, Resource>();
    for (const [t, items] of replies().entries()) {
      const old = normalizeResourcesZod(items);
      const r = stage.process(reply(items), t === 0);
      if (t === 0) {
        expect(r).toEqual({ kind: 'snapshot', items: old.items, invalid: old.invalid });
        mine = new Map(old.items.map((i) => [i.id, i]));
      } else {
        const diff = diffResources(before, old.items);
        expect(r).toEqual({ kind: 'delta', ...diff, invalid: old.invalid });
        if (r.kind === 'delta') applyDelta(mine, r);
      }
      before = new Map(old.items.map((i) => [i.id, i]));
      // The session's map, kept by the deltas alone, is the list itself.
      expect(new Map([...mine].sort())).toEqual(new Map([...before].sort()));
    }
  });

  it('packs the metric moves apart from the patches, with the same items and the same moves', () => {
    const plain = new ResourceStage();
    const packed = new ResourceStage({ packMetrics: true });
    let mine = new Map<string, Resource>();
    let theirs = new Map<string, Resource>();
    let moved = 0;
    for (const [t, items] of replies().entries()) {
      const a = plain.process(reply(items), t === 0);
      const b = packed.process(reply(items), t === 0);
      if (a.kind === 'snapshot' && b.kind === 'snapshot') {
        expect(b).toEqual(a);
        mine = new Map(a.items.map((i) => [i.id, i]));
        theirs = new Map(b.items.map((i) => [i.id, { ...i }]));
        continue;
      }
      if (a.kind !== 'delta' || b.kind !== 'delta') throw new Error(`${a.kind}, ${b.kind}`);
      // No metric field left in a patch; the structural patches are the plain ones less metrics.
      for (const p of b.changed) {
        for (const key of [...Object.keys(p.set), ...(p.unset ?? [])]) {
          expect(METRIC_FIELDS as readonly string[]).not.toContain(key);
        }
      }
      const withoutMetrics = a.changed.flatMap((p) => {
        const s = stripPatch(p);
        return s ? [s] : [];
      });
      expect(b.changed).toEqual(withoutMetrics);
      // The moves are the plain patches' metric fields, as the metrics events send them.
      const expected = a.changed.flatMap((p) => {
        const m = metricsOfPatch(p);
        return m ? [[p.id, m] as const] : [];
      });
      const got = (b.metrics?.ids ?? []).map((id, i) => [id, metricValuesAt(b.metrics!, i)]);
      expect(got).toEqual(expected);
      moved += got.length;
      applyDelta(mine, a);
      applyDelta(theirs, b);
      expect(new Map([...theirs].sort())).toEqual(new Map([...mine].sort()));
    }
    expect(moved).toBeGreaterThan(50);
  });

  it('keeps a session view whose items, metrics put back, are the list itself', () => {
    // The view keeps metrics apart from the items (metric-moves.ts MetricTable); what it gives
    // back (one resource, a snapshot) must be the resource with its current metrics.
    const packed = new ResourceStage({ packMetrics: true });
    const view = new ResourceView('p1', () => undefined);
    for (const [t, items] of replies().entries()) {
      const r = packed.process(reply(items), t === 0);
      if (r.kind === 'malformed') throw new Error(r.detail);
      view.take(r);
      const expected = normalizeResourcesZod(items).items;
      const byId = new Map(expected.map((i) => [i.id, i]));
      const snap = new Map(view.snapshot().items.map((i) => [i.id, i]));
      expect(new Map([...snap].sort())).toEqual(new Map([...byId].sort()));
      expect(view.get('qemu/104')).toEqual(byId.get('qemu/104'));
      // The structure alone carries no metric field.
      const structure = view.guest('qemu/100') as unknown as Record<string, unknown>;
      for (const f of METRIC_FIELDS) expect(structure).not.toHaveProperty(f);
    }
  });

  it('says why a reply is no resource list, and compares the next with the last good one', () => {
    const stage = new ResourceStage();
    const good = reply([guest(100)]);
    stage.process(good, true);
    const bad = (text: string) => stage.process(Buffer.from(text), false);
    expect(bad('{"data":[{"id":"qemu/100","status":"runn')).toEqual({
      kind: 'malformed',
      detail: 'not JSON',
    });
    expect(bad('')).toEqual({ kind: 'malformed', detail: 'empty body' });
    expect(bad('{"x":1}')).toEqual({ kind: 'malformed', detail: "no 'data' in the reply" });
    expect(bad('{"data":null}')).toEqual({
      kind: 'malformed',
      detail: 'Invalid input: expected array, received null',
    });
    expect(stage.process(Buffer.from(good), false)).toEqual({ kind: 'same' });
  });
});
