// Statistics handlers: guests' and nodes' rrddata (served from the local RRD copy, no proxying,
// like pve-cluster's) and a node's system services (pve-manager PVE/API2/Services.pm).

import { parseVersion } from '../console/version';
import type { GuestType } from '../model';
import { guestRrd, nodeRrd, type Cf, type RrdRequest, type Timeframe } from '../rrd';
import { num, str, type HandlerContext, type Handler, type Route } from './context';

function rrdRequest(ctx: HandlerContext): RrdRequest {
  return {
    timeframe: str(ctx.params, 'timeframe') as Timeframe,
    cf: (ctx.params.cf as Cf | undefined) ?? 'AVERAGE',
    now: ctx.sim.clock.now(),
    seed: ctx.sim.opts.seed,
    pve9: (parseVersion(ctx.sim.opts.version)[0] ?? 9) >= 9,
  };
}

function guestRrdData(type: GuestType): Handler {
  return (ctx) => {
    const g = ctx.sim.guest(str(ctx.params, 'node'), type, num(ctx.params, 'vmid'));
    return { data: guestRrd(g, rrdRequest(ctx)) };
  };
}

/** The services Services.pm lists, with their unit description; states as on a cluster node. */
const SERVICES: [name: string, desc: string, running: boolean, enabled: boolean][] = [
  ['chrony', 'NTP client/server', true, true],
  ['corosync', 'Corosync Cluster Engine', true, true],
  ['cron', 'Regular background program processing daemon', true, true],
  ['ksmtuned', 'Kernel Samepage Merging (KSM) Tuning Daemon', true, true],
  ['postfix', 'Postfix Mail Transport Agent (instance -)', true, true],
  ['proxmox-firewall', 'Proxmox nftables firewall', false, false],
  ['pve-cluster', 'The Proxmox VE cluster filesystem', true, true],
  ['pve-firewall', 'Proxmox VE firewall', true, true],
  ['pve-ha-crm', 'PVE Cluster HA Resource Manager Daemon', true, true],
  ['pve-ha-lrm', 'PVE Local HA Resource Manager Daemon', true, true],
  ['pvedaemon', 'PVE API Daemon', true, true],
  ['pvefw-logger', 'Proxmox VE firewall logger', true, true],
  ['pveproxy', 'PVE API Proxy Server', true, true],
  ['pvescheduler', 'Proxmox VE scheduler', true, true],
  ['pvestatd', 'PVE Status Daemon', true, true],
  ['qmeventd', 'PVE Qemu Event Daemon', true, true],
  ['spiceproxy', 'PVE SPICE Proxy Server', true, true],
  ['sshd', 'OpenBSD Secure Shell server', true, true],
  ['syslog', 'System Logging Service', true, true],
  ['systemd-journald', 'Journal Service', true, true],
  ['systemd-timesyncd', 'Network Time Synchronization', false, false],
];

export const statsRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/qemu/{vmid}/rrddata',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: guestRrdData('qemu'),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/lxc/{vmid}/rrddata',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: guestRrdData('lxc'),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/rrddata',
    auth: true,
    local: true,
    perm: ['/nodes/{node}', 'Sys.Audit'],
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      return { data: nodeRrd(node, ctx.sim.state.order, rrdRequest(ctx)) };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/services',
    auth: true,
    perm: ['/nodes/{node}', 'Sys.Audit'],
    handler: () => ({
      data: SERVICES.map(([name, desc, running, enabled]) => ({
        service: name,
        name,
        desc,
        state: running ? 'running' : 'dead',
        'active-state': running ? 'active' : 'inactive',
        'unit-state': enabled ? 'enabled' : 'disabled',
      })),
    }),
  },
];
