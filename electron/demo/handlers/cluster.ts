// Cluster and node handlers: cluster status (a standalone node's too), /cluster/resources (the refresh loop's one request),
// the node list and a node's status.

import { str, type Route } from './context';

export const clusterRoutes: Route[] = [
  {
    method: 'GET',
    template: '/cluster/status',
    auth: true,
    perm: ['/', 'Sys.Audit'],
    handler: (ctx) => {
      const { state } = ctx.sim;
      const { localNode } = ctx;
      if (state.standalone) {
        // pve-manager's Cluster.pm without corosync members: one "fake" entry for the local node.
        const n = state.nodes[0]!;
        const entry = { type: 'node', id: `node/${n.name}`, name: n.name, ip: n.ip };
        return { data: [{ ...entry, local: 1, nodeid: 0, online: 1, level: '' }] };
      }
      const online = state.nodes.filter((n) => n.online).length;
      const data: unknown[] = [
        {
          type: 'cluster',
          id: 'cluster',
          name: state.name,
          nodes: state.nodes.length,
          version: state.nodes.length + 4,
          quorate: online * 2 > state.nodes.length ? 1 : 0,
        },
        ...state.nodes.map((n) => ({
          type: 'node',
          id: `node/${n.name}`,
          name: n.name,
          nodeid: n.nodeid,
          ip: n.ip,
          local: n === localNode ? 1 : 0,
          online: n.online ? 1 : 0,
          level: '',
        })),
      ];
      return { data };
    },
  },
  {
    method: 'GET',
    template: '/cluster/resources',
    auth: true,
    handler: (ctx) => {
      const withStats = ctx.auth.hasPriv(ctx.identity!, 'Sys.Audit');
      const json = ctx.sim.resourcesJson(ctx.params.type as string | undefined, withStats);
      return { data: undefined, json };
    },
  },
  {
    method: 'GET',
    template: '/nodes',
    auth: true,
    handler: (ctx) => ({ data: ctx.sim.nodesList() }),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/status',
    auth: true,
    perm: ['/nodes/{node}', 'Sys.Audit'],
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      return { data: ctx.sim.nodeStatus(node) };
    },
  },
];
