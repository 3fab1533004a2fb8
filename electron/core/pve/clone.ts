// The clone and template endpoints (spec §8), typed: POST …/clone with each type's parameter
// names (qemu `name`, lxc `hostname`), POST …/template (qemu answers a task id, lxc null while
// its vztemplate worker runs on: that task is found in the node's list), and GET /cluster/nextid
// with `vmid` as the free-id check (a 400 `vmid` error when taken).

import { z } from 'zod';
import type { CloneArgs, IdCheck } from '../../../shared/clone';
import { DeckhandError } from '../../../shared/errors';
import type { GuestRef } from '../../../shared/model';
import type { PveClient } from './client';
import { RequestInDoubt } from './errors';
import type { PveParams } from './form';
import { upidReply } from './schemas';

type Ref = Pick<GuestRef, 'node' | 'type' | 'vmid'>;

const seg = encodeURIComponent;

function guestPath(g: Ref): string {
  return `/nodes/${seg(g.node)}/${g.type}/${g.vmid}`;
}

/** PVE's parameter names → the contract's field names (lxc says `hostname` for the name). */
export function cloneFieldErrors(
  errors: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!errors) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) out[k === 'hostname' ? 'name' : k] = v;
  return out;
}

export type CloneOne = Omit<CloneArgs, 'profileId' | 'node' | 'type' | 'vmid' | 'copies'> & {
  newid: number;
  name?: string;
};

/** POST …/clone: one copy. */
export function postClone(
  client: PveClient,
  g: Ref,
  a: CloneOne,
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = { newid: a.newid };
  if (a.name) params[g.type === 'qemu' ? 'name' : 'hostname'] = a.name;
  if (a.full !== undefined) params.full = a.full ? 1 : 0;
  if (a.target && a.target !== g.node) params.target = a.target;
  if (a.storage) params.storage = a.storage;
  if (a.pool) params.pool = a.pool;
  if (a.description) params.description = a.description;
  if (a.snapname) params.snapname = a.snapname;
  return client.post(`${guestPath(g)}/clone`, upidReply, params, signal);
}

const taskList = z.array(z.record(z.string(), z.unknown()));

/**
 * POST …/template. A CT's answer is null (pve-container returns undef after forking): its
 * vztemplate task is then the newest one of the guest on its node. Not found: in doubt.
 */
export async function postTemplate(
  client: PveClient,
  g: Ref,
  signal?: AbortSignal,
): Promise<string> {
  const data = await client.post(
    `${guestPath(g)}/template`,
    z.union([upidReply, z.null(), z.undefined()]),
    {},
    signal,
  );
  if (typeof data === 'string') return data;
  const { data: tasks } = await client.get(
    `/nodes/${seg(g.node)}/tasks`,
    taskList,
    { vmid: g.vmid, typefilter: 'vztemplate', limit: 5, source: 'all' },
    signal,
  );
  const found = tasks
    .filter((t) => t.type === 'vztemplate' && String(t.id) === String(g.vmid))
    .map((t) => ({ upid: String(t.upid), start: Number(t.starttime) || 0 }))
    .sort((a, b) => b.start - a.start)[0];
  if (found?.upid.startsWith('UPID:')) return found.upid;
  throw new RequestInDoubt(
    new DeckhandError({ kind: 'protocol', message: 'PVE named no task for the conversion' }),
  );
}

/** GET /cluster/nextid?vmid=: free, or PVE's words why not ("VM 105 already exists"). */
export async function checkVmid(
  client: PveClient,
  vmid: number,
  signal?: AbortSignal,
): Promise<IdCheck> {
  try {
    await client.get('/cluster/nextid', z.unknown(), { vmid }, signal);
    return { free: true };
  } catch (err) {
    if (err instanceof DeckhandError && err.status === 400) {
      return { free: false, message: err.errors?.vmid ?? err.message };
    }
    throw err;
  }
}
