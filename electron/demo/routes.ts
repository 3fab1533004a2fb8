// The API handlers, one per `METHOD path-template` of endpoints.ts. Each gets typed, verified
// parameters and the caller's identity and returns `{data, total?}` or throws an ApiError.

import { parseUpid } from '../../shared/upid';
import { AuthService, type Identity } from './auth';
import { fail, paramError, permissionDenied } from './errors';
import type { GuestType } from './model';
import type { Params } from './params';
import { powerAction, type PowerAction } from './power';
import type { Simulation } from './sim';
import type { Task } from './tasks';
import type { ConsoleManager } from './console/sessions';
import { consoleRoutes } from './console/routes';

export interface Reply {
  data: unknown;
  total?: number;
  /** a non-JSON body (task log download) */
  raw?: { contentType: string; body: string };
  /** `data` already serialised */
  json?: string;
}

export interface HandlerContext {
  sim: Simulation;
  auth: AuthService;
  /** undefined only on endpoints that need no authentication */
  identity: Identity | undefined;
  params: Params;
  consoles: ConsoleManager;
  /** 401 answers wait this long, like pveproxy's delay */
  authFailure: () => Promise<never>;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  template: string;
  /** false for the few endpoints pveproxy serves without a ticket */
  auth: boolean;
  /** the schema's `check => ['perm', path, [priv]]`, tested before proxying (server.ts) */
  perm?: [path: string, priv: string];
  /** allowtoken=0 in the schema */
  noToken?: boolean;
  /** no `proxyto`: handled by the node that got the call, even for a dead target node */
  local?: boolean;
  handler: Handler;
}

const REPOID = '9e2c1a0d5b5d1f1e';

function need(ctx: HandlerContext, path: string, priv: string): Identity {
  const id = ctx.identity!;
  if (!ctx.auth.hasPriv(id, priv)) throw permissionDenied(path, priv);
  return id;
}

function str(p: Params, k: string): string {
  return String(p[k]);
}

function num(p: Params, k: string): number {
  return Number(p[k]);
}

function taskItem(t: Task): Record<string, unknown> {
  const bang = t.authid.indexOf('!');
  const e: Record<string, unknown> = {
    upid: t.upid,
    node: t.node,
    pid: t.pid,
    pstart: t.pstart,
    starttime: t.starttime,
    type: t.type,
    id: t.id,
    user: bang < 0 ? t.authid : t.authid.slice(0, bang),
  };
  if (bang >= 0) e.tokenid = t.authid.slice(bang + 1);
  return e;
}

function taskStatusClass(t: Task): 'ok' | 'warning' | 'error' | 'unknown' {
  const s = t.exitstatus ?? '';
  if (s === 'OK') return 'ok';
  if (s.startsWith('WARNINGS')) return 'warning';
  if (s === 'unexpected status' || s === '') return 'unknown';
  return 'error';
}

function findTask(ctx: HandlerContext): Task {
  const upid = str(ctx.params, 'upid');
  const parsed = parseUpid(upid);
  if (!parsed) throw paramError({ upid: 'unable to parse worker upid' });
  const task = ctx.sim.tasks.get(upid);
  // The log file only exists on the node that ran the task.
  if (!task || task.node !== str(ctx.params, 'node')) throw paramError({ upid: 'no such task' });
  return task;
}

/** Tasks.pm $check_task_user on a UPID alone: its user, or its token's user, is the caller. */
function ownsUpid(ctx: HandlerContext, upid: string): boolean {
  const owner = parseUpid(upid)?.user ?? '';
  const id = ctx.identity!;
  return owner === id.authid || owner.split('!')[0] === id.authid;
}

/** pve-common PVE/UPID.pm: the log lives in the sub-directory named by starttime's last digit. */
function taskLogPath(upid: string): string {
  const starttime = upid.split(':')[4] ?? '';
  return `/var/log/pve/tasks/${starttime.slice(7, 8)}/${upid}`;
}

function canSeeTask(ctx: HandlerContext, t: Task, priv: string): void {
  // A user owns their tokens' tasks; a token owns only its own (Tasks.pm $check_task_user).
  if (ownsUpid(ctx, t.upid)) return;
  need(ctx, `/nodes/${t.node}`, priv);
}

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
      throw fail(`snapshot '${str(ctx.params, 'snapshot')}' does not exist`);
    }
    return { data: ctx.sim.guestConfig(g) };
  };
}

function power(type: GuestType, action: PowerAction): Handler {
  return (ctx) => {
    const vmid = num(ctx.params, 'vmid');
    const g = ctx.sim.guest(str(ctx.params, 'node'), type, vmid);
    return { data: powerAction(ctx.sim, ctx.identity!, g, action, ctx.params) };
  };
}

async function login(ctx: HandlerContext): Promise<Reply> {
  const { auth, params } = ctx;
  let user: string;
  try {
    user = AuthService.loginName(str(params, 'username'), params.realm as string | undefined);
  } catch {
    return ctx.authFailure();
  }
  const password = str(params, 'password');
  let ok = false;
  if (params.path !== undefined && /^(.{8}:)?PVEVNC:/.test(password)) {
    // verify_auth's old termproxy route: a port-less VNC ticket of this user for the path.
    const path = str(params, 'path');
    ok = auth.userExists(user) && auth.verifyVncTicket(password, user, path, undefined);
  } else if (password.startsWith('PVE:')) {
    // Renewal: a valid ticket stands in for the password; root@pam's may mint for others.
    const owner = auth.verifyTicket(password);
    ok = owner !== undefined && (owner === user || owner === 'root@pam') && auth.userExists(user);
  } else {
    ok = auth.checkPassword(user, password);
  }
  if (!ok) return ctx.authFailure();
  if (params.path !== undefined) {
    // Verify mode: only answers whether the credentials hold the privileges on the path.
    for (const priv of str(params, 'privs')
      .split(/[,; ]+/)
      .filter(Boolean)) {
      if (!auth.hasPriv({ user, authid: user }, priv)) {
        throw permissionDenied(str(params, 'path'), priv);
      }
    }
    return { data: { username: user } };
  }
  const data: Record<string, unknown> = {
    username: user,
    ticket: auth.createTicket(user),
    CSRFPreventionToken: auth.createCsrfToken(user),
    cap: auth.capabilities(user),
  };
  if (auth.hasPriv({ user, authid: user }, 'Sys.Audit')) data.clustername = ctx.sim.state.name;
  return { data };
}

const routes: Route[] = [
  {
    method: 'GET',
    template: '/version',
    auth: true,
    handler: (ctx) => {
      const version = ctx.sim.opts.version;
      const release = version.split('.').slice(0, 2).join('.');
      return { data: { version, release, repoid: REPOID, console: 'html5' } };
    },
  },
  {
    method: 'GET',
    template: '/access/domains',
    auth: false,
    handler: () => ({
      data: [
        { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication', default: 1 },
        { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
      ],
    }),
  },
  { method: 'GET', template: '/access/ticket', auth: false, handler: () => ({ data: null }) },
  { method: 'POST', template: '/access/ticket', auth: false, noToken: true, handler: login },
  {
    method: 'GET',
    template: '/cluster/status',
    auth: true,
    perm: ['/', 'Sys.Audit'],
    handler: (ctx) => {
      const { state, localNode } = ctx.sim;
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
    template: '/cluster/tasks',
    auth: true,
    handler: (ctx) => {
      const all = ctx.auth.hasPriv(ctx.identity!, 'Sys.Audit');
      const mine = (t: Task) => t.authid === ctx.identity!.authid;
      const tasks = ctx.sim.tasks
        .all()
        .filter((t) => all || mine(t))
        .sort((a, b) => b.starttime - a.starttime)
        .slice(0, 100);
      const data = tasks.map((t) => {
        const e = taskItem(t);
        if (t.status === 'stopped') {
          delete e.pid;
          delete e.pstart;
          e.endtime = t.endtime;
          e.status = t.exitstatus;
          e.saved = '1';
        }
        return e;
      });
      return { data };
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
  {
    method: 'GET',
    template: '/nodes/{node}/tasks',
    auth: true,
    handler: (ctx) => {
      const p = ctx.params;
      const node = str(p, 'node');
      const id = ctx.identity!;
      const audit = ctx.auth.hasPriv(id, 'Sys.Audit');
      const source = (p.source as string | undefined) ?? 'archive';
      const userfilter = (p.userfilter as string | undefined)?.toLowerCase();
      const statusfilter = p.statusfilter
        ? new Set(
            String(p.statusfilter)
              .split(/[,; ]+/)
              .filter(Boolean),
          )
        : undefined;
      const list = ctx.sim.tasks
        .list(node)
        .filter((t) => {
          if (source === 'archive' && t.status === 'running') return false;
          if (source === 'active' && t.status !== 'running') return false;
          // Tasks.pm node_tasks: userfilter matches the user part (the token id is split
          // off), a running task classes as 'unknown', and `errors` overrides statusfilter.
          const user = t.authid.split('!')[0]!;
          if (userfilter && !user.toLowerCase().includes(userfilter)) return false;
          if (!audit && t.authid !== id.authid && user !== id.authid) return false;
          if (p.typefilter !== undefined && t.type !== p.typefilter) return false;
          if (p.vmid !== undefined && t.id !== String(p.vmid)) return false;
          if (p.since !== undefined && t.starttime < num(p, 'since')) return false;
          if (p.until !== undefined && t.starttime > num(p, 'until')) return false;
          const cls = t.status === 'running' ? 'unknown' : taskStatusClass(t);
          if (p.errors === true) return cls !== 'ok';
          return !statusfilter || statusfilter.has(cls);
        })
        .sort((a, b) => b.starttime - a.starttime || b.pid - a.pid);
      const start = (p.start as number | undefined) ?? 0;
      const limit = (p.limit as number | undefined) ?? 50;
      const data = list.slice(start, start + limit).map((t) => {
        const e = taskItem(t);
        if (t.status === 'running') e.status = 'RUNNING';
        else {
          e.endtime = t.endtime;
          e.status = t.exitstatus;
        }
        return e;
      });
      return { data, total: list.length };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/tasks/{upid}',
    auth: true,
    handler: (ctx) => {
      findTask(ctx);
      return { data: [{ name: 'log' }, { name: 'status' }] };
    },
  },
  {
    method: 'DELETE',
    template: '/nodes/{node}/tasks/{upid}',
    auth: true,
    handler: (ctx) => {
      const t = findTask(ctx);
      canSeeTask(ctx, t, 'Sys.Modify');
      ctx.sim.tasks.stop(t.upid);
      return { data: null };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/tasks/{upid}/status',
    auth: true,
    handler: (ctx) => {
      const t = findTask(ctx);
      canSeeTask(ctx, t, 'Sys.Audit');
      const e = taskItem(t);
      e.status = t.status;
      if (t.status === 'stopped') e.exitstatus = t.exitstatus;
      return { data: e };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/tasks/{upid}/log',
    auth: true,
    handler: (ctx) => {
      // pve-manager PVE/API2/Tasks.pm read_task_log: unlike …/status, a UPID without a log
      // file on this node is no error; dump_logfile reports the failed open as the only line.
      const upid = str(ctx.params, 'upid');
      if (!parseUpid(upid)) throw paramError({ upid: 'unable to parse worker upid' });
      const found = ctx.sim.tasks.get(upid);
      const t = found && found.node === str(ctx.params, 'node') ? found : undefined;
      if (t) canSeeTask(ctx, t, 'Sys.Audit');
      else if (!ownsUpid(ctx, upid)) need(ctx, `/nodes/${str(ctx.params, 'node')}`, 'Sys.Audit');
      if (ctx.params.download === true) {
        if (ctx.params.start !== undefined || ctx.params.limit !== undefined) {
          throw fail("'download' cannot be used together with 'start' or 'limit' parameters");
        }
        if (!t)
          throw fail(`Could not open file '${taskLogPath(upid)}' - No such file or directory`);
        return { data: null, raw: { contentType: 'text/plain', body: t.log.join('\n') + '\n' } };
      }
      if (!t) {
        return { data: [{ n: 1, t: 'unable to open file - No such file or directory' }], total: 1 };
      }
      const start = (ctx.params.start as number | undefined) ?? 0;
      const limit = (ctx.params.limit as number | undefined) ?? 50;
      // pve-common dump_logfile: n is 1-based, limit 0 reads to the end, an empty log says so.
      if (t.log.length === 0) return { data: [{ n: 1, t: 'no content' }], total: 1 };
      const end = limit === 0 ? t.log.length : start + limit;
      const data = t.log.slice(start, end).map((text, i) => ({ n: start + i + 1, t: text }));
      return { data, total: t.log.length };
    },
  },
  ...consoleRoutes,
];

export interface Match {
  route: Route;
  pathParams: Record<string, string>;
}

interface Compiled {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly compiled: Compiled[];

  constructor() {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.template.split('/').slice(1),
    }));
  }

  get routes(): readonly Route[] {
    return routes;
  }

  /** The route for a method and a path relative to /api2/json, or undefined (→ 501). */
  match(method: string, relPath: string): Match | undefined {
    const parts = relPath.split('/').slice(1);
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    for (const c of this.compiled) {
      if (c.route.method !== method || c.segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i]!;
        let part: string;
        try {
          part = decodeURIComponent(parts[i]!);
        } catch {
          ok = false;
          break;
        }
        if (seg.startsWith('{')) pathParams[seg.slice(1, -1)] = part;
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: c.route, pathParams };
    }
    return undefined;
  }
}
