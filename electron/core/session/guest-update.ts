// A guest's item of this reply against the stage's item of the last, in one pass: each field is
// validated and normalised with pve/resources.ts's rules and compared with the previous value in
// place, so an unchanged guest costs no allocation at all (no normalised copy, no patch, no tag
// array). The metric fields (METRIC_FIELDS) live in a Float64Array, not in the item: they move on
// every tick, and as object fields each move would be a fresh heap number kept by a long-lived
// object (the stage's MetricTable, metric-moves.ts). Only guests take this path: they are nearly all of a big cluster's items.

import { METRIC_FIELDS, type MetricField } from '../../../shared/ipc/resources';
import type { GuestResource } from '../../../shared/model';
import { parseTags } from '../../../shared/tags';
import { bool, num, str } from '../pve/resources';

/** What changed in one item; `metric` gets the metric fields' moves (slot: METRIC_FIELDS index). */
export interface ChangeSink {
  set(key: string, value: unknown): void;
  unset(key: string): void;
  /** A metric field's move (undefined: the field went away). */
  metric(slot: number, value: number | undefined): void;
}

const slot = (field: MetricField): number => METRIC_FIELDS.indexOf(field);
const CPU = slot('cpu');
const MEM = slot('mem');
const DISK = slot('disk');
const UPTIME = slot('uptime');
const NETIN = slot('netin');
const NETOUT = slot('netout');
const DISKREAD = slot('diskread');
const DISKWRITE = slot('diskwrite');

/** The stage's own guest (metric fields kept apart) and the tag string it was parsed from. */
export interface GuestEntry {
  item: GuestResource;
  rawTags: string | undefined;
}

type Fields = Record<string, unknown>;

function number(raw: unknown): number | undefined {
  return typeof raw === 'number' ? (Number.isFinite(raw) ? raw : undefined) : num(raw);
}

/** Rare: a field's value changed (keyed access is fine here). */
function change(t: Fields, key: string, value: unknown, sink: ChangeSink): void {
  if (value === undefined) {
    delete t[key];
    sink.unset(key);
  } else {
    t[key] = value;
    sink.set(key, value);
  }
}

/**
 * Bring `entry` (metrics in `table` at `base`) up to date with the raw item `o` (same id),
 * telling `sink` each change. 'invalid' (nothing touched) when `o` lacks what identifies a
 * guest: the caller drops it, as a fresh parse would.
 */
export function updateGuest(
  entry: GuestEntry,
  o: Fields,
  sink: ChangeSink,
  table: Float64Array,
  base: number,
): 'invalid' | undefined {
  const node = o.node;
  const vmid = number(o.vmid);
  if (typeof node !== 'string' || vmid === undefined) return 'invalid';
  const t = entry.item as unknown as Fields & GuestResource;
  if (t.node !== node) change(t, 'node', node, sink);
  const name = typeof o.name === 'string' ? o.name : undefined;
  if (t.name !== name) change(t, 'name', name, sink);
  const status = typeof o.status === 'string' ? o.status : 'unknown';
  if (t.status !== status) change(t, 'status', status, sink);
  metric(table, base + UPTIME, o.uptime, sink, UPTIME);
  metric(table, base + CPU, o.cpu, sink, CPU);
  const maxcpu = number(o.maxcpu);
  if (t.maxcpu !== maxcpu) change(t, 'maxcpu', maxcpu, sink);
  metric(table, base + MEM, o.mem, sink, MEM);
  const maxmem = number(o.maxmem);
  if (t.maxmem !== maxmem) change(t, 'maxmem', maxmem, sink);
  metric(table, base + DISK, o.disk, sink, DISK);
  const maxdisk = number(o.maxdisk);
  if (t.maxdisk !== maxdisk) change(t, 'maxdisk', maxdisk, sink);
  metric(table, base + NETIN, o.netin, sink, NETIN);
  metric(table, base + NETOUT, o.netout, sink, NETOUT);
  metric(table, base + DISKREAD, o.diskread, sink, DISKREAD);
  metric(table, base + DISKWRITE, o.diskwrite, sink, DISKWRITE);
  const pool = typeof o.pool === 'string' ? o.pool : undefined;
  if (t.pool !== pool) change(t, 'pool', pool, sink);
  const lock = typeof o.lock === 'string' ? o.lock : undefined;
  if (t.lock !== lock) change(t, 'lock', lock, sink);
  const hastate = typeof o.hastate === 'string' ? o.hastate : undefined;
  if (t.hastate !== hastate) change(t, 'hastate', hastate, sink);
  if (t.vmid !== vmid) change(t, 'vmid', vmid, sink);
  const template = bool(o.template);
  if (t.template !== template) change(t, 'template', template, sink);
  const rawTags = str(o.tags);
  if (rawTags !== entry.rawTags) {
    entry.rawTags = rawTags;
    const tags = parseTags(rawTags);
    const prev = t.tags;
    if (tags.length !== prev.length || tags.some((tag, i) => tag !== prev[i])) {
      change(t, 'tags', tags, sink);
    }
  }
  return undefined;
}

function metric(table: Float64Array, at: number, raw: unknown, sink: ChangeSink, slot: number) {
  const v = number(raw);
  const prev = table[at]!;
  if (v === undefined) {
    if (Number.isNaN(prev)) return;
    table[at] = NaN;
    sink.metric(slot, undefined);
  } else if (v !== prev) {
    table[at] = v;
    sink.metric(slot, v);
  }
}
