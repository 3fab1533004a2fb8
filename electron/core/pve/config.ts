// The guest config endpoints (spec §8), typed and normalised to shared/config: GET …/config
// (pending applied, with the digest) beside GET …/pending (the running values and what waits for a
// restart), and the synchronous PUT …/config with `digest`, `delete` and `revert`. Values come as
// Perl sends them: numbers as strings, qemu memory as `[current=]<MiB>`, booleans as 0/1.

import { z } from 'zod';
import {
  formatStartup,
  OPTION_KEYS,
  parseStartup,
  type GuestConfig,
  type GuestOptions,
  type OptionChanges,
  type OptionKey,
} from '../../../shared/config';
import { disksOf, parseNet, type GuestNet } from '../../../shared/config-hw';
import type { GuestRef } from '../../../shared/model';
import type { PveClient } from './client';
import type { PveParams } from './form';

type Ref = Pick<GuestRef, 'node' | 'type' | 'vmid'>;
type Raw = Record<string, unknown>;

const seg = encodeURIComponent;
const confReply = z.record(z.string(), z.unknown());
const pendingReply = z.array(z.unknown());
const pendingItem = z.object({
  key: z.string(),
  value: z.unknown().optional(),
  pending: z.unknown().optional(),
  delete: z.union([z.number(), z.string()]).optional(),
});

function path(g: Ref, tail: string): string {
  return `/nodes/${seg(g.node)}/${g.type}/${g.vmid}/${tail}`;
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v !== 'string') return undefined;
  const m = /^(?:current=)?(\d+)/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** The user-edited options out of a raw config object (PVE's defaults for absent keys). */
export function optionsOf(type: GuestRef['type'], raw: Raw): GuestOptions {
  const o: GuestOptions = {
    cores: int(raw.cores) ?? 1,
    memory: int(raw.memory) ?? 512,
    name: str(type === 'qemu' ? raw.name : raw.hostname),
    description: str(raw.description),
    tags: str(raw.tags)
      .split(/[;, ]+/)
      .filter(Boolean),
    onboot: bool(raw.onboot),
    startup: parseStartup(str(raw.startup) || undefined),
    protection: bool(raw.protection),
  };
  const balloon = type === 'qemu' ? int(raw.balloon) : undefined;
  if (balloon !== undefined) o.balloon = balloon;
  // pve-container's default swap is 512 MiB
  if (type === 'lxc') o.swap = int(raw.swap) ?? 512;
  return o;
}

/** The raw PVE key of an option. */
export function pveKey(type: GuestRef['type'], key: OptionKey): string {
  return key === 'name' ? (type === 'qemu' ? 'name' : 'hostname') : key;
}

function rawKeyToOption(type: GuestRef['type'], key: string): OptionKey | undefined {
  if (key === 'hostname' && type === 'lxc') return 'name';
  if (key === 'name' && type === 'lxc') return undefined;
  return (OPTION_KEYS as readonly string[]).includes(key) ? (key as OptionKey) : undefined;
}

/** An interface out of a …/pending item: the value it will have, marked when a reboot waits. */
function netOfPending(
  type: GuestRef['type'],
  item: z.infer<typeof pendingItem>,
): GuestNet | undefined {
  if (!/^net\d+$/.test(item.key)) return undefined;
  const raw = item.pending ?? item.value;
  if (typeof raw !== 'string') return undefined;
  const net = parseNet(type, item.key, raw);
  if (item.delete !== undefined) net.pending = 'delete';
  else if (item.pending !== undefined) net.pending = 'set';
  return net;
}

/** GET …/config and GET …/pending: values, running values, pending keys, digest. */
export async function getGuestConfig(
  client: PveClient,
  g: Ref,
  signal?: AbortSignal,
): Promise<GuestConfig> {
  const [conf, pend] = await Promise.all([
    client.get(path(g, 'config'), confReply, undefined, signal),
    client.get(path(g, 'pending'), pendingReply, undefined, signal),
  ]);
  const raw = conf.data;
  const current: Raw = {};
  const pending = new Set<OptionKey>();
  const nets: GuestNet[] = [];
  for (const item of pend.data) {
    const r = pendingItem.safeParse(item);
    if (!r.success) continue;
    if (r.data.value !== undefined) current[r.data.key] = r.data.value;
    const net = netOfPending(g.type, r.data);
    if (net) nets.push(net);
    const opt = rawKeyToOption(g.type, r.data.key);
    if (opt && (r.data.pending !== undefined || r.data.delete !== undefined)) pending.add(opt);
  }
  const out: GuestConfig = {
    type: g.type,
    digest: str(raw.digest),
    values: optionsOf(g.type, raw),
    current: optionsOf(g.type, current),
    pending: OPTION_KEYS.filter((k) => pending.has(k)),
    disks: disksOf(g.type, raw),
    nets: nets.sort((a, b) => Number(a.key.slice(3)) - Number(b.key.slice(3))),
  };
  if (typeof raw.lock === 'string' && raw.lock) out.lock = raw.lock;
  return out;
}

/** The PUT parameters for a set of changes: values to set, emptied ones to delete. */
export function changeParams(g: Ref, changes: OptionChanges): PveParams {
  const params: PveParams = {};
  const del: string[] = [];
  for (const key of OPTION_KEYS) {
    if (!(key in changes)) continue;
    const v = changes[key];
    const k = pveKey(g.type, key);
    if (key === 'tags') {
      const tags = (v as string[] | undefined) ?? [];
      if (tags.length) params[k] = tags.join(';');
      else del.push(k);
    } else if (key === 'startup') {
      const s = formatStartup((v as GuestOptions['startup'] | undefined) ?? {});
      if (s) params[k] = s;
      else del.push(k);
    } else if (key === 'description' || key === 'name') {
      if (v) params[k] = v as string;
      else del.push(k);
    } else if (key === 'onboot' || key === 'protection') {
      params[k] = v ? 1 : 0;
    } else if (v === undefined) {
      del.push(k);
    } else {
      params[k] = v as number;
    }
  }
  if (del.length) params.delete = del.join(',');
  return params;
}

/** PUT …/config (synchronous; answers null). `digest` makes PVE refuse a changed file. */
export async function putGuestConfig(
  client: PveClient,
  g: Ref,
  params: PveParams,
  signal?: AbortSignal,
): Promise<void> {
  await client.request('PUT', path(g, 'config'), params, signal);
}

/** PVE's texts for a stale digest (qemu-server; pve-common assert_if_modified). */
export function isDigestMismatch(message: string): boolean {
  return (
    message.includes('checksum mismatch (file change by other user?)') ||
    message.includes('detected modified configuration - file changed by other user?')
  );
}
