// The log-stream calls and the stop-task call. PLACEHOLDER until the log manager lands: every
// call refuses with a clear message (the helper building electron/core/logs replaces this file).

import { DeckhandError } from '../../../../shared/errors';
import type { CallHandlers, NotificationHandlers } from '../../../../shared/ipc';

type LogCalls = 'logs.open' | 'logs.older' | 'logs.close' | 'tasks.stop';

const notYet = (): never => {
  throw new DeckhandError({ kind: 'validation', message: 'Log streams are not available yet' });
};

export function logHandlers(): Pick<CallHandlers, LogCalls> {
  return {
    'logs.open': async () => notYet(),
    'logs.older': async () => notYet(),
    'logs.close': async () => notYet(),
    'tasks.stop': async () => notYet(),
  };
}

export function logNotifications(): Pick<NotificationHandlers, 'logs.ack'> {
  return { 'logs.ack': async () => undefined };
}
