// Snapshot handlers (spec §8): list, take, delete, roll back, and a snapshot's config (its
// description is edited there); snapshots.ts does the work.

import { permissionDenied } from '../errors';
import type { GuestType } from '../model';
import {
  createSnapshot,
  deleteSnapshot,
  rollbackSnapshot,
  snapshotConfig,
  snapshotList,
  updateSnapshot,
} from '../snapshots';
import { num, str, type HandlerContext, type Route } from './context';

const BASE = (t: GuestType) => `/nodes/{node}/${t}/{vmid}/snapshot`;

function guestOf(ctx: HandlerContext, type: GuestType) {
  return ctx.sim.guest(str(ctx.params, 'node'), type, num(ctx.params, 'vmid'));
}

/** The schema's `['perm', '/vms/{vmid}', [privs…], any => 1]`. */
function needAny(ctx: HandlerContext, privs: string[]): void {
  if (privs.some((p) => ctx.auth.hasPriv(ctx.identity!, p))) return;
  throw permissionDenied(`/vms/${num(ctx.params, 'vmid')}`, privs.join('|'));
}

function routesFor(type: GuestType): Route[] {
  const base = BASE(type);
  return [
    {
      method: 'GET',
      template: base,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Audit'],
      handler: (ctx) => ({ data: snapshotList(ctx.sim, guestOf(ctx, type)) }),
    },
    {
      method: 'POST',
      template: base,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Snapshot'],
      handler: (ctx) => {
        const p = ctx.params;
        return {
          data: createSnapshot(ctx.sim, ctx.identity!, guestOf(ctx, type), str(p, 'snapname'), {
            ...(p.description !== undefined ? { description: str(p, 'description') } : {}),
            ...(p.vmstate !== undefined ? { vmstate: p.vmstate === true } : {}),
          }),
        };
      },
    },
    {
      method: 'DELETE',
      template: `${base}/{snapname}`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Snapshot'],
      handler: (ctx) => ({
        data: deleteSnapshot(
          ctx.sim,
          ctx.identity!,
          guestOf(ctx, type),
          str(ctx.params, 'snapname'),
          ctx.params.force === true,
        ),
      }),
    },
    {
      method: 'POST',
      template: `${base}/{snapname}/rollback`,
      auth: true,
      handler: (ctx) => {
        needAny(ctx, ['VM.Snapshot', 'VM.Snapshot.Rollback']);
        return {
          data: rollbackSnapshot(
            ctx.sim,
            ctx.identity!,
            guestOf(ctx, type),
            str(ctx.params, 'snapname'),
            ctx.params.start === true,
          ),
        };
      },
    },
    {
      method: 'GET',
      template: `${base}/{snapname}/config`,
      auth: true,
      handler: (ctx) => {
        needAny(ctx, ['VM.Snapshot', 'VM.Snapshot.Rollback', 'VM.Audit']);
        return { data: snapshotConfig(ctx.sim, guestOf(ctx, type), str(ctx.params, 'snapname')) };
      },
    },
    {
      method: 'PUT',
      template: `${base}/{snapname}/config`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Snapshot'],
      handler: (ctx) => {
        const p = ctx.params;
        updateSnapshot(
          ctx.sim,
          guestOf(ctx, type),
          str(p, 'snapname'),
          p.description !== undefined ? str(p, 'description') : undefined,
        );
        return { data: null };
      },
    },
  ];
}

export const snapshotRoutes: Route[] = [...routesFor('qemu'), ...routesFor('lxc')];
