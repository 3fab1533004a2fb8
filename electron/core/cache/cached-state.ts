// One profile's last known state as the cache keeps it: the resources the tree needs (names,
// status, tags, membership; no live metrics), connection facts and the cluster's node addresses
// (for failover when the profile's own server is down at start). Never a secret, never a ticket
// and never a pin (pins live in the profile's settings). `toCacheText` writes it,
// `parseCacheText` reads it back and refuses anything else.

import { z } from 'zod';
import type { Resource } from '../../../shared/model';

/** What a session starts from before its first refresh (see ProfileSession's `seed`). */
export interface CachedState {
  /** epoch ms of the refresh this state was seen in */
  savedAt: number;
  items: Resource[];
  clusterName?: string;
  /** PVE version, e.g. "9.1.2" */
  version?: string;
  /** A standalone node (in no cluster), so it shows as one before it is live. */
  standalone?: boolean;
  /** The cluster's nodes as `/cluster/status` gave them: ways in when the profile's server is down. */
  nodes?: KnownNodes;
}

/** A cluster's node addresses, and which node the profile's own URL reaches (`home`). */
export interface KnownNodes {
  home?: string;
  list: { name: string; ip: string }[];
}

const FORMAT = 'deckhand-profile-cache';

const str = z.string().max(4096);
const guest = z.object({
  id: str,
  type: z.enum(['qemu', 'lxc']),
  vmid: z.number().int().nonnegative(),
  node: str,
  name: str.optional(),
  status: str,
  template: z.boolean(),
  tags: z.array(str).max(1000),
  pool: str.optional(),
  lock: str.optional(),
  hastate: str.optional(),
  maxcpu: z.number().optional(),
  maxmem: z.number().optional(),
  maxdisk: z.number().optional(),
});
const node = z.object({
  id: str,
  type: z.literal('node'),
  node: str,
  status: z.enum(['online', 'offline', 'unknown']),
  level: str.optional(),
  hastate: str.optional(),
  maxcpu: z.number().optional(),
  maxmem: z.number().optional(),
  maxdisk: z.number().optional(),
});
const storage = z.object({
  id: str,
  type: z.literal('storage'),
  storage: str,
  node: str,
  plugintype: str.optional(),
  status: str.optional(),
  shared: z.boolean(),
  content: str.optional(),
  maxdisk: z.number().optional(),
});
const pool = z.object({ id: str, type: z.literal('pool'), pool: str });

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  profileId: str,
  savedAt: z.number().int().nonnegative(),
  clusterName: str.optional(),
  pveVersion: str.optional(),
  standalone: z.literal(true).optional(),
  nodes: z
    .object({
      home: str.optional(),
      list: z.array(z.object({ name: str, ip: str })).max(1000),
    })
    .optional(),
  items: z.array(z.discriminatedUnion('type', [guest, node, storage, pool])),
});

/** Fields that move on every tick: never cached (they would be shown as if true). */
const LIVE_FIELDS = new Set([
  'cpu',
  'mem',
  'disk',
  'uptime',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
]);

function withoutLive(r: Resource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!LIVE_FIELDS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** The items part of a cache text (compared between writes: an unchanged one is not rewritten). */
export function itemsText(items: Iterable<Resource>): { text: string; count: number } {
  const out: Record<string, unknown>[] = [];
  for (const r of items) out.push(withoutLive(r));
  return { text: JSON.stringify(out), count: out.length };
}

export function toCacheText(
  profileId: string,
  state: Omit<CachedState, 'items'>,
  items: string,
): string {
  const head = {
    format: FORMAT,
    version: 1,
    profileId,
    savedAt: state.savedAt,
    ...(state.clusterName !== undefined ? { clusterName: state.clusterName } : {}),
    ...(state.version !== undefined ? { pveVersion: state.version } : {}),
    ...(state.standalone ? { standalone: true } : {}),
    ...(state.nodes !== undefined && state.nodes.list.length > 0 ? { nodes: state.nodes } : {}),
  };
  return `${JSON.stringify(head).slice(0, -1)},"items":${items}}\n`;
}

/**
 * When a cache text's state was seen (its `savedAt`), read from its head alone: for the first
 * frame before core is up (first-frame/early.ts), which must not parse 10,000 items to say how old
 * each profile's state is. The head is what toCacheText writes before `"items"`; a text that is
 * not a profile cache of this profile gives undefined.
 */
export function cachedSavedAt(profileId: string, text: string): number | undefined {
  // `,"items":` cannot occur inside a JSON string (its quotes would be escaped): the first one
  // ends the head.
  const end = text.indexOf(',"items":');
  if (end < 0) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(`${text.slice(0, end)}}`);
  } catch {
    return undefined;
  }
  const h = head as { format?: unknown; version?: unknown; profileId?: unknown; savedAt?: unknown };
  return h.format === FORMAT &&
    h.version === 1 &&
    h.profileId === profileId &&
    Number.isSafeInteger(h.savedAt) &&
    (h.savedAt as number) >= 0
    ? (h.savedAt as number)
    : undefined;
}

/** The state in a cache text, or an error saying why it is not one (corrupt, foreign, other profile). */
export function parseCacheText(
  profileId: string,
  text: string,
): { state: CachedState } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'not valid JSON' };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) return { error: 'not a Deckhand profile cache' };
  const f = parsed.data;
  if (f.profileId !== profileId) return { error: `it belongs to profile ${f.profileId}` };
  return {
    state: {
      savedAt: f.savedAt,
      items: f.items as Resource[],
      ...(f.clusterName !== undefined ? { clusterName: f.clusterName } : {}),
      ...(f.pveVersion !== undefined ? { version: f.pveVersion } : {}),
      ...(f.standalone ? { standalone: true } : {}),
      ...(f.nodes !== undefined ? { nodes: knownNodes(f.nodes) } : {}),
    },
  };
}

function knownNodes(n: { home?: string | undefined; list: KnownNodes['list'] }): KnownNodes {
  return { ...(n.home !== undefined ? { home: n.home } : {}), list: n.list };
}
