// A profile's live session: its connection state, reconnecting it, and its resources.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileService } from '../profile-service';
import type { ProfileRegistry } from '../registry';

type SessionCalls =
  'session.reconnect' | 'session.state' | 'session.answerTfa' | 'resources.snapshot';

export function sessionHandlers(
  registry: ProfileRegistry,
  profiles: ProfileService,
): Pick<CallHandlers, SessionCalls> {
  return {
    'session.reconnect': async ({ profileId }) => {
      await registry.session(profileId).reconnect();
    },
    'session.state': async ({ profileId }) => profiles.state(profileId),
    'session.answerTfa': async ({ profileId, kind, code }) => {
      await registry.session(profileId).answerTfa({ kind, code });
    },
    'resources.snapshot': async ({ profileId }) => registry.session(profileId).snapshot(),
  };
}
