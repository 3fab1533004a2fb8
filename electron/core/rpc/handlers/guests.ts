// Guests and their tasks: power actions, the task list and a task's log.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileRegistry } from '../registry';

type GuestCalls = 'guest.action' | 'tasks.list' | 'tasks.log';

export function guestHandlers(registry: ProfileRegistry): Pick<CallHandlers, GuestCalls> {
  return {
    'guest.action': async ({ profileId, node, type, vmid, action, params }) =>
      registry.session(profileId).action({ profileId, node, type, vmid }, action, params),
    'tasks.list': async ({ profileId }) => registry.session(profileId).tasks(),
    'tasks.log': async ({ profileId, upid, start, limit }) =>
      registry.session(profileId).taskLog(upid, {
        ...(start !== undefined ? { start } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
  };
}
