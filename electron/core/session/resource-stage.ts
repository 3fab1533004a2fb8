// The CPU side of one profile's refresh, from the reply's bytes to what changed: a reply byte-
// identical to the last is not parsed at all; otherwise JSON.parse, validation and normalisation
// (pve/resources.ts) and the diff (diff.ts) against the previous tick's items, which are updated
// in place, so a tick leaves behind only short-lived garbage. Runs in the resource worker (resource-
// worker.ts) or in-process (resource-pipeline.ts); it holds no timers or handles.

import type { Resource, ResourcePatch } from '../../../shared/model';
import { parseResourceItem } from '../pve/resources';
import { diffResource } from './diff';
import { MetricMovesBuilder, type MetricMoves } from './metric-moves';

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
  // The words of PveClient.get's schema (zod), without loading zod into the worker.
  return `Invalid input: expected array, received ${data === null ? 'null' : typeof data}`;
}

/** A copy that shares nothing mutable with the stage's own item (for in-process use). */
function detached(r: Resource): Resource {
  const copy = { ...r };
  if ('tags' in copy) copy.tags = [...copy.tags];
  return copy;
}

export interface StageOptions {
  /**
   * Hand out copies of added items rather than the stage's own (which it later updates in
   * place). Needed in-process; a worker's results are copied by postMessage anyway.
   */
  detach?: boolean;
  /**
   * Deltas carry the metric fields' moves packed (`metrics`, metric-moves.ts) instead of in the
   * patches: a live tick is then one id list and one Float64Array, not thousands of patches.
   */
  packMetrics?: boolean;
}

export class ResourceStage {
  private last: Uint8Array | undefined;
  private readonly items = new Map<string, Resource>();
  private readonly seen = new Set<string>();
  private readonly decoder = new TextDecoder();
  private readonly detach: boolean;
  private readonly packMetrics: boolean;

  constructor(opts: StageOptions = {}) {
    this.detach = opts.detach ?? false;
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
    return snapshot ? this.snapshot(data) : this.delta(data);
  }

  private snapshot(data: readonly unknown[]): StageResult {
    this.items.clear();
    const items: Resource[] = [];
    let invalid = 0;
    for (const raw of data) {
      const r = parseResourceItem(raw);
      if (r === 'invalid') invalid++;
      else if (r) {
        this.items.set(r.id, r);
        items.push(this.detach ? detached(r) : r);
      }
    }
    return { kind: 'snapshot', items, invalid };
  }

  private delta(data: readonly unknown[]): StageResult {
    const added: Resource[] = [];
    const changed: ResourcePatch[] = [];
    const seen = this.seen;
    seen.clear();
    const moves = this.packMetrics ? new MetricMovesBuilder() : undefined;
    let invalid = 0;
    for (const raw of data) {
      const next = parseResourceItem(raw);
      if (next === 'invalid') {
        invalid++;
        continue;
      }
      if (!next) continue;
      seen.add(next.id);
      const before = this.items.get(next.id);
      if (!before) {
        this.items.set(next.id, next);
        added.push(this.detach ? detached(next) : next);
        continue;
      }
      const patch = diffResource(before, next);
      if (!patch) continue;
      // In place: the long-lived item stays, `next` dies young.
      const target = before as unknown as Record<string, unknown>;
      for (const key in patch.set) target[key] = patch.set[key];
      if (patch.unset) for (const key of patch.unset) delete target[key];
      const rest = moves ? moves.split(patch) : patch;
      if (rest) changed.push(rest);
    }
    const removed: string[] = [];
    if (seen.size !== this.items.size || added.length > 0) {
      for (const id of this.items.keys()) {
        if (!seen.has(id)) removed.push(id);
      }
      for (const id of removed) this.items.delete(id);
    }
    const metrics = moves?.take();
    return metrics
      ? { kind: 'delta', added, changed, removed, invalid, metrics }
      : { kind: 'delta', added, changed, removed, invalid };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
