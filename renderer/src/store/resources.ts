// Pure reducers for the resources of each profile: a snapshot replaces everything, a delta with the
// next sequence number patches it, anything else marks the profile for a resync.

import type {
  GuestResource,
  NodeResource,
  Resource,
  ResourceEvent,
  ResourcePatch,
} from '../../../shared/model';
import { isGuest } from '../../../shared/model';
import type { MetricsEvent } from '../../../shared/ipc/resources';
import { compareNatural } from '../../../shared/collate';

export interface ProfileResources {
  /** Sequence number of the last applied snapshot or delta; -1 before the first snapshot. */
  readonly seq: number;
  readonly byId: ReadonlyMap<string, Resource>;
  /**
   * Bumped when the tree's shape may change: a resource added or removed, or a field the tree
   * groups, sorts or filters by changed. Stats-only deltas leave it alone.
   */
  readonly structure: number;
  /** A delta did not follow on: the caller must fetch `resources.snapshot`. */
  readonly needsResync: boolean;
  /**
   * epoch ms: these are the last state seen then (core's cache of the last run), not live; gone
   * with the first live snapshot.
   */
  readonly staleSince?: number;
}

export type ResourcesState = Readonly<Record<string, ProfileResources>>;

export const EMPTY_PROFILE_RESOURCES: ProfileResources = {
  seq: -1,
  byId: new Map(),
  structure: 0,
  needsResync: true,
};

/**
 * True once core has read the cluster (or has its last state from the last run, marked stale): a
 * snapshot of seq 0 is otherwise core's answer before its first refresh (empty, not an empty
 * cluster), so views show "Connecting…" rather than zero counts.
 */
export function hasFirstRefresh(res: ProfileResources): boolean {
  return res.seq > 0 || res.staleSince !== undefined;
}

/** Fields the tree uses for grouping, order, icons, counts and filtering. */
// Structure versions are unique across profiles and resets, so a cache keyed by one never confuses
// two different shapes.
let structureCounter = 0;
function nextStructure(): number {
  return ++structureCounter;
}

const STRUCTURE_FIELDS = new Set([
  'name',
  'node',
  'vmid',
  'tags',
  'pool',
  'status',
  'template',
  'type',
]);

export function applySnapshot(
  state: ResourcesState,
  profileId: string,
  seq: number,
  items: readonly Resource[],
  staleSince?: number,
): ResourcesState {
  const byId = new Map<string, Resource>();
  for (const item of items) byId.set(item.id, item);
  const res: ProfileResources = { seq, byId, structure: nextStructure(), needsResync: false };
  return { ...state, [profileId]: staleSince === undefined ? res : { ...res, staleSince } };
}

function patchResource(resource: Resource, patch: ResourcePatch): Resource {
  const next: Record<string, unknown> = { ...resource, ...patch.set };
  for (const field of patch.unset ?? []) delete next[field];
  next.id = resource.id;
  return next as unknown as Resource;
}

function touchesStructure(patch: ResourcePatch): boolean {
  for (const field of Object.keys(patch.set)) if (STRUCTURE_FIELDS.has(field)) return true;
  for (const field of patch.unset ?? []) if (STRUCTURE_FIELDS.has(field)) return true;
  return false;
}

/** Apply one `resources` event. Returns the same state object when the event changes nothing. */
export function applyResourceEvent(state: ResourcesState, event: ResourceEvent): ResourcesState {
  if (event.kind === 'snapshot')
    return applySnapshot(state, event.profileId, event.seq, event.items);

  const current = state[event.profileId];
  if (!current || current.seq < 0) {
    // No snapshot yet: the delta cannot be applied; a snapshot is (or must be) on its way.
    if (current?.needsResync) return state;
    return {
      ...state,
      [event.profileId]: { ...(current ?? EMPTY_PROFILE_RESOURCES), needsResync: true },
    };
  }
  // Deltas the last snapshot already includes are stale, not a gap.
  if (event.seq <= current.seq) return state;
  if (event.seq !== current.seq + 1) {
    return current.needsResync
      ? state
      : { ...state, [event.profileId]: { ...current, needsResync: true } };
  }

  const byId = new Map(current.byId);
  let structural = event.added.length > 0 || event.removed.length > 0;
  for (const added of event.added) byId.set(added.id, added);
  for (const patch of event.changed) {
    const existing = byId.get(patch.id);
    if (!existing) {
      // A patch for something we never saw means our copy has drifted.
      return { ...state, [event.profileId]: { ...current, needsResync: true } };
    }
    byId.set(patch.id, patchResource(existing, patch));
    if (!structural && touchesStructure(patch)) structural = true;
  }
  for (const id of event.removed) byId.delete(id);

  return {
    ...state,
    [event.profileId]: {
      seq: event.seq,
      byId,
      structure: structural ? nextStructure() : current.structure,
      needsResync: false,
    },
  };
}

export function removeProfileResources(state: ResourcesState, profileId: string): ResourcesState {
  if (!(profileId in state)) return state;
  const next = { ...state };
  delete next[profileId];
  return next;
}

/**
 * Merge one `metrics` event (live counters of the resources this window watches) into their
 * resources; null removes a field. The structure and sequence number stay as they are.
 */
export function applyMetricsEvent(state: ResourcesState, event: MetricsEvent): ResourcesState {
  const current = state[event.profileId];
  if (!current || current.seq < 0) return state;
  let byId: Map<string, Resource> | undefined;
  for (const id of Object.keys(event.values)) {
    const existing = (byId ?? current.byId).get(id);
    if (!existing) continue;
    const next: Record<string, unknown> = { ...existing };
    for (const [field, value] of Object.entries(event.values[id]!)) {
      if (value === null) delete next[field];
      else next[field] = value;
    }
    (byId ??= new Map(current.byId)).set(id, next as unknown as Resource);
  }
  return byId ? { ...state, [event.profileId]: { ...current, byId } } : state;
}

// ---- derived views (memoised per structure version, so rows can select them cheaply) ----

export interface GuestCounts {
  running: number;
  total: number;
}

export interface ProfileSummary {
  nodes: NodeResource[];
  /** guests per node name, sorted by vmid */
  guestsByNode: ReadonlyMap<string, GuestResource[]>;
  guestCount: number;
  runningCount: number;
  countsByNode: ReadonlyMap<string, GuestCounts>;
}

const summaryCache = new WeakMap<ReadonlyMap<string, Resource>, ProfileSummary>();
const lastSummary = new Map<string, { structure: number; summary: ProfileSummary }>();

function buildSummary(byId: ReadonlyMap<string, Resource>): ProfileSummary {
  const nodes: NodeResource[] = [];
  const guestsByNode = new Map<string, GuestResource[]>();
  const countsByNode = new Map<string, GuestCounts>();
  let guestCount = 0;
  let runningCount = 0;
  for (const r of byId.values()) {
    if (r.type === 'node') {
      nodes.push(r);
    } else if (isGuest(r)) {
      let list = guestsByNode.get(r.node);
      if (!list) guestsByNode.set(r.node, (list = []));
      list.push(r);
      let counts = countsByNode.get(r.node);
      if (!counts) countsByNode.set(r.node, (counts = { running: 0, total: 0 }));
      counts.total++;
      guestCount++;
      if (r.status === 'running') {
        counts.running++;
        runningCount++;
      }
    }
  }
  // Guests on nodes the listing no longer reports still get a node entry.
  const known = new Set(nodes.map((n) => n.node));
  for (const node of guestsByNode.keys()) {
    if (!known.has(node)) nodes.push({ id: `node/${node}`, type: 'node', node, status: 'unknown' });
  }
  nodes.sort((a, b) => compareNatural(a.node, b.node));
  for (const list of guestsByNode.values()) list.sort((a, b) => a.vmid - b.vmid);
  return { nodes, guestsByNode, guestCount, runningCount, countsByNode };
}

/**
 * Nodes, guests per node and counts for one profile. Recomputed only when the structure version
 * moves; stats-only deltas reuse the previous summary (its guest objects may be older than byId,
 * so rows read their guest from byId, not from here).
 */
export function selectProfileSummary(profileId: string, res: ProfileResources): ProfileSummary {
  const cached = summaryCache.get(res.byId);
  if (cached) return cached;
  const last = lastSummary.get(profileId);
  const summary = last && last.structure === res.structure ? last.summary : buildSummary(res.byId);
  summaryCache.set(res.byId, summary);
  lastSummary.set(profileId, { structure: res.structure, summary });
  return summary;
}
