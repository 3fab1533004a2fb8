// Storage handlers: a node's storages with their usage, a storage's content (backups with PVE's
// volids, ISO images, container templates, the guests' disk images) and removing a volume
// (pve-storage PVE/API2/Storage/Status.pm and Content.pm).

import { storageOf, type Volume } from '../backups-model';
import { fail } from '../errors';
import type { DemoNode, Storage } from '../model';
import { deleteVolume } from '../restore';
import { need, str, type HandlerContext, type Route } from './context';

const GiB = 1024 ** 3;

function storageEntry(ctx: HandlerContext, st: Storage): Record<string, unknown> {
  const c = storageOf(ctx.sim);
  const used = c.used(st);
  return {
    storage: st.storage,
    type: st.plugintype,
    content: st.content,
    active: 1,
    enabled: 1,
    shared: st.shared ? 1 : 0,
    total: st.maxdisk,
    used,
    avail: c.avail(st),
    used_fraction: used / st.maxdisk,
  };
}

/** The disk images of the node's guests on a storage holding images/rootdir. */
function images(ctx: HandlerContext, node: DemoNode, st: Storage): Record<string, unknown>[] {
  if (!/images|rootdir/.test(st.content) || st.shared) return [];
  return ctx.sim.state.order
    .filter((g) => g.node === node.name)
    .map((g) => ({
      volid: `${st.storage}:${g.template ? 'base' : 'vm'}-${g.vmid}-disk-0`,
      content: g.type === 'qemu' ? 'images' : 'rootdir',
      format: 'raw',
      size: g.diskGiB * GiB,
      used: Math.round(g.diskGiB * GiB * g.profile.diskFrac),
      vmid: g.vmid,
      ctime: node.bootedAt - 86400 * ((g.vmid % 90) + 1),
    }));
}

function volumeEntry(v: Volume): Record<string, unknown> {
  const e: Record<string, unknown> = {
    volid: v.volid,
    content: v.content,
    format: v.format,
    size: v.size,
    ctime: v.ctime,
  };
  if (v.vmid !== undefined) e.vmid = v.vmid;
  if (v.subtype) e.subtype = v.subtype;
  // Content.pm: only the first line of multi-line notes
  if (v.notes !== undefined) e.notes = v.notes.split('\n')[0];
  if (v.protected) e.protected = 1;
  if (v.verification) e.verification = v.verification;
  if (v.encrypted) e.encrypted = v.encrypted;
  return e;
}

function storageOfNode(ctx: HandlerContext, node: DemoNode): Storage {
  const id = str(ctx.params, 'storage');
  const st = node.storages.find((s) => s.storage === id);
  if (!st) throw fail(`storage '${id}' does not exist`);
  return st;
}

export const storageRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/storage',
    auth: true,
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      const want = ctx.params.content === undefined ? [] : String(ctx.params.content).split(',');
      const only = ctx.params.storage as string | undefined;
      const data = node.storages
        .filter((st) => (only === undefined ? true : st.storage === only))
        .filter((st) => want.length === 0 || want.some((c) => st.content.split(',').includes(c)))
        .map((st) => storageEntry(ctx, st));
      return { data };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/storage/{storage}/content',
    auth: true,
    perm: ['/storage/{storage}', 'Datastore.Audit'],
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      const st = storageOfNode(ctx, node);
      const content = ctx.params.content as string | undefined;
      const vmid = ctx.params.vmid as number | undefined;
      const all = [...storageOf(ctx.sim).list(node, st).map(volumeEntry), ...images(ctx, node, st)];
      const data = all.filter(
        (v) =>
          (content === undefined || v.content === content) &&
          (vmid === undefined || v.vmid === vmid),
      );
      return { data };
    },
  },
  {
    method: 'DELETE',
    template: '/nodes/{node}/storage/{storage}/content/{volume}',
    auth: true,
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      need(ctx, `/storage/${str(ctx.params, 'storage')}`, 'Datastore.AllocateSpace');
      return { data: deleteVolume(ctx.sim, ctx.identity!, node, ctx.params) };
    },
  },
];
