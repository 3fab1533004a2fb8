// Writes that start a task, beside the power actions (snapshots; backups may use it too): send
// once, follow the task PVE answers with, and when the reply was lost, late or malformed never send
// again but look for the task in the cluster's list (task-tracker's in-doubt search).

import { DeckhandError } from '../../../shared/errors';
import type { GuestRef, GuestResource, TaskInfo } from '../../../shared/model';
import { parseUpid } from '../../../shared/upid';
import { isInDoubt, RequestInDoubt } from '../pve/errors';
import type { Logger } from './logger';
import type { TaskTracker } from './task-tracker';

export interface TaskWriterOptions {
  profileId: string;
  tracker: TaskTracker;
  guest(guestId: string): GuestResource | undefined;
  log: Logger;
  onRequestError(err: unknown): void;
  closed(): boolean;
}

export interface TaskWrite {
  guest: Pick<GuestRef, 'node' | 'type' | 'vmid'>;
  /** PVE task types the write runs as (what its task looks like in the cluster's list) */
  types: readonly string[];
  /** The task's id when it is not the guest's vmid (a vzdump of several guests: '') */
  taskId?: string;
  /** The task is no one guest's (a backup job's run): `guest` only names its node */
  guestless?: boolean;
  label: string;
  /** Send the request (once); resolves with the UPID PVE answered. */
  send(): Promise<string>;
}

export class TaskWriter {
  constructor(private readonly opts: TaskWriterOptions) {}

  /** Resolves with the task once PVE answered (an in-doubt placeholder when the reply was lost). */
  async start(w: TaskWrite): Promise<TaskInfo> {
    const { opts } = this;
    if (opts.closed()) throw new DeckhandError({ kind: 'internal', message: 'Session closed' });
    const guestId = w.guestless ? undefined : `${w.guest.type}/${w.guest.vmid}`;
    const before = guestId ? opts.guest(guestId) : undefined;
    const write = opts.tracker.beginWrite(w.guest, {
      types: w.types,
      ...(w.taskId !== undefined ? { id: w.taskId } : {}),
    });
    let upid: string;
    let parsed: ReturnType<typeof parseUpid>;
    try {
      upid = await w.send();
      parsed = parseUpid(upid);
      if (!parsed) {
        throw new RequestInDoubt(
          new DeckhandError({ kind: 'protocol', message: `Not a task id: ${upid}` }),
        );
      }
    } catch (err) {
      opts.onRequestError(err);
      if (!isInDoubt(err) || opts.closed()) {
        opts.tracker.endWrite(write);
        throw err;
      }
      opts.log('warn', `Profile ${opts.profileId}: ${w.label} in doubt: ${err.message}`);
      return opts.tracker.resolveInDoubt(write, {
        label: w.label,
        guestId: guestId ?? `node/${w.guest.node}`,
        before,
        cause: err,
      });
    }
    opts.tracker.endWrite(write);
    const task: TaskInfo = {
      profileId: opts.profileId,
      upid,
      node: parsed.node,
      type: parsed.type,
      id: parsed.id,
      user: parsed.user,
      starttime: parsed.starttime,
      status: 'running',
      label: w.label,
      ...(guestId ? { guestId } : {}),
      own: true,
    };
    opts.tracker.follow(task);
    return task;
  }
}
