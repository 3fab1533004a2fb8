// The node's network interfaces (pve-manager PVE/API2/Network.pm index): two NICs and two Linux
// bridges per node, vmbr0 with the node's address and vmbr1 VLAN-aware without one, filtered by
// `type` as PVE does (`any_bridge` is Linux and OVS bridges).

import type { DemoNode } from '../model';
import { str, type Route } from './context';

function interfaces(node: DemoNode): Record<string, unknown>[] {
  const nic = (iface: string, priority: number) => ({
    iface,
    type: 'eth',
    method: 'manual',
    method6: 'manual',
    families: ['inet'],
    active: 1,
    exists: 1,
    priority,
  });
  return [
    nic('eno1', 3),
    nic('eno2', 4),
    {
      iface: 'vmbr0',
      type: 'bridge',
      method: 'static',
      method6: 'manual',
      families: ['inet'],
      active: 1,
      autostart: 1,
      priority: 5,
      bridge_ports: 'eno1',
      bridge_stp: 'off',
      bridge_fd: '0',
      address: node.ip,
      netmask: '16',
      cidr: `${node.ip}/16`,
      gateway: '10.10.0.1',
    },
    {
      iface: 'vmbr1',
      type: 'bridge',
      method: 'manual',
      method6: 'manual',
      families: ['inet'],
      active: 1,
      autostart: 1,
      priority: 6,
      bridge_ports: 'eno2',
      bridge_stp: 'off',
      bridge_fd: '0',
      bridge_vlan_aware: 1,
      bridge_vids: '2-4094',
      comments: 'VLAN trunk\n',
    },
  ];
}

const BRIDGES = new Set(['bridge', 'OVSBridge']);

export const networkRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/network',
    auth: true,
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      const type = ctx.params.type as string | undefined;
      const data = interfaces(node).filter((i) =>
        type === undefined
          ? true
          : type === 'any_bridge' || type === 'any_local_bridge' || type === 'include_sdn'
            ? BRIDGES.has(String(i.type))
            : i.type === type,
      );
      return { data };
    },
  },
];
