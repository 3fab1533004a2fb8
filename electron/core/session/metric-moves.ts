// The metric moves of one delta, packed: a live tick moves the counters of every running guest,
// and as patch objects (thousands per profile) they cost the thread that serves the UI a
// structured-clone of each from the resource worker, their garbage, and a split in the metrics
// room. Packed they cross as one id list and one Float64Array, and are applied in place.

import { METRIC_FIELDS, type MetricValues } from '../../../shared/ipc/resources';
import type { Resource, ResourceEvent, ResourcePatch } from '../../../shared/model';

/**
 * For the i-th id, `values[i * METRIC_FIELDS.length + f]` is the new value of METRIC_FIELDS[f]:
 * NaN when it did not move, -Infinity when the field went away (neither comes out of JSON).
 */
export interface MetricMoves {
  ids: string[];
  values: Float64Array;
}

/** A session's resource event: a delta may carry its metric moves packed (the metrics room splits). */
export type SessionResourceEvent = ResourceEvent & { metrics?: MetricMoves };

const FIELDS = METRIC_FIELDS.length;
const SLOT = new Map<string, number>(METRIC_FIELDS.map((f, i) => [f, i]));
const GONE = -Infinity;

/** Collects the moves of one delta; `split` keeps a patch's other fields as a patch. */
export class MetricMovesBuilder {
  private readonly ids: string[] = [];
  private values = new Float64Array(64 * FIELDS);

  /**
   * The patch's metric fields go into the packed moves (when they are numbers; anything else
   * stays in the patch); what is left is returned as a patch, or undefined when nothing is.
   */
  split(patch: ResourcePatch): ResourcePatch | undefined {
    let row = -1;
    let rest: Record<string, unknown> | undefined;
    let others = false;
    const set = patch.set;
    for (const key in set) {
      const slot = SLOT.get(key);
      const v = set[key];
      if (slot === undefined || typeof v !== 'number') {
        others = true;
        continue;
      }
      if (row < 0) row = this.row(patch.id);
      this.values[row * FIELDS + slot] = v;
    }
    let unset: string[] | undefined;
    for (const key of patch.unset ?? []) {
      const slot = SLOT.get(key);
      if (slot === undefined) (unset ??= []).push(key);
      else {
        if (row < 0) row = this.row(patch.id);
        this.values[row * FIELDS + slot] = GONE;
      }
    }
    if (row < 0) return patch;
    if (!others && !unset) return undefined;
    if (others) {
      rest = {};
      for (const key in set) {
        const v = set[key];
        if (!SLOT.has(key) || typeof v !== 'number') rest[key] = v;
      }
    }
    return unset ? { id: patch.id, set: rest ?? {}, unset } : { id: patch.id, set: rest ?? {} };
  }

  private row(id: string): number {
    const row = this.ids.length;
    this.ids.push(id);
    if ((row + 1) * FIELDS > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values.fill(NaN, row * FIELDS, (row + 1) * FIELDS);
    return row;
  }

  /** The moves collected, or undefined when there are none. */
  take(): MetricMoves | undefined {
    if (this.ids.length === 0) return undefined;
    return { ids: this.ids, values: this.values.slice(0, this.ids.length * FIELDS) };
  }
}

/** Apply the moves to the items, in place (ids not in the map are skipped). */
export function applyMetricMoves(items: Map<string, Resource>, moves: MetricMoves): void {
  const { ids, values } = moves;
  for (let i = 0; i < ids.length; i++) {
    const target = items.get(ids[i]!) as unknown as Record<string, unknown> | undefined;
    if (!target) continue;
    for (let f = 0; f < FIELDS; f++) {
      const v = values[i * FIELDS + f]!;
      if (Number.isNaN(v)) continue;
      if (v === GONE) delete target[METRIC_FIELDS[f]!];
      else target[METRIC_FIELDS[f]!] = v;
    }
  }
}

/** The moves of the i-th id as a metrics event's values (null: the field went away). */
export function metricValuesAt(moves: MetricMoves, i: number): MetricValues | undefined {
  let out: Record<string, number | null> | undefined;
  for (let f = 0; f < FIELDS; f++) {
    const v = moves.values[i * FIELDS + f]!;
    if (Number.isNaN(v)) continue;
    (out ??= {})[METRIC_FIELDS[f]!] = v === GONE ? null : v;
  }
  return out as MetricValues | undefined;
}

/** The moves as the patches they stand for (tests, and listeners that want patches). */
export function movesAsPatches(moves: MetricMoves): ResourcePatch[] {
  return moves.ids.map((id, i) => {
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    const v = metricValuesAt(moves, i) ?? {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) unset.push(k);
      else set[k] = x;
    }
    return unset.length > 0 ? { id, set, unset } : { id, set };
  });
}
