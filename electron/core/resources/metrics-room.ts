// Where each profile's resource events fan out to the windows: the structure goes to every window
// (the `resources` broadcast, without metric fields, renumbered so that a tick that moved only
// metrics sends nothing), and the live metrics of the resources a window watches go to that window
// alone (`metrics` events). The windows' watch sets live here and go with their window.

import type { MetricsEvent, MetricValues } from '../../../shared/ipc/resources';
import { DisposableStore, type Disposable } from '../../../shared/lifecycle';
import type { Resource, ResourceEvent, ResourcePatch } from '../../../shared/model';
import { metricsOf, metricsOfPatch, stripMetrics, stripPatch } from './split';
import {
  metricValuesAt,
  type MetricMoves,
  type SessionResourceEvent,
} from '../session/metric-moves';

export interface ResourceSnapshot {
  seq: number;
  items: Resource[];
  stale?: { savedAt: number };
}

export interface MetricsRoomDeps {
  /** Send a structural event to every window. */
  broadcast(event: ResourceEvent): void;
  /** Send a metrics event to one window. */
  emit(clientId: string, event: MetricsEvent): void;
  /** The session's current resources, numbered as its own events. */
  snapshot(profileId: string): ResourceSnapshot | Promise<ResourceSnapshot>;
  onClientGone(listener: (clientId: string) => void): Disposable;
}

/** How many session sequence numbers a profile remembers the window numbering of. */
const SEQ_MEMORY = 64;

interface ProfileStream {
  /** The seq of the last structural event the windows got. */
  seq: number;
  /** Session seq → the windows' seq after it (the latest ones). */
  bySessionSeq: Map<number, number>;
  /** Per window: the ids it watches, each with the session seq its metrics were last sent at. */
  watchers: Map<string, Map<string, number>>;
}

export class MetricsRoom implements Disposable {
  private readonly store = new DisposableStore('metrics room');
  private readonly profiles = new Map<string, ProfileStream>();

  constructor(private readonly deps: MetricsRoomDeps) {
    this.store.add(deps.onClientGone((clientId) => this.dropClient(clientId)));
  }

  private stream(profileId: string): ProfileStream {
    let s = this.profiles.get(profileId);
    if (!s) {
      s = { seq: 0, bySessionSeq: new Map([[0, 0]]), watchers: new Map() };
      this.profiles.set(profileId, s);
    }
    return s;
  }

  /** A session's event: structure to all, metrics to the windows that watch them. */
  onResources(event: SessionResourceEvent): void {
    if (this.store.isDisposed) return;
    const s = this.stream(event.profileId);
    if (event.kind === 'snapshot') {
      s.seq++;
      s.bySessionSeq.clear();
      this.remember(s, event.seq);
      this.deps.broadcast({ ...event, seq: s.seq, items: event.items.map(stripMetrics) });
      if (s.watchers.size > 0) this.sendItems(event.profileId, s, event.seq, event.items);
      return;
    }
    const changed: ResourcePatch[] = [];
    for (const p of event.changed) {
      const stripped = stripPatch(p);
      if (stripped) changed.push(stripped);
    }
    if (event.added.length > 0 || event.removed.length > 0 || changed.length > 0) {
      s.seq++;
      this.deps.broadcast({
        kind: 'delta',
        profileId: event.profileId,
        seq: s.seq,
        added: event.added.map(stripMetrics),
        changed,
        removed: event.removed,
      });
    }
    this.remember(s, event.seq);
    if (s.watchers.size === 0) return;
    if (event.added.length > 0) this.sendItems(event.profileId, s, event.seq, event.added);
    this.sendPatches(event.profileId, s, event.seq, event.changed);
    if (event.metrics) this.sendMoves(event.profileId, s, event.seq, event.metrics);
  }

  private sendMoves(profileId: string, s: ProfileStream, at: number, moves: MetricMoves) {
    for (const [clientId, ids] of s.watchers) {
      let values: Record<string, MetricValues> | undefined;
      for (let i = 0; i < moves.ids.length; i++) {
        const id = moves.ids[i]!;
        if (!ids.has(id)) continue;
        const m = metricValuesAt(moves, i);
        if (!m) continue;
        (values ??= {})[id] = m;
        ids.set(id, at);
      }
      if (values) this.deps.emit(clientId, { profileId, seq: s.seq, values });
    }
  }

  private remember(s: ProfileStream, sessionSeq: number): void {
    s.bySessionSeq.set(sessionSeq, s.seq);
    if (s.bySessionSeq.size > SEQ_MEMORY) {
      s.bySessionSeq.delete(s.bySessionSeq.keys().next().value!);
    }
  }

  /** The windows' seq for a session seq (the newest at or below it); 0 stays "not read yet". */
  private windowSeq(s: ProfileStream, sessionSeq: number): number {
    if (sessionSeq === 0) return 0;
    const exact = s.bySessionSeq.get(sessionSeq);
    if (exact !== undefined) return exact;
    let best: number | undefined;
    let bestAt = -Infinity;
    for (const [at, seq] of s.bySessionSeq) {
      if (at <= sessionSeq && at > bestAt) [bestAt, best] = [at, seq];
    }
    return best ?? s.seq;
  }

  private sendItems(profileId: string, s: ProfileStream, at: number, items: readonly Resource[]) {
    for (const [clientId, ids] of s.watchers) {
      let values: Record<string, MetricValues> | undefined;
      for (const r of items) {
        if (!ids.has(r.id)) continue;
        (values ??= {})[r.id] = metricsOf(r);
        ids.set(r.id, at);
      }
      if (values) this.deps.emit(clientId, { profileId, seq: s.seq, values });
    }
  }

  private sendPatches(profileId: string, s: ProfileStream, at: number, patches: ResourcePatch[]) {
    for (const [clientId, ids] of s.watchers) {
      let values: Record<string, MetricValues> | undefined;
      // Few watched ids against thousands of patches: look each patch up, once per window.
      for (const p of patches) {
        if (!ids.has(p.id)) continue;
        const m = metricsOfPatch(p);
        if (!m) continue;
        (values ??= {})[p.id] = m;
        ids.set(p.id, at);
      }
      if (values) this.deps.emit(clientId, { profileId, seq: s.seq, values });
    }
  }

  /** Replace a window's watched set for a profile; their current metrics follow at once. */
  async watch(clientId: string, profileId: string, ids: readonly string[]): Promise<void> {
    const s = this.stream(profileId);
    const before = s.watchers.get(clientId);
    if (ids.length === 0) {
      s.watchers.delete(clientId);
      return;
    }
    const next = new Map<string, number>();
    const fresh: string[] = [];
    for (const id of ids) {
      const sent = before?.get(id);
      next.set(id, sent ?? -1);
      if (sent === undefined) fresh.push(id);
    }
    s.watchers.set(clientId, next);
    if (fresh.length === 0) return;
    const snap = await this.deps.snapshot(profileId);
    if (s.watchers.get(clientId) !== next) return; // replaced (or the window went) meanwhile
    const want = new Set(fresh);
    let values: Record<string, MetricValues> | undefined;
    for (const r of snap.items) {
      // A tick after the snapshot already sent newer values.
      if (!want.has(r.id) || (next.get(r.id) ?? -1) > snap.seq) continue;
      (values ??= {})[r.id] = metricsOf(r);
      next.set(r.id, snap.seq);
    }
    if (values) this.deps.emit(clientId, { profileId, seq: this.windowSeq(s, snap.seq), values });
  }

  /**
   * A window's snapshot of a profile: structure for every resource, metrics for the ones it
   * watches, numbered as the window's `resources` events.
   */
  async snapshot(profileId: string, clientId: string | undefined): Promise<ResourceSnapshot> {
    const snap = await this.deps.snapshot(profileId);
    const s = this.stream(profileId);
    const ids = clientId === undefined ? undefined : s.watchers.get(clientId);
    const items = snap.items.map((r) => (ids?.has(r.id) ? r : stripMetrics(r)));
    return { ...snap, seq: this.windowSeq(s, snap.seq), items };
  }

  /** The profiles now saved: the numbering and watchers of any other go. */
  retainProfiles(profileIds: readonly string[]): void {
    const keep = new Set(profileIds);
    for (const id of this.profiles.keys()) if (!keep.has(id)) this.profiles.delete(id);
  }

  private dropClient(clientId: string): void {
    for (const s of this.profiles.values()) s.watchers.delete(clientId);
  }

  /** The ids a window watches in a profile (for tests). */
  watched(clientId: string, profileId: string): string[] {
    return [...(this.profiles.get(profileId)?.watchers.get(clientId)?.keys() ?? [])];
  }

  dispose(): Promise<void> {
    this.profiles.clear();
    return this.store.dispose();
  }
}
