// The create calls (shared/create.ts): what the wizard offers for a node, and the create itself
// (a followed vzcreate/qmcreate task). Free ids come from the clone calls (clone.nextIds,
// clone.checkId), which both wizards share.

import type { CreateOptions, CreateOutcome, CreateSpec } from '../create';
import type { GuestType } from '../model';

export interface CreateCalls {
  /** The node's bridges, disk storages (with free space), templates, ISO images, pools and CPUs */
  'create.options': {
    args: { profileId: string; node: string; type: GuestType };
    result: CreateOptions;
  };
  /** Create the guest (sent once); resolves when its task has ended, or with PVE's refusal */
  'create.run': { args: CreateSpec; result: CreateOutcome };
}

export const CREATE_CALL_NAMES = [
  'create.options',
  'create.run',
] as const satisfies readonly (keyof CreateCalls)[];
