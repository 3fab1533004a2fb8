// A session's view of its cluster's resources: the items as the last refresh (or the profile
// cache) saw them, the event sequence number, and whether the next refresh must ask for a whole
// snapshot. It turns each refresh's result into the event the windows get, or none.

import type { GuestResource, Resource } from '../../../shared/model';
import type { CachedState } from '../cache/cached-state';
import { isEmptyDiff } from './diff';
import type { Logger } from './logger';
import type { ResourceUpdate } from './resource-pipeline';
import { MetricTable, type SessionResourceEvent } from './metric-moves';

export class ResourceView {
  /** The items without their metric fields, which live in `metrics`. */
  private items = new Map<string, Resource>();
  private readonly metrics = new MetricTable();
  private seq = 0;
  /** The next refresh asks for every item (first login, reconnect, a failure that lost state). */
  needSnapshot = true;
  /** epoch ms the seeded items (the profile cache) were seen at; cleared by the first refresh. */
  private seededAt: number | undefined;

  constructor(
    private readonly profileId: string,
    private readonly log: Logger,
    seed?: CachedState,
  ) {
    if (seed) {
      // The last run's state, shown (stale) until the first refresh replaces it.
      for (const r of seed.items) this.items.set(r.id, this.metrics.take(r));
      this.seededAt = seed.savedAt;
    }
  }

  /** One resource as the last refresh saw it, metrics included. */
  get(id: string): Resource | undefined {
    const r = this.items.get(id);
    return r && this.metrics.with(r);
  }

  /** A guest's structure: name, status, node, lock, tags… but no metrics (they live apart). */
  guest(id: string): GuestResource | undefined {
    return this.items.get(id) as GuestResource | undefined;
  }

  /** Every resource's structure, without metrics. */
  values(): IterableIterator<Resource> {
    return this.items.values();
  }

  /** The names of the cluster's nodes. */
  nodeNames(): string[] {
    // Every tick, over every item: no copy of the list, no array per item.
    const out: string[] = [];
    for (const r of this.items.values()) if (r.type === 'node') out.push(r.node);
    return out;
  }

  snapshot(): { seq: number; items: Resource[]; stale?: { savedAt: number } } {
    const items: Resource[] = [];
    for (const r of this.items.values()) items.push(this.metrics.with(r));
    if (this.seq === 0 && this.seededAt !== undefined) {
      return { seq: 0, items, stale: { savedAt: this.seededAt } };
    }
    return { seq: this.seq, items };
  }

  /** Take one refresh's result: the event to send, or undefined when nothing changed. */
  take(r: ResourceUpdate): SessionResourceEvent | undefined {
    const profileId = this.profileId;
    if (r.kind !== 'same' && r.invalid > 0) {
      this.log('warn', `Profile ${profileId}: skipped ${r.invalid} malformed resource item(s)`);
    }
    if (r.kind === 'snapshot') {
      const items = r.items;
      // Own copies: deltas update them in place, and the event's objects must stay as sent.
      this.items = new Map();
      this.metrics.clear();
      for (const item of items) this.items.set(item.id, this.metrics.take(item));
      this.needSnapshot = false;
      this.seededAt = undefined;
      this.seq++;
      return { kind: 'snapshot', profileId, seq: this.seq, items };
    }
    if (r.kind === 'delta' && (!isEmptyDiff(r) || r.metrics)) {
      // The stage keeps its own items; these follow by the delta (lookups need them here).
      const { added, changed, removed, metrics } = r;
      this.apply(r);
      this.seq++;
      const event = { kind: 'delta', profileId, seq: this.seq, added, changed, removed } as const;
      return metrics ? { ...event, metrics } : event;
    }
    return undefined;
  }

  /** A delta into the items, in place (arrays in a patch are replaced, never edited). */
  private apply(diff: Extract<ResourceUpdate, { kind: 'delta' }>): void {
    const { items, metrics } = this;
    for (const r of diff.added) items.set(r.id, metrics.take(r));
    for (const patch of diff.changed) {
      const target = items.get(patch.id) as unknown as Record<string, unknown> | undefined;
      if (!target) continue;
      const set = patch.set;
      for (const key in set) {
        const v = set[key];
        if (typeof v !== 'number' || !metrics.put(patch.id, key, v)) target[key] = v;
      }
      for (const key of patch.unset ?? []) {
        if (!metrics.put(patch.id, key, undefined)) delete target[key];
      }
    }
    if (diff.metrics) metrics.apply(diff.metrics);
    for (const id of diff.removed) {
      items.delete(id);
      metrics.remove(id);
    }
  }
}

/** Whether an event changes names, states or membership (a live tick moves only metrics). */
export function changesStructure(event: SessionResourceEvent | undefined): boolean {
  if (!event) return false;
  if (event.kind === 'snapshot') return true;
  return event.added.length > 0 || event.changed.length > 0 || event.removed.length > 0;
}
