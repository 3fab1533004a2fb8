// Guest handlers: the per-node qemu/lxc lists, status/current, config, and the power actions
// (power.ts does the work).

import { readConfig } from '../config';
import type { GuestType } from '../model';
import { powerAction, type PowerAction } from '../power';
import { snapshotConfig } from '../snapshots';
import { num, str, type Handler, type Route } from './context';

function guestList(type: GuestType): Handler {
  return (ctx) => {
    const node = str(ctx.params, 'node');
    const full = ctx.params.full === true;
    const data = ctx.sim.state.order
      .filter((g) => g.node === node && g.type === type)
      .map((g) => ctx.sim.guestStatus(g, false, full));
    return { data };
  };
}

function guestCurrent(type: GuestType): Handler {
  return (ctx) => {
    const vmid = num(ctx.params, 'vmid');
    const g = ctx.sim.guest(str(ctx.params, 'node'), type, vmid);
    return { data: ctx.sim.guestStatus(g, true, true) };
  };
}

function guestConfig(type: GuestType): Handler {
  return (ctx) => {
    const vmid = num(ctx.params, 'vmid');
    const g = ctx.sim.guest(str(ctx.params, 'node'), type, vmid);
    if (ctx.params.snapshot !== undefined) {
      return { data: snapshotConfig(ctx.sim, g, str(ctx.params, 'snapshot')) };
    }
    return { data: readConfig(ctx.sim, g, ctx.params.current === true) };
  };
}

function power(type: GuestType, action: PowerAction): Handler {
  return (ctx) => {
    const vmid = num(ctx.params, 'vmid');
    const g = ctx.sim.guest(str(ctx.params, 'node'), type, vmid);
    return { data: powerAction(ctx.sim, ctx.identity!, g, action, ctx.params) };
  };
}

export const guestRoutes: Route[] = [
  { method: 'GET', template: '/nodes/{node}/qemu', auth: true, handler: guestList('qemu') },
  { method: 'GET', template: '/nodes/{node}/lxc', auth: true, handler: guestList('lxc') },
  {
    method: 'GET',
    template: '/nodes/{node}/qemu/{vmid}/status/current',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: guestCurrent('qemu'),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/lxc/{vmid}/status/current',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: guestCurrent('lxc'),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/qemu/{vmid}/config',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: guestConfig('qemu'),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/lxc/{vmid}/config',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: guestConfig('lxc'),
  },
  ...(['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset'] as const).map(
    (a): Route => ({
      method: 'POST',
      template: `/nodes/{node}/qemu/{vmid}/status/${a}`,
      auth: true,
      perm: ['/vms/{vmid}', 'VM.PowerMgmt'],
      handler: power('qemu', a),
    }),
  ),
  ...(['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'] as const).map((a): Route => ({
    method: 'POST',
    template: `/nodes/{node}/lxc/{vmid}/status/${a}`,
    auth: true,
    perm: ['/vms/{vmid}', 'VM.PowerMgmt'],
    handler: power('lxc', a),
  })),
];
