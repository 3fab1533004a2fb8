// The console endpoints (spec §7): termproxy and vncproxy, the vncwebsocket GETs (the upgrade
// itself is server.ts's), and /access/vncticket. None has `proxyto`: the proxy runs on the node
// that took the call and reaches the others over SSH, so they are `local` (no 595 for a dead node).

import { str, type HandlerContext, type Route } from '../handlers/context';

/** ACL normalize_path: squeeze slashes, no trailing slash, a leading one, a safe alphabet. */
function normalizePath(path: string): string | undefined {
  if (!path) return undefined;
  let p = path.replace(/\/+/g, '/').replace(/\/$/, '');
  if (!p) p = '/';
  if (!p.startsWith('/')) p = `/${p}`;
  return /^[A-Za-z0-9.\-_/]+$/.test(p) ? p : undefined;
}

function websocketCheck(ctx: HandlerContext, path: string): { data: { port: string } } {
  const port = Number(ctx.params.port);
  ctx.consoles.tickets.verifyWebsocket(ctx.identity!, path, port, str(ctx.params, 'vncticket'));
  return { data: { port: String(port) } };
}

export const consoleRoutes: Route[] = [
  {
    method: 'POST',
    template: '/access/vncticket',
    auth: false,
    handler: async (ctx) => {
      // pve-access-control src/PVE/API2/AccessControl.pm verify_vnc_ticket: any failure is a
      // 401 `authentication failure` (no detail, against user enumeration).
      const p = ctx.params;
      const path = normalizePath(str(p, 'path'));
      const port = p.port === undefined ? undefined : Number(p.port);
      const ok =
        path !== undefined &&
        ctx.consoles.tickets.checkVncticketEndpoint(
          str(p, 'authid'),
          str(p, 'vncticket'),
          path,
          str(p, 'privs'),
          port,
        );
      if (!ok) return ctx.authFailure();
      return { data: null };
    },
  },
  {
    method: 'POST',
    template: '/nodes/{node}/termproxy',
    auth: true,
    local: true,
    perm: ['/nodes/{node}', 'Sys.Console'],
    handler: (ctx) => ({
      data: ctx.consoles.proxies.nodeTermproxy(ctx.identity!, str(ctx.params, 'node')),
    }),
  },
  {
    method: 'GET',
    template: '/nodes/{node}/vncwebsocket',
    auth: true,
    local: true,
    perm: ['/nodes/{node}', 'Sys.Console'],
    handler: (ctx) => websocketCheck(ctx, `/nodes/${str(ctx.params, 'node')}`),
  },
  {
    method: 'POST',
    template: '/nodes/{node}/lxc/{vmid}/termproxy',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Console'],
    handler: (ctx) => {
      // LXC termproxy: load_config is the only check; a stopped CT fails inside the terminal.
      const g = ctx.sim.guest(str(ctx.params, 'node'), 'lxc', Number(ctx.params.vmid));
      return { data: ctx.consoles.proxies.guestTermproxy(ctx.identity!, g, undefined) };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/lxc/{vmid}/vncwebsocket',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Console'],
    handler: (ctx) => {
      const res = websocketCheck(ctx, `/vms/${Number(ctx.params.vmid)}`);
      ctx.sim.guest(str(ctx.params, 'node'), 'lxc', Number(ctx.params.vmid));
      return res;
    },
  },
  {
    method: 'POST',
    template: '/nodes/{node}/qemu/{vmid}/termproxy',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Console'],
    handler: (ctx) => {
      // QEMU termproxy: load_config only; `qm terminal` reports a missing serial port or a
      // stopped VM inside the terminal (QM terminal).
      const g = ctx.sim.guest(str(ctx.params, 'node'), 'qemu', Number(ctx.params.vmid));
      const serial = ctx.params.serial === undefined ? undefined : str(ctx.params, 'serial');
      return { data: ctx.consoles.proxies.guestTermproxy(ctx.identity!, g, serial) };
    },
  },
  {
    method: 'POST',
    template: '/nodes/{node}/qemu/{vmid}/vncproxy',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Console'],
    handler: (ctx) => {
      // QEMU vncproxy: load_config only; a stopped VM shows when `qm vncproxy` runs after the
      // connection (task: `VM <vmid> not running`, `Failed to run vncproxy.`).
      const g = ctx.sim.guest(str(ctx.params, 'node'), 'qemu', Number(ctx.params.vmid));
      return {
        data: ctx.consoles.proxies.vncproxy(
          ctx.identity!,
          g,
          ctx.params['generate-password'] === true,
        ),
      };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/qemu/{vmid}/vncwebsocket',
    auth: true,
    local: true,
    perm: ['/vms/{vmid}', 'VM.Console'],
    handler: (ctx) => {
      // QEMU vncwebsocket: the ticket first, then load_config ("VM exists ?").
      const res = websocketCheck(ctx, `/vms/${Number(ctx.params.vmid)}`);
      ctx.sim.guest(str(ctx.params, 'node'), 'qemu', Number(ctx.params.vmid));
      return res;
    },
  },
];
