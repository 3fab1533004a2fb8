// The snapshot endpoints (spec §8), typed and normalised to shared/snapshots: the list as real
// servers send it (snaptime absent or 0, numbers as strings, vmstate only from qemu, the `current`
// pseudo entry), and the writes, which answer with a task id (the config PUT with nothing).

import { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import type { GuestRef } from '../../../shared/model';
import type { SnapshotEntry, SnapshotList } from '../../../shared/snapshots';
import type { PveClient } from './client';
import { RequestInDoubt } from './errors';
import type { PveParams } from './form';
import { loose, upidReply } from './schemas';

const seg = encodeURIComponent;

const num = loose(
  z.union([z.number().finite(), z.string().trim().regex(/^\d+$/).transform(Number)]),
);
const bool = loose(
  z
    .union([z.boolean(), z.number(), z.string()])
    .transform((v) => v === true || v === 1 || v === '1'),
);
const str = loose(z.string());

const snapshotItem = z.object({
  name: z.union([z.string(), z.number().transform(String)]),
  description: str,
  snaptime: num,
  parent: loose(z.union([z.string(), z.number().transform(String)])),
  vmstate: bool,
  snapstate: str,
  running: bool,
});

const listReply = z.array(z.unknown());

function base(g: Pick<GuestRef, 'node' | 'type' | 'vmid'>): string {
  return `/nodes/${seg(g.node)}/${g.type}/${g.vmid}/snapshot`;
}

/** GET …/snapshot: the snapshots and where the current state hangs. Malformed items are skipped. */
export async function getSnapshots(
  client: PveClient,
  g: Pick<GuestRef, 'node' | 'type' | 'vmid'>,
  signal?: AbortSignal,
): Promise<SnapshotList> {
  const { data } = await client.get(base(g), listReply, undefined, signal);
  const snapshots: SnapshotEntry[] = [];
  let current: SnapshotList['current'] = { running: false };
  for (const raw of data) {
    const r = snapshotItem.safeParse(raw);
    if (!r.success || r.data.name === '') continue;
    const it = r.data;
    if (it.name === 'current') {
      current = { running: it.running ?? false, ...(it.parent ? { parent: it.parent } : {}) };
      continue;
    }
    const e: SnapshotEntry = {
      name: it.name,
      description: it.description ?? '',
      vmstate: it.vmstate ?? false,
    };
    // qemu-server and pve-container send `snaptime || 0`: 0 means none was recorded.
    if (it.snaptime) e.snaptime = it.snaptime;
    if (it.parent) e.parent = it.parent;
    if (it.snapstate) e.snapstate = it.snapstate;
    snapshots.push(e);
  }
  return { snapshots, current };
}

/** A write that answers with a task id; a reply that does not fit leaves it in doubt. */
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

export function postSnapshot(
  client: PveClient,
  g: Pick<GuestRef, 'node' | 'type' | 'vmid'>,
  args: { name: string; description?: string; vmstate?: boolean },
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = { snapname: args.name };
  if (args.description) params.description = args.description;
  // Containers have no vmstate: PVE refuses the parameter (400) for them.
  if (g.type === 'qemu' && args.vmstate) params.vmstate = 1;
  return taskWrite(client, 'POST', base(g), params, signal);
}

export function postRollback(
  client: PveClient,
  g: Pick<GuestRef, 'node' | 'type' | 'vmid'>,
  name: string,
  start: boolean,
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = start ? { start: 1 } : {};
  return taskWrite(client, 'POST', `${base(g)}/${seg(name)}/rollback`, params, signal);
}

export function deleteSnapshot(
  client: PveClient,
  g: Pick<GuestRef, 'node' | 'type' | 'vmid'>,
  name: string,
  force: boolean,
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = force ? { force: 1 } : {};
  return taskWrite(client, 'DELETE', `${base(g)}/${seg(name)}`, params, signal);
}

/** PUT …/snapshot/{name}/config: the description (synchronous; answers null). */
export async function putSnapshotDescription(
  client: PveClient,
  g: Pick<GuestRef, 'node' | 'type' | 'vmid'>,
  name: string,
  description: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.request('PUT', `${base(g)}/${seg(name)}/config`, { description }, signal);
}
