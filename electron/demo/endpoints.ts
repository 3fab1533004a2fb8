// The endpoints the demo cluster implements, as `METHOD path-template` in the schema's spelling.
// scripts/gen-demo-params.ts derives the parameter table for exactly these from the official
// schema, and the router refuses to register a route that is not listed here.

const POWER_QEMU = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset'] as const;
const POWER_LXC = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'] as const;

export const DEMO_ENDPOINTS: readonly string[] = [
  'GET /version',
  'GET /access/domains',
  'GET /access/ticket',
  'POST /access/ticket',
  'GET /cluster/status',
  'GET /cluster/resources',
  'GET /cluster/tasks',
  'GET /nodes',
  'GET /nodes/{node}/status',
  'GET /nodes/{node}/version',
  'GET /nodes/{node}/certificates/info',
  'GET /nodes/{node}/qemu',
  'GET /nodes/{node}/lxc',
  'GET /nodes/{node}/qemu/{vmid}/status/current',
  'GET /nodes/{node}/lxc/{vmid}/status/current',
  'GET /nodes/{node}/qemu/{vmid}/config',
  'GET /nodes/{node}/lxc/{vmid}/config',
  // config writes and pending (spec §8, config.ts)
  'PUT /nodes/{node}/qemu/{vmid}/config',
  'POST /nodes/{node}/qemu/{vmid}/config',
  'PUT /nodes/{node}/lxc/{vmid}/config',
  'GET /nodes/{node}/qemu/{vmid}/pending',
  'GET /nodes/{node}/lxc/{vmid}/pending',
  // disk resize and datacenter options (resize.ts, handlers/config-extra.ts)
  'PUT /nodes/{node}/qemu/{vmid}/resize',
  'PUT /nodes/{node}/lxc/{vmid}/resize',
  'GET /cluster/options',
  ...POWER_QEMU.map((a) => `POST /nodes/{node}/qemu/{vmid}/status/${a}`),
  ...POWER_LXC.map((a) => `POST /nodes/{node}/lxc/{vmid}/status/${a}`),
  'GET /nodes/{node}/tasks',
  'GET /nodes/{node}/tasks/{upid}',
  'DELETE /nodes/{node}/tasks/{upid}',
  'GET /nodes/{node}/tasks/{upid}/status',
  'GET /nodes/{node}/tasks/{upid}/log',
  // logs (spec §6)
  'GET /nodes/{node}/journal',
  'GET /nodes/{node}/time',
  'GET /cluster/log',
  // snapshots (spec §8)
  ...['qemu', 'lxc'].flatMap((t) => [
    `GET /nodes/{node}/${t}/{vmid}/snapshot`,
    `POST /nodes/{node}/${t}/{vmid}/snapshot`,
    `DELETE /nodes/{node}/${t}/{vmid}/snapshot/{snapname}`,
    `POST /nodes/{node}/${t}/{vmid}/snapshot/{snapname}/rollback`,
    `GET /nodes/{node}/${t}/{vmid}/snapshot/{snapname}/config`,
    `PUT /nodes/{node}/${t}/{vmid}/snapshot/{snapname}/config`,
  ]),
  // statistics (spec §5)
  'GET /nodes/{node}/qemu/{vmid}/rrddata',
  'GET /nodes/{node}/lxc/{vmid}/rrddata',
  'GET /nodes/{node}/rrddata',
  'GET /nodes/{node}/services',
  // guest addresses (spec §9)
  'GET /nodes/{node}/lxc/{vmid}/interfaces',
  'GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces',
  'GET /nodes/{node}/qemu/{vmid}/agent/get-osinfo',
  'GET /nodes/{node}/qemu/{vmid}/agent/get-host-name',
  'POST /nodes/{node}/qemu/{vmid}/agent/exec',
  'GET /nodes/{node}/qemu/{vmid}/agent/exec-status',
  // consoles (spec §7)
  'POST /access/vncticket',
  'POST /nodes/{node}/termproxy',
  'GET /nodes/{node}/vncwebsocket',
  'POST /nodes/{node}/lxc/{vmid}/termproxy',
  'GET /nodes/{node}/lxc/{vmid}/vncwebsocket',
  'POST /nodes/{node}/qemu/{vmid}/termproxy',
  'POST /nodes/{node}/qemu/{vmid}/vncproxy',
  'GET /nodes/{node}/qemu/{vmid}/vncwebsocket',
  // storages and backups (spec §8)
  'GET /nodes/{node}/storage',
  'GET /nodes/{node}/storage/{storage}/content',
  'DELETE /nodes/{node}/storage/{storage}/content/{volume}',
  'POST /nodes/{node}/vzdump',
  'POST /nodes/{node}/qemu',
  'POST /nodes/{node}/lxc',
  'GET /cluster/nextid',
  // create (create.ts): the node's bridges for the wizard
  'GET /nodes/{node}/network',
  'GET /cluster/backup',
  'GET /cluster/backup-info/not-backed-up',
  // clone and convert to template (clone.ts)
  ...['qemu', 'lxc'].flatMap((t) => [
    `POST /nodes/{node}/${t}/{vmid}/clone`,
    `POST /nodes/{node}/${t}/{vmid}/template`,
  ]),
  // migration and removal (spec §8, migrate.ts, destroy.ts)
  ...['qemu', 'lxc'].flatMap((t) => [
    `GET /nodes/{node}/${t}/{vmid}/migrate`,
    `POST /nodes/{node}/${t}/{vmid}/migrate`,
    `DELETE /nodes/{node}/${t}/{vmid}`,
  ]),
  // cluster bulk actions, 9.0.13+ (bulk.ts)
  ...['start', 'shutdown', 'suspend', 'migrate'].map((a) => `POST /cluster/bulk-action/guest/${a}`),
];
