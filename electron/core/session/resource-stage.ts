// The CPU side of one profile's refresh, from the reply's bytes to what changed: a reply byte-
// identical to the last is not parsed at all; otherwise JSON.parse, validation and normalisation
// (pve/resources.ts) and the diff against the previous tick's items, updated in place (a known
// guest field by field, guest-update.ts; other items by diff.ts), so a tick leaves behind only
// short-lived garbage. The stage's items are its own copies: what it hands out, it never changes.
// It runs on core's thread (resource-pipeline.ts) and holds no timers or handles.

import type { Resource, ResourcePatch } from '../../../shared/model';
import { parseResourceItem, str } from '../pve/resources';
import { updateGuest, type ChangeSink, type GuestEntry } from './guest-update';
import { METRIC_FIELDS } from '../../../shared/ipc/resources';
import { diffResource } from './diff';
import { MetricMovesBuilder, MetricTable, type MetricMoves } from './metric-moves';

export type StageResult =
  /** byte-identical to the last reply: nothing parsed, nothing changed */
  | { kind: 'same' }
  | { kind: 'snapshot'; items: Resource[]; invalid: number }
  | {
      kind: 'delta';
      added: Resource[];
      changed: ResourcePatch[];
      removed: string[];
      invalid: number;
      /** With `packMetrics`: the metric fields' moves, which `changed` then leaves out. */
      metrics?: MetricMoves;
    }
  /** not a resource list; `detail` says why, in the words the client uses for other replies */
  | { kind: 'malformed'; detail: string };

/** The envelope's `data` array, or why there is none (transport.ts's and client.ts's words). */
function dataOf(text: string): unknown[] | string {
  if (!text.trim()) return 'empty body';
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return 'not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'not JSON';
  if (!('data' in body)) return "no 'data' in the reply";
  const data = (body as { data: unknown }).data;
  if (Array.isArray(data)) return data;
  // The words of PveClient.get's schema (zod), without a schema parse of the whole reply.
  return `Invalid input: expected array, received ${data === null ? 'null' : typeof data}`;
}

type Raw = Record<string, unknown>;

export interface StageOptions {
  /**
   * Deltas carry the metric fields' moves packed (`metrics`, metric-moves.ts) instead of in the
   * patches: a live tick is then one id list and one Float64Array, not thousands of patches.
   */
  packMetrics?: boolean;
}

/**
 * The stage's own item (its metric fields kept in the stage's MetricTable), the tag string a
 * guest's tags came from, the reply it was last in, and for a guest where its metric row starts.
 */
interface Entry {
  item: Resource;
  rawTags: string | undefined;
  round: number;
  base: number;
}

/** Collects one item's changes as a patch, and its metric moves when they are packed. */
class PatchSink implements ChangeSink {
  private id = '';
  private fields: Record<string, unknown> | undefined;
  private gone: string[] | undefined;

  constructor(private readonly moves: MetricMovesBuilder | undefined) {}

  begin(id: string): void {
    this.id = id;
    this.fields = undefined;
    this.gone = undefined;
  }

  set(key: string, value: unknown): void {
    (this.fields ??= {})[key] = value;
  }

  unset(key: string): void {
    (this.gone ??= []).push(key);
  }

  metric(slot: number, value: number | undefined): void {
    if (this.moves) this.moves.move(this.id, slot, value);
    else if (value === undefined) this.unset(METRIC_FIELDS[slot]!);
    else this.set(METRIC_FIELDS[slot]!, value);
  }

  patch(): ResourcePatch | undefined {
    const { id, fields, gone } = this;
    if (!fields && !gone) return undefined;
    return gone ? { id, set: fields ?? {}, unset: gone } : { id, set: fields ?? {} };
  }
}

const isGuestType = (type: unknown): boolean => type === 'qemu' || type === 'lxc';

export class ResourceStage {
  private last: Uint8Array | undefined;
  private readonly items = new Map<string, Entry>();
  private readonly metrics = new MetricTable();
  /** Counts the replies taken: an entry not stamped with this one's was not in it. */
  private round = 0;
  private readonly decoder = new TextDecoder();
  private readonly packMetrics: boolean;

  constructor(opts: StageOptions = {}) {
    this.packMetrics = opts.packMetrics ?? false;
  }

  /**
   * The reply `bytes` (a 2xx body of GET /cluster/resources) against the previous one. With
   * `snapshot`, every item comes back (after a (re)connect); else only what changed.
   */
  process(bytes: Uint8Array, snapshot: boolean): StageResult {
    const last = this.last;
    if (!snapshot && last && sameBytes(last, bytes)) return { kind: 'same' };
    const data = dataOf(this.decoder.decode(bytes));
    if (typeof data === 'string') {
      // The next good reply is compared with the last good one.
      return { kind: 'malformed', detail: data };
    }
    this.last = bytes;
    this.round++;
    return snapshot ? this.snapshot(data) : this.delta(data);
  }

  /** The stage's own entry for a new item: its metrics go into the table. */
  private keep(r: Resource, raw: unknown): void {
    const item = this.metrics.take(r);
    const guest = r.type === 'qemu' || r.type === 'lxc';
    const rawTags = guest ? str((raw as Raw).tags) : undefined;
    const base = guest ? this.metrics.base(r.id) : -1;
    this.items.set(r.id, { item, rawTags, round: this.round, base });
  }

  private drop(id: string): void {
    this.items.delete(id);
    this.metrics.remove(id);
  }

  private snapshot(data: readonly unknown[]): StageResult {
    this.items.clear();
    this.metrics.clear();
    const items: Resource[] = [];
    let invalid = 0;
    for (const raw of data) {
      const r = parseResourceItem(raw);
      if (r === 'invalid') invalid++;
      else if (r) {
        if (this.items.has(r.id)) this.drop(r.id);
        this.keep(r, raw);
        items.push(r);
      }
    }
    return { kind: 'snapshot', items, invalid };
  }

  private delta(data: readonly unknown[]): StageResult {
    const added: Resource[] = [];
    const changed: ResourcePatch[] = [];
    const round = this.round;
    const moves = this.packMetrics ? new MetricMovesBuilder() : undefined;
    const sink = new PatchSink(moves);
    let invalid = 0;
    let seen = 0;
    for (const raw of data) {
      const o = raw as Raw;
      const entry = this.entryOf(o);
      if (entry && entry.base >= 0 && isGuestType(o.type)) {
        // The common case: a guest seen before, compared field by field in place.
        sink.begin(entry.item.id);
        const table = this.metrics.values;
        if (updateGuest(entry as GuestEntry, o, sink, table, entry.base) === 'invalid') {
          invalid++;
          continue;
        }
        // A repeated id counts once (its last copy wins).
        if (entry.round !== round) seen++;
        entry.round = round;
        const patch = sink.patch();
        if (patch) changed.push(patch);
        continue;
      }
      const next = parseResourceItem(raw);
      if (next === 'invalid') {
        invalid++;
        continue;
      }
      if (!next) continue;
      const before = this.items.get(next.id);
      if (!before) {
        this.keep(next, raw);
        seen++;
        added.push(next);
        continue;
      }
      if (before.round !== round) seen++;
      // Few (nodes, storages, pools) or odd (an id whose type changed): whole items compared.
      const old = this.metrics.with(before.item);
      this.drop(next.id);
      this.keep(next, raw);
      const patch = diffResource(old, next);
      if (!patch) continue;
      const rest = moves ? moves.split(patch) : patch;
      if (rest) changed.push(rest);
    }
    const removed: string[] = [];
    if (seen !== this.items.size) {
      for (const [id, entry] of this.items) if (entry.round !== round) removed.push(id);
      for (const id of removed) this.drop(id);
    }
    const metrics = moves?.take();
    return metrics
      ? { kind: 'delta', added, changed, removed, invalid, metrics }
      : { kind: 'delta', added, changed, removed, invalid };
  }

  /** The entry of the raw item's id, when it has one of the right type. */
  private entryOf(o: Raw): Entry | undefined {
    if (typeof o !== 'object' || o === null) return undefined;
    const id = o.id;
    if (typeof id !== 'string') return undefined;
    const entry = this.items.get(id);
    return entry && entry.item.type === o.type ? entry : undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
