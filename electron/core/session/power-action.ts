// One power action of a session: sent once, its UPID parsed, the task followed. A request that may
// have reached PVE without a sound reply (lost, late, malformed) is never sent again: it resolves
// with an in-doubt placeholder while the task tracker looks for the task.

import { DeckhandError } from '../../../shared/errors';
import type { GuestRef, GuestResource, PowerAction, TaskInfo } from '../../../shared/model';
import { parseUpid } from '../../../shared/upid';
import { postPowerAction } from '../pve/api';
import type { PveClient } from '../pve/client';
import { isInDoubt, RequestInDoubt } from '../pve/errors';
import { actionLabel } from './labels';
import type { Logger } from './logger';
import { powerParams } from './power-params';
import type { TaskTracker } from './task-tracker';

export interface PowerActionParams {
  timeout?: number;
  forceStop?: boolean;
  overruleShutdown?: boolean;
}

export interface PowerActionDeps {
  profileId: string;
  client: PveClient;
  tracker: TaskTracker;
  signal: AbortSignal;
  log: Logger;
  /** The guest as the last refresh saw it (for its name and the in-doubt search). */
  guest(id: string): GuestResource | undefined;
  /** The server's pve-manager version, once connected (what Stop may send). */
  version?(): string | undefined;
  closed(): boolean;
  /** A request failed: a 595/596 names an unreachable node. */
  onRequestError(err: unknown): void;
  /** The node answered a write: it is reachable again. */
  onNodeAnswered(node: string): void;
}

export async function runPowerAction(
  deps: PowerActionDeps,
  ref: GuestRef,
  action: PowerAction,
  params: PowerActionParams,
): Promise<TaskInfo> {
  const { tracker } = deps;
  const guestId = `${ref.type}/${ref.vmid}`;
  const guest = deps.guest(guestId);
  const pveParams = powerParams(
    ref,
    action,
    { ...params },
    {
      version: deps.version?.(),
      // PVE's vm_is_ha_managed: any HA resource, whatever its state.
      haManaged: guest?.hastate !== undefined && guest.hastate !== '',
    },
  );
  const label = actionLabel(action, ref.type, ref.vmid, guest?.name);
  const write = tracker.beginWrite(ref, action);
  let upid: string;
  let parsed: ReturnType<typeof parseUpid>;
  try {
    upid = await postPowerAction(deps.client, ref, action, pveParams, deps.signal);
    parsed = parseUpid(upid);
    if (!parsed) {
      // PVE may have started a task anyway: the answer says nothing sure.
      throw new RequestInDoubt(
        new DeckhandError({ kind: 'protocol', message: `Not a task id: ${upid}` }),
      );
    }
  } catch (err) {
    deps.onRequestError(err);
    if (!isInDoubt(err) || deps.closed()) {
      tracker.endWrite(write);
      throw err;
    }
    deps.log('warn', `Profile ${deps.profileId}: ${label} in doubt: ${err.message}`);
    return tracker.resolveInDoubt(write, { label, guestId, action, before: guest, cause: err });
  }
  tracker.endWrite(write);
  deps.onNodeAnswered(ref.node);
  const task: TaskInfo = {
    profileId: deps.profileId,
    upid,
    node: parsed.node,
    type: parsed.type,
    id: parsed.id,
    user: parsed.user,
    starttime: parsed.starttime,
    status: 'running',
    label,
    guestId,
    own: true,
  };
  tracker.follow(task);
  return task;
}
