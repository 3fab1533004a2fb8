// The metric moves of one delta, packed: a live tick moves the counters of every running guest,
// and as patch objects (thousands per profile) they would cost an object each, their garbage, and
// a split in the metrics room. Packed they travel as one id list and one Float64Array, and are
// applied in place.

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

  /**
   * One metric field's move of `id` (`slot`: its METRIC_FIELDS index; undefined: the field went
   * away). The moves of one id come one after another, into one row.
   */
  move(id: string, slot: number, value: number | undefined): void {
    const row = this.ids[this.ids.length - 1] === id ? this.ids.length - 1 : this.row(id);
    this.values[row * FIELDS + slot] = value === undefined ? GONE : value;
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

/**
 * The metric fields of a session's resources, kept apart from the item objects: a row of
 * METRIC_FIELDS per resource in one Float64Array (NaN: absent). Applying a live tick's moves is
 * then writes into the table, not a fresh heap number in each of thousands of long-lived objects.
 */
export class MetricTable {
  private readonly rows = new Map<string, number>();
  private readonly free: number[] = [];
  private table = new Float64Array(0);
  private used = 0;

  clear(): void {
    this.rows.clear();
    this.free.length = 0;
    this.used = 0;
  }

  /** `item`'s metric fields into its row, and the item without them (a new object) back. */
  take(item: Resource): Resource {
    const r = item as unknown as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    let row = -1;
    for (const key in r) {
      const slot = SLOT.get(key);
      if (slot === undefined) continue;
      if (!out) {
        out = {};
        for (const k in r) if (!SLOT.has(k)) out[k] = r[k];
      }
      const v = r[key];
      if (typeof v !== 'number') {
        out[key] = v;
        continue;
      }
      if (row < 0) row = this.rowOf(item.id);
      this.table[row * FIELDS + slot] = v;
    }
    if (row < 0) this.remove(item.id);
    out ??= { ...r };
    // Shares nothing mutable with `item` (an event's, which listeners may keep).
    if (Array.isArray(out.tags)) out.tags = [...(out.tags as string[])];
    return out as unknown as Resource;
  }

  /** Apply a delta's packed moves (ids without a row get one). */
  apply(moves: MetricMoves): void {
    const { ids, values } = moves;
    for (let i = 0; i < ids.length; i++) {
      const row = this.rowOf(ids[i]!) * FIELDS;
      for (let f = 0; f < FIELDS; f++) {
        const v = values[i * FIELDS + f]!;
        if (Number.isNaN(v)) continue;
        this.table[row + f] = v === GONE ? NaN : v;
      }
    }
  }

  /** One field's value from a patch (undefined: unset). */
  put(id: string, key: string, value: number | undefined): boolean {
    const slot = SLOT.get(key);
    if (slot === undefined) return false;
    this.table[this.rowOf(id) * FIELDS + slot] = value ?? NaN;
    return true;
  }

  /** The table now (a new array after it grew; rows keep their place). */
  get values(): Float64Array {
    return this.table;
  }

  /** Where `id`'s row starts in `values` (a row of NaN is made for a new id). */
  base(id: string): number {
    return this.rowOf(id) * FIELDS;
  }

  remove(id: string): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    this.rows.delete(id);
    this.free.push(row);
  }

  /** `item` with its metric fields (a new object when it has any). */
  with<T extends Resource>(item: T): T {
    const row = this.rows.get(item.id);
    if (row === undefined) return item;
    const out = { ...item } as unknown as Record<string, unknown>;
    for (let f = 0; f < FIELDS; f++) {
      const v = this.table[row * FIELDS + f]!;
      if (!Number.isNaN(v)) out[METRIC_FIELDS[f]!] = v;
    }
    return out as unknown as T;
  }

  private rowOf(id: string): number {
    let row = this.rows.get(id);
    if (row !== undefined) return row;
    row = this.free.pop() ?? this.used++;
    if (this.used * FIELDS > this.table.length) {
      const grown = new Float64Array(Math.max(64, this.used * 2) * FIELDS);
      grown.set(this.table);
      this.table = grown;
    }
    this.table.fill(NaN, row * FIELDS, (row + 1) * FIELDS);
    this.rows.set(id, row);
    return row;
  }
}
