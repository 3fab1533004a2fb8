// Migration and removal handlers (spec §8): GET/POST …/migrate and DELETE of a guest;
// migrate.ts and destroy.ts do the work.

import { destroyGuest } from '../destroy';
import { migrateGuest, migratePrecondition } from '../migrate';
import type { GuestType } from '../model';
import { num, str, type HandlerContext, type Route } from './context';

function guestOf(ctx: HandlerContext, type: GuestType) {
  return ctx.sim.guest(str(ctx.params, 'node'), type, num(ctx.params, 'vmid'));
}

function routesFor(type: GuestType): Route[] {
  const base = `/nodes/{node}/${type}/{vmid}`;
  return [
    {
      method: 'GET',
      template: `${base}/migrate`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Migrate'],
      handler: (ctx) => ({ data: migratePrecondition(ctx.sim, guestOf(ctx, type)) }),
    },
    {
      method: 'POST',
      template: `${base}/migrate`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Migrate'],
      handler: (ctx) => {
        const p = ctx.params;
        const storage = type === 'qemu' ? p.targetstorage : p['target-storage'];
        return {
          data: migrateGuest(ctx.sim, ctx.identity!, guestOf(ctx, type), {
            target: str(p, 'target'),
            online: p.online === true,
            restart: p.restart === true,
            withLocalDisks: p['with-local-disks'] === true,
            ...(storage !== undefined ? { targetStorage: String(storage) } : {}),
          }),
        };
      },
    },
    {
      method: 'DELETE',
      template: base,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Allocate'],
      handler: (ctx) => {
        const p = ctx.params;
        return {
          data: destroyGuest(ctx.sim, ctx.identity!, guestOf(ctx, type), {
            purge: p.purge === true,
            destroyUnreferenced: p['destroy-unreferenced-disks'] === true,
            force: p.force === true,
          }),
        };
      },
    },
  ];
}

export const migrateRoutes: Route[] = [...routesFor('qemu'), ...routesFor('lxc')];
