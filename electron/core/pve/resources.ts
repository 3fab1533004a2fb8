// /cluster/resources items → shared/model Resource. Types the model does not show (sdn, network)
// are skipped; so is an item that lacks its identity fields, which is counted for the log.
// Hand-written checks with the rules of pve/schemas.ts's item schemas (resources-reference.ts keeps
// them as zod, and a unit test holds the two to identical output): this runs for every item of
// every profile on every tick, where per-item schema objects cost many times JSON.parse.

import type {
  GuestResource,
  NodeResource,
  PoolResource,
  Resource,
  StorageResource,
} from '../../../shared/model';
import { parseTags } from '../../../shared/tags';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type Raw = Record<string, unknown>;
type Out = Record<string, unknown>;

/** A number, possibly sent as a decimal string; anything else undefined (schemas.ts pveNumber). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return NUMERIC.test(s) ? Number(s) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** PVE's 0/1 booleans; absent or garbled is false (every boolean of an item defaults so). */
export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

function put(out: Out, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

function usage(out: Out, o: Raw): void {
  put(out, 'uptime', num(o.uptime));
  put(out, 'cpu', num(o.cpu));
  put(out, 'maxcpu', num(o.maxcpu));
  put(out, 'mem', num(o.mem));
  put(out, 'maxmem', num(o.maxmem));
  put(out, 'disk', num(o.disk));
  put(out, 'maxdisk', num(o.maxdisk));
}

function guest(o: Raw, type: 'qemu' | 'lxc'): GuestResource | 'invalid' {
  const id = o.id;
  const node = o.node;
  const vmid = num(o.vmid);
  if (typeof id !== 'string' || typeof node !== 'string' || vmid === undefined) return 'invalid';
  const out: Out = { id, type, node };
  put(out, 'name', str(o.name));
  out.status = typeof o.status === 'string' ? o.status : 'unknown';
  usage(out, o);
  put(out, 'netin', num(o.netin));
  put(out, 'netout', num(o.netout));
  put(out, 'diskread', num(o.diskread));
  put(out, 'diskwrite', num(o.diskwrite));
  put(out, 'pool', str(o.pool));
  put(out, 'lock', str(o.lock));
  put(out, 'hastate', str(o.hastate));
  out.vmid = vmid;
  out.template = bool(o.template);
  out.tags = parseTags(str(o.tags));
  return out as unknown as GuestResource;
}

function nodeOf(o: Raw): NodeResource | 'invalid' {
  const id = o.id;
  const node = o.node;
  if (typeof id !== 'string' || typeof node !== 'string') return 'invalid';
  const s = o.status;
  const status = s === 'online' || s === 'offline' || s === 'unknown' ? s : 'unknown';
  const out: Out = { id, type: 'node', node, status };
  usage(out, o);
  put(out, 'level', str(o.level));
  put(out, 'hastate', str(o.hastate));
  return out as unknown as NodeResource;
}

function storageOf(o: Raw): StorageResource | 'invalid' {
  const id = o.id;
  const storage = o.storage;
  const node = o.node;
  if (typeof id !== 'string' || typeof storage !== 'string' || typeof node !== 'string') {
    return 'invalid';
  }
  const out: Out = { id, type: 'storage', storage, node };
  put(out, 'plugintype', str(o.plugintype));
  put(out, 'status', str(o.status));
  // Where the reference puts it: in place when the key came, else last.
  const sent = 'shared' in o;
  if (sent) out.shared = bool(o.shared);
  put(out, 'content', str(o.content));
  put(out, 'disk', num(o.disk));
  put(out, 'maxdisk', num(o.maxdisk));
  if (!sent) out.shared = false;
  return out as unknown as StorageResource;
}

function poolOf(o: Raw): PoolResource | 'invalid' {
  const id = o.id;
  const pool = o.pool;
  if (typeof id !== 'string' || typeof pool !== 'string') return 'invalid';
  return { id, type: 'pool', pool };
}

/** One item: its Resource, null for a type the model does not show, 'invalid' when malformed. */
export function parseResourceItem(item: unknown): Resource | null | 'invalid' {
  if (typeof item !== 'object' || item === null) return 'invalid';
  const o = item as Raw;
  const type = o.type;
  switch (type) {
    case 'qemu':
    case 'lxc':
      return guest(o, type);
    case 'node':
      return nodeOf(o);
    case 'storage':
      return storageOf(o);
    case 'pool':
      return poolOf(o);
    default:
      return typeof type === 'string' ? null : 'invalid';
  }
}

export interface NormalizedResources {
  items: Resource[];
  /** items that were malformed (no id, type, node, vmid...) */
  invalid: number;
}

export function normalizeResources(data: readonly unknown[]): NormalizedResources {
  const items: Resource[] = [];
  let invalid = 0;
  for (const raw of data) {
    const r = parseResourceItem(raw);
    if (r === 'invalid') invalid++;
    else if (r) items.push(r);
  }
  return { items, invalid };
}
