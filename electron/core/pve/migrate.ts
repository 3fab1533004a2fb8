// The migration and removal endpoints (spec §8), typed and normalised to shared/migrate: the
// precondition as real servers send it (qemu underscore keys, lxc hyphen keys, PVE 7 without node
// lists for a running VM, numbers as strings), and the writes, which answer with a task id.

import { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import type { GuestRef } from '../../../shared/model';
import type {
  DeleteArgs,
  MigrateArgs,
  MigrateLocalDisk,
  MigrateNodeRefusal,
  MigratePrecondition,
} from '../../../shared/migrate';
import type { PveClient } from './client';
import { RequestInDoubt } from './errors';
import type { PveParams } from './form';
import { loose, upidReply } from './schemas';

type Ref = Pick<GuestRef, 'node' | 'type' | 'vmid'>;

const seg = encodeURIComponent;
const bool = loose(
  z
    .union([z.boolean(), z.number(), z.string()])
    .transform((v) => v === true || v === 1 || v === '1'),
);
const num = loose(
  z.union([z.number().finite(), z.string().trim().regex(/^\d+$/).transform(Number)]),
);
const strList = loose(z.array(z.unknown()).transform((a) => a.map(String)));
const reply = z.record(z.string(), z.unknown());
const disk = z.object({
  volid: z.string(),
  size: num,
  drivename: loose(z.string()),
  cdrom: bool,
});

function guestPath(g: Ref): string {
  return `/nodes/${seg(g.node)}/${g.type}/${g.vmid}`;
}

/** One not-allowed node's detail in words: unavailable storages, blocking HA resources, … */
function reasonsOf(detail: unknown): string[] {
  if (!detail || typeof detail !== 'object') return ['not allowed'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(detail as Record<string, unknown>)) {
    const items = Array.isArray(v) ? v : [v];
    if (k === 'unavailable_storages' || k === 'unavailable-storages') {
      for (const s of items) out.push(`storage ${String(s)} is not available`);
    } else if (k === 'blocking-ha-resources' || k === 'blocking_ha_resources') {
      for (const r of items) {
        const sid = r && typeof r === 'object' ? (r as Record<string, unknown>).sid : r;
        out.push(`HA resource ${String(sid)} blocks it (affinity rule)`);
      }
    } else if (k === 'unavailable-resources' || k === 'unavailable_resources') {
      for (const r of items) out.push(`mapped resource ${String(r)} is not available`);
    } else {
      out.push(`${k.replace(/[_-]/g, ' ')}: ${items.map(String).join(', ')}`);
    }
  }
  return out.length ? out : ['not allowed'];
}

/** GET …/migrate[?target=]: what PVE allows, in one shape for both guest types. */
export async function getMigratePrecondition(
  client: PveClient,
  g: Ref,
  target?: string,
  signal?: AbortSignal,
): Promise<MigratePrecondition> {
  const { data } = await client.get(
    `${guestPath(g)}/migrate`,
    reply,
    target ? { target } : undefined,
    signal,
  );
  // qemu-server spells these with underscores, pve-container with hyphens; accept either.
  const pick = (a: string): unknown => data[a] ?? data[a.replace(/_/g, '-')];
  const allowed = strList.parse(pick('allowed_nodes'));
  const notAllowedRaw = pick('not_allowed_nodes');
  const notAllowed: MigrateNodeRefusal[] =
    notAllowedRaw && typeof notAllowedRaw === 'object' && !Array.isArray(notAllowedRaw)
      ? Object.entries(notAllowedRaw as Record<string, unknown>).map(([node, d]) => ({
          node,
          reasons: reasonsOf(d),
        }))
      : [];
  const localDisks: MigrateLocalDisk[] = [];
  const disks = pick('local_disks');
  if (Array.isArray(disks)) {
    for (const raw of disks) {
      const r = disk.safeParse(raw);
      if (!r.success) continue;
      const d: MigrateLocalDisk = { volid: r.data.volid, cdrom: r.data.cdrom ?? false };
      if (r.data.size !== undefined) d.size = r.data.size;
      if (r.data.drivename) d.drive = r.data.drivename;
      localDisks.push(d);
    }
  }
  const out: MigratePrecondition = {
    running: bool.parse(data.running) ?? false,
    notAllowed,
    localDisks,
    localResources: strList.parse(pick('local_resources')) ?? [],
    dependentHa: strList.parse(data['dependent-ha-resources']) ?? [],
  };
  if (allowed) out.allowedNodes = allowed;
  return out;
}

async function taskWrite(
  client: PveClient,
  method: 'POST' | 'DELETE',
  path: string,
  params: PveParams,
  signal?: AbortSignal,
): Promise<string> {
  if (method === 'POST') return client.post(path, upidReply, params, signal);
  const envelope = await client.request(method, path, params, signal);
  const r = upidReply.safeParse(envelope.data);
  if (!r.success) {
    throw new RequestInDoubt(
      new DeckhandError({ kind: 'protocol', message: `Not a task id: ${String(envelope.data)}` }),
    );
  }
  return r.data;
}

/** POST …/migrate with the parameter names each type uses. */
export function postMigrate(
  client: PveClient,
  g: Ref,
  a: Omit<MigrateArgs, 'profileId' | 'node' | 'type' | 'vmid'> & {
    /** lxc restart mode: seconds to wait for the shutdown (PVE's default 180) */
    restartTimeout?: number;
  },
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = { target: a.target };
  if (g.type === 'qemu') {
    if (a.online) params.online = 1;
    if (a.withLocalDisks || a.targetStorage) params['with-local-disks'] = 1;
    if (a.targetStorage) params.targetstorage = a.targetStorage;
  } else {
    if (a.restart) params.restart = 1;
    if (a.restart && a.restartTimeout !== undefined) params.timeout = a.restartTimeout;
    if (a.targetStorage) params['target-storage'] = a.targetStorage;
  }
  return taskWrite(client, 'POST', `${guestPath(g)}/migrate`, params, signal);
}

/** DELETE /nodes/{node}/qemu|lxc/{vmid}. */
export function deleteGuest(
  client: PveClient,
  g: Ref,
  a: Pick<DeleteArgs, 'purge' | 'destroyUnreferencedDisks'>,
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = {};
  if (a.purge) params.purge = 1;
  if (a.destroyUnreferencedDisks) params['destroy-unreferenced-disks'] = 1;
  return taskWrite(client, 'DELETE', guestPath(g), params, signal);
}
