// Cloning and convert to template: free ids (the cluster's next id and the free ones after it,
// each checked with GET /cluster/nextid?vmid=), and the writes, tasks started through the
// session's task writer (sent once, followed). Several copies run one after another: each id is
// checked free again right before its clone is sent, each clone's task is followed to its end,
// and the first failure leaves the copies after it unsent.

import type { CloneOutcome } from '../../../../shared/clone';
import { cloneTaskType, templateTaskType } from '../../../../shared/clone';
import { toErrorData } from '../../../../shared/errors';
import type { CallHandlers } from '../../../../shared/ipc';
import type { Disposable } from '../../../../shared/lifecycle';
import type { GuestResource, GuestType, TaskInfo } from '../../../../shared/model';
import { getNextId } from '../../pve/backups';
import { checkVmid, cloneFieldErrors, postClone, postTemplate } from '../../pve/clone';
import type { ProfileSession } from '../../session/profile-session';
import type { ProfileRegistry } from '../registry';

type CloneCallNames = 'clone.nextIds' | 'clone.checkId' | 'clone.run' | 'guest.template';

export interface CloneDeps {
  /** Every task event (start, progress, end) of every session. */
  onTask(listener: (task: TaskInfo) => void): Disposable;
}

/** How far past the next id free ids are looked for. */
const ID_SEARCH_SPAN = 200;

function noun(type: GuestType, vmid: number, session: ProfileSession): string {
  const g = session.resource(`${type}/${vmid}`) as GuestResource | undefined;
  return `${type === 'lxc' ? 'CT' : 'VM'} ${vmid}${g?.name ? ` (${g.name})` : ''}`;
}

/** Resolves with the task once it has stopped (its in-doubt placeholder's real task included). */
function taskEnd(deps: CloneDeps, profileId: string, first: TaskInfo): Promise<TaskInfo> {
  if (first.status === 'stopped') return Promise.resolve(first);
  return new Promise((resolve) => {
    const watched = new Set([first.upid]);
    const sub = deps.onTask((t) => {
      if (t.profileId !== profileId) return;
      if (t.replaces && watched.has(t.replaces)) watched.add(t.upid);
      if (!watched.has(t.upid) || t.status !== 'stopped') return;
      void sub.dispose();
      resolve(t);
    });
  });
}

export function cloneHandlers(
  registry: ProfileRegistry,
  deps: CloneDeps,
): Pick<CallHandlers, CloneCallNames> {
  return {
    'clone.nextIds': async ({ profileId, count }) => {
      const s = registry.session(profileId);
      const first = await getNextId(s.api);
      const ids = [first];
      for (let id = first + 1; ids.length < count && id <= first + ID_SEARCH_SPAN; id++) {
        if ((await checkVmid(s.api, id)).free) ids.push(id);
      }
      return ids;
    },
    'clone.checkId': async ({ profileId, vmid }) =>
      checkVmid(registry.session(profileId).api, vmid),
    'clone.run': async (a) => {
      const s = registry.session(a.profileId);
      const ref = { node: a.node, type: a.type, vmid: a.vmid };
      const outcomes: CloneOutcome[] = a.copies.map((c) => ({
        newid: c.newid,
        ...(c.name ? { name: c.name } : {}),
        state: 'not-started',
      }));
      for (const out of outcomes) {
        const free = await checkVmid(s.api, out.newid);
        if (!free.free) {
          out.state = 'failed';
          out.message = free.message ?? `VM ${out.newid} already exists`;
          out.errors = { newid: out.message };
          break;
        }
        // Its task's end comes from a later poll, so subscribing once it is sent misses none.
        let task: TaskInfo;
        try {
          task = await s.writes.start({
            guest: ref,
            types: [cloneTaskType(a.type)],
            label: `Clone ${noun(a.type, a.vmid, s)} to ${out.newid}${out.name ? ` (${out.name})` : ''}`,
            send: () =>
              postClone(s.api, ref, {
                newid: out.newid,
                ...(out.name ? { name: out.name } : {}),
                ...(a.full !== undefined ? { full: a.full } : {}),
                ...(a.target ? { target: a.target } : {}),
                ...(a.storage ? { storage: a.storage } : {}),
                ...(a.pool ? { pool: a.pool } : {}),
                ...(a.description ? { description: a.description } : {}),
                ...(a.snapname ? { snapname: a.snapname } : {}),
              }),
          });
        } catch (err) {
          const data = toErrorData(err);
          out.state = 'failed';
          out.message = data.message;
          const errors = cloneFieldErrors(data.errors);
          if (errors) out.errors = errors;
          break;
        }
        const end = await taskEnd(deps, a.profileId, task);
        out.task = end;
        if (end.ok === false || end.outcome === 'did-not-run') {
          out.state = 'failed';
          out.message = end.exitstatus ?? 'The clone did not run';
          break;
        }
        out.state = 'ok';
      }
      return outcomes;
    },
    'guest.template': async (a) => {
      const s = registry.session(a.profileId);
      const ref = { node: a.node, type: a.type, vmid: a.vmid };
      return s.writes.start({
        guest: ref,
        types: [templateTaskType(a.type)],
        label: `Convert ${noun(a.type, a.vmid, s)} to template`,
        send: () => postTemplate(s.api, ref),
      });
    },
  };
}
