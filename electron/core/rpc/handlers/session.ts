// A profile's live session: its connection state, reconnecting it, and its resources.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileService } from '../profile-service';
import type { ProfileRegistry } from '../registry';

// resources.snapshot: handlers/resources.ts (the window's view of them).
type SessionCalls = 'session.reconnect' | 'session.state' | 'session.answerTfa';

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
  };
}
