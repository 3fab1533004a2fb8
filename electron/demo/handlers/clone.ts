// Clone and convert-to-template handlers (spec §8): POST …/clone and …/template of both types;
// clone.ts does the work.

import { cloneGuest, convertToTemplate, type CloneOptions } from '../clone';
import type { GuestType } from '../model';
import type { Params } from '../params';
import { need, num, str, type HandlerContext, type Route } from './context';

function guestOf(ctx: HandlerContext, type: GuestType) {
  return ctx.sim.guest(str(ctx.params, 'node'), type, num(ctx.params, 'vmid'));
}

function options(type: GuestType, p: Params): CloneOptions {
  const name = type === 'qemu' ? p.name : p.hostname;
  const o: CloneOptions = { newid: num(p, 'newid') };
  if (name !== undefined) o.name = String(name);
  if (p.description !== undefined) o.description = String(p.description);
  if (p.pool !== undefined) o.pool = String(p.pool);
  if (p.snapname !== undefined) o.snapname = String(p.snapname);
  if (p.storage !== undefined) o.storage = String(p.storage);
  if (p.full !== undefined) o.full = p.full === true;
  if (p.target !== undefined) o.target = String(p.target);
  return o;
}

function routesFor(type: GuestType): Route[] {
  const base = `/nodes/{node}/${type}/{vmid}`;
  return [
    {
      method: 'POST',
      template: `${base}/clone`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Clone'],
      handler: (ctx) => {
        need(ctx, `/vms/${str(ctx.params, 'newid')}`, 'VM.Allocate');
        return {
          data: cloneGuest(ctx.sim, ctx.identity!, guestOf(ctx, type), options(type, ctx.params)),
        };
      },
    },
    {
      method: 'POST',
      template: `${base}/template`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.Allocate'],
      handler: (ctx) => ({ data: convertToTemplate(ctx.sim, ctx.identity!, guestOf(ctx, type)) }),
    },
  ];
}

export const cloneRoutes: Route[] = [...routesFor('qemu'), ...routesFor('lxc')];
