// Config write and pending handlers (spec §8): qemu PUT (sync) and POST (a qmconfig worker, or null
// with background_delay), lxc PUT, GET …/pending; config.ts does the work.

import { applyPending, pendingList, privilegesFor, updateConfig } from '../config';
import { permissionDenied } from '../errors';
import type { GuestType } from '../model';
import { num, str, type HandlerContext, type Route } from './context';

function guestOf(ctx: HandlerContext, type: GuestType) {
  return ctx.sim.guest(str(ctx.params, 'node'), type, num(ctx.params, 'vmid'));
}

/** Each option's privilege on /vms/{vmid} (VM.Config.CPU, .Memory, .Options). */
function checkPrivs(ctx: HandlerContext): void {
  for (const priv of privilegesFor(ctx.params)) {
    if (!ctx.auth.hasPriv(ctx.identity!, priv)) {
      throw permissionDenied(`/vms/${num(ctx.params, 'vmid')}`, priv);
    }
  }
}

function write(type: GuestType, method: 'PUT' | 'POST'): Route {
  return {
    method,
    template: `/nodes/{node}/${type}/{vmid}/config`,
    auth: true,
    handler: (ctx) => {
      checkPrivs(ctx);
      const g = guestOf(ctx, type);
      if (method === 'PUT') {
        updateConfig(ctx.sim, ctx.identity!, g, ctx.params);
        return { data: null };
      }
      // qemu-server: the pending write happens under the lock before the fork; the worker
      // hot-plugs. With background_delay the call waits for it and answers null when done.
      updateConfig(ctx.sim, ctx.identity!, g, ctx.params);
      const task = ctx.sim.tasks.start(
        g.node,
        'qmconfig',
        String(g.vmid),
        ctx.identity!.authid,
        () => [{ seconds: 0.2, action: () => applyPending(g, g.run !== 'stopped') }],
      );
      if (ctx.params.background_delay !== undefined) return { data: null };
      return { data: task.upid };
    },
  };
}

export const configRoutes: Route[] = [
  write('qemu', 'PUT'),
  write('qemu', 'POST'),
  write('lxc', 'PUT'),
  ...(['qemu', 'lxc'] as const).map((type): Route => ({
    method: 'GET',
    template: `/nodes/{node}/${type}/{vmid}/pending`,
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: (ctx) => ({ data: pendingList(ctx.sim, guestOf(ctx, type)) }),
  })),
];
