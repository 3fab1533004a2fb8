// The create endpoints (spec §8), typed: what a node offers a new guest (GET …/network
// ?type=any_bridge, …/storage with content and free space, …/storage/{id}/content for vztmpl and
// iso volumes) and POST /nodes/{node}/lxc|qemu, which answers the vzcreate/qmcreate task's UPID.

import { z } from 'zod';
import type { BridgeChoice, StorageChoice, VolumeChoice } from '../../../shared/create';
import type { GuestType } from '../../../shared/model';
import { getContent, getStorages } from './backups';
import type { PveClient } from './client';
import type { PveParams } from './form';
import { upidReply } from './schemas';
import { compareNatural } from '../../../shared/collate';

const seg = encodeURIComponent;

const flag = z
  .union([z.number(), z.string(), z.boolean()])
  .transform((v) => v === true || Number(v) === 1);
const netItem = z
  .object({
    iface: z.string(),
    type: z.string().optional(),
    bridge_vlan_aware: flag.optional(),
    cidr: z.string().optional(),
    comments: z.string().optional(),
  })
  .passthrough();

/** The node's bridges (Linux and OVS), in PVE's order by name; malformed items are skipped. */
export async function getBridgeChoices(
  client: PveClient,
  node: string,
  signal?: AbortSignal,
): Promise<BridgeChoice[]> {
  const r = await client.get(
    `/nodes/${seg(node)}/network`,
    z.array(z.unknown()),
    { type: 'any_bridge' },
    signal,
  );
  const out: BridgeChoice[] = [];
  for (const raw of r.data) {
    const p = netItem.safeParse(raw);
    if (!p.success) continue;
    const b: BridgeChoice = { iface: p.data.iface, vlanAware: p.data.bridge_vlan_aware ?? false };
    if (p.data.cidr) b.cidr = p.data.cidr;
    if (p.data.comments?.trim()) b.comments = p.data.comments.trim();
    out.push(b);
  }
  return out.sort((a, b) => compareNatural(a.iface, b.iface));
}

export interface NodeStorageChoices {
  diskStorages: StorageChoice[];
  templates: VolumeChoice[];
  isos: VolumeChoice[];
}

/** Disk storages for the type, and the vztmpl/iso volumes on the node's active storages. */
export async function getStorageChoices(
  client: PveClient,
  node: string,
  type: GuestType,
  signal?: AbortSignal,
): Promise<NodeStorageChoices> {
  const all = (await getStorages(client, node, undefined, signal)).filter(
    (s) => s.active && s.enabled,
  );
  const diskContent = type === 'lxc' ? 'rootdir' : 'images';
  const diskStorages = all
    .filter((s) => s.content.includes(diskContent))
    .map((s) => {
      const c: StorageChoice = { storage: s.storage, type: s.type, content: s.content };
      if (s.avail !== undefined) c.avail = s.avail;
      if (s.total !== undefined) c.total = s.total;
      return c;
    });
  const volumes = async (content: 'vztmpl' | 'iso'): Promise<VolumeChoice[]> => {
    const lists = await Promise.all(
      all
        .filter((s) => s.content.includes(content))
        .map((s) => getContent(client, node, s.storage, { content }, signal)),
    );
    return lists
      .flat()
      .filter((v) => v.content === content)
      .map((v) => ({
        volid: v.volid,
        storage: v.storage,
        ...(v.size !== undefined ? { size: v.size } : {}),
      }))
      .sort((a, b) => a.volid.localeCompare(b.volid));
  };
  const [templates, isos] = await Promise.all([
    type === 'lxc' ? volumes('vztmpl') : Promise.resolve([]),
    type === 'qemu' ? volumes('iso') : Promise.resolve([]),
  ]);
  return { diskStorages, templates, isos };
}

/** POST /nodes/{node}/lxc|qemu: the create task's UPID. */
export function postCreate(
  client: PveClient,
  node: string,
  type: GuestType,
  params: PveParams,
  signal?: AbortSignal,
): Promise<string> {
  return client.post(`/nodes/${seg(node)}/${type}`, upidReply, params, signal);
}
