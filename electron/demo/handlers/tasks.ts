// Task handlers: /cluster/tasks, a node's task list with PVE's filters, and one task's status,
// log and stop (pve-manager PVE/API2/Tasks.pm).

import { parseUpid } from '../../../shared/upid';
import { tokenOf, userOf } from '../authid';
import { fail, paramError } from '../errors';
import type { Task } from '../tasks';
import { need, num, str, type HandlerContext, type Route } from './context';

function taskItem(t: Task): Record<string, unknown> {
  const tokenid = tokenOf(t.authid);
  const e: Record<string, unknown> = {
    upid: t.upid,
    node: t.node,
    pid: t.pid,
    pstart: t.pstart,
    starttime: t.starttime,
    type: t.type,
    id: t.id,
    user: userOf(t.authid),
  };
  if (tokenid !== undefined) e.tokenid = tokenid;
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
  return owner === id.authid || userOf(owner) === id.authid;
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

export const taskRoutes: Route[] = [
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
          const user = userOf(t.authid);
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
];
