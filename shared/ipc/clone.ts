// The clone calls (shared/clone.ts): free ids from the cluster, a free-id check for the form, the
// clone of one or more copies (each a followed task, one after another) and convert to template.

import type { CloneArgs, CloneOutcome, GuestTarget, IdCheck } from '../clone';
import type { TaskInfo } from '../model';

export interface CloneCalls {
  /** `count` free ids: the cluster's next id and the ones after it that are free */
  'clone.nextIds': { args: { profileId: string; count: number }; result: number[] };
  /** Whether an id is free, as GET /cluster/nextid?vmid= answers */
  'clone.checkId': { args: { profileId: string; vmid: number }; result: IdCheck };
  /** Clone the guest once per copy, one after another; resolves when all are done */
  'clone.run': { args: CloneArgs; result: CloneOutcome[] };
  /** Convert a stopped guest to a template; its task (for a CT found in the node's list) */
  'guest.template': { args: GuestTarget; result: TaskInfo };
}

export const CLONE_CALL_NAMES = [
  'clone.nextIds',
  'clone.checkId',
  'clone.run',
  'guest.template',
] as const satisfies readonly (keyof CloneCalls)[];
