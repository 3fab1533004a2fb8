// Creating a container or a VM: the options a node offers the wizard, and the create, a task
// started through the session's task writer (sent once, followed to its end, in doubt on a lost
// reply, never re-sent). PVE's refusals come back as the outcome: its message, and its 400
// parameter errors mapped to the wizard's fields.

import {
  createFieldErrors,
  createParams,
  createTaskType,
  type CreateOptions,
} from '../../../../shared/create';
import { toErrorData } from '../../../../shared/errors';
import type { CallHandlers } from '../../../../shared/ipc';
import type { Disposable } from '../../../../shared/lifecycle';
import type { NodeResource, TaskInfo } from '../../../../shared/model';
import { getBridgeChoices, getStorageChoices, postCreate } from '../../pve/create';
import type { ProfileRegistry } from '../registry';

export interface CreateDeps {
  /** Every task event (start, progress, end) of every session. */
  onTask(listener: (task: TaskInfo) => void): Disposable;
}

/** Resolves with the task once it has stopped (its in-doubt placeholder's real task included). */
function taskEnd(deps: CreateDeps, profileId: string, first: TaskInfo): Promise<TaskInfo> {
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

export function createHandlers(
  registry: ProfileRegistry,
  deps: CreateDeps,
): Pick<CallHandlers, 'create.options' | 'create.run'> {
  return {
    'create.options': async ({ profileId, node, type }) => {
      const s = registry.session(profileId);
      const [bridges, storages] = await Promise.all([
        getBridgeChoices(s.api, node),
        getStorageChoices(s.api, node, type),
      ]);
      const items = s.snapshot().items;
      const pools = items
        .filter((r) => r.type === 'pool')
        .map((r) => (r as { pool: string }).pool)
        .sort();
      const n = s.resource(`node/${node}`) as NodeResource | undefined;
      const out: CreateOptions = { node, bridges, ...storages, pools };
      if (n?.maxcpu !== undefined) out.maxcpu = n.maxcpu;
      if (n?.maxmem !== undefined) out.maxmem = n.maxmem;
      return out;
    },
    'create.run': async (spec) => {
      const s = registry.session(spec.profileId);
      const kind = spec.type === 'qemu' ? 'VM' : 'CT';
      let task: TaskInfo;
      try {
        task = await s.writes.start({
          guest: { node: spec.node, type: spec.type, vmid: spec.vmid },
          types: [createTaskType(spec.type)],
          label: `Create ${kind} ${spec.vmid}${spec.name ? ` (${spec.name})` : ''}`,
          send: () => postCreate(s.api, spec.node, spec.type, createParams(spec)),
        });
      } catch (err) {
        const data = toErrorData(err);
        const errors = createFieldErrors(data.errors);
        // With errors by field, they say it all; the message is PVE's headline alone.
        if (errors) return { state: 'failed', message: 'Parameter verification failed.', errors };
        return { state: 'failed', message: data.message };
      }
      const end = await taskEnd(deps, spec.profileId, task);
      if (end.ok === false || end.outcome === 'did-not-run') {
        return { state: 'failed', task: end, message: end.exitstatus ?? 'The create did not run' };
      }
      return { state: 'ok', task: end };
    },
  };
}
