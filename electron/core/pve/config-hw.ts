// Disk resize, a node's bridges and the cluster's tag colours (spec §8): PUT …/resize (a task on
// PVE 8+ and for containers; a PVE 7 VM resizes in the request and answers null), GET
// /nodes/{node}/network?type=any_bridge, and GET /cluster/options' `tag-style` (parsed by
// PVE::DataCenterConfig into an object; older servers or proxies may hand the property string).

import { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import type { GuestRef } from '../../../shared/model';
import type { TagColor } from '../../../shared/ipc/config-extra';
import type { PveClient } from './client';
import { RequestInDoubt } from './errors';
import type { PveParams } from './form';
import { compareNatural } from '../../../shared/collate';

type Ref = Pick<GuestRef, 'node' | 'type' | 'vmid'>;
const seg = encodeURIComponent;

/** Marks a resize PVE did in the request (a PVE 7 VM): there is no task to follow. */
export class ResizedInRequest extends Error {
  constructor() {
    super('resized in the request');
  }
}

/** PUT …/resize; resolves with the UPID, or throws ResizedInRequest on a null answer. */
export async function putResize(
  client: PveClient,
  g: Ref,
  args: { disk: string; size: string; digest: string },
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = { disk: args.disk, size: args.size, digest: args.digest };
  const envelope = await client.request(
    'PUT',
    `/nodes/${seg(g.node)}/${g.type}/${g.vmid}/resize`,
    params,
    signal,
  );
  if (envelope.data === null || envelope.data === undefined) throw new ResizedInRequest();
  if (typeof envelope.data !== 'string' || !envelope.data.startsWith('UPID:')) {
    throw new RequestInDoubt(
      new DeckhandError({ kind: 'protocol', message: `Not a task id: ${String(envelope.data)}` }),
    );
  }
  return envelope.data;
}

const netItem = z.object({ iface: z.string(), type: z.string().optional() }).passthrough();

/** The node's bridges (Linux and OVS), sorted. */
export async function getBridges(client: PveClient, node: string): Promise<string[]> {
  const r = await client.get(`/nodes/${seg(node)}/network`, z.array(z.unknown()), {
    type: 'any_bridge',
  });
  const out = new Set<string>();
  for (const it of r.data) {
    const p = netItem.safeParse(it);
    if (p.success) out.add(p.data.iface);
  }
  return [...out].sort((a, b) => compareNatural(a, b));
}

const HEX = /^[0-9a-fA-F]{6}$/;

/** `tag-style`'s color-map: `<tag>:<bg>[:<fg>];…` (hex without '#'). */
export function parseColorMap(map: string): Record<string, TagColor> {
  const out: Record<string, TagColor> = {};
  for (const entry of map.split(';')) {
    const [tag, bg, fg] = entry.split(':');
    if (!tag || !bg || !HEX.test(bg) || (fg !== undefined && !HEX.test(fg))) continue;
    out[tag] = { bg: `#${bg.toLowerCase()}`, ...(fg ? { fg: `#${fg.toLowerCase()}` } : {}) };
  }
  return out;
}

/** `tag-style` as an object or its property string (`color-map=a:ff0000;b:00ff00,shape=…`). */
export function colorMapOf(tagStyle: unknown): Record<string, TagColor> {
  if (typeof tagStyle === 'object' && tagStyle !== null) {
    const m = (tagStyle as Record<string, unknown>)['color-map'];
    return typeof m === 'string' ? parseColorMap(m) : {};
  }
  if (typeof tagStyle !== 'string') return {};
  for (const part of tagStyle.split(',')) {
    if (part.startsWith('color-map=')) return parseColorMap(part.slice('color-map='.length));
  }
  return {};
}

/** The cluster's tag colours (none when the user may not read the options). */
export async function getTagColors(client: PveClient): Promise<Record<string, TagColor>> {
  const r = await client.get('/cluster/options', z.record(z.string(), z.unknown()));
  return colorMapOf(r.data['tag-style']);
}
