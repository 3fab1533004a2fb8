// The log-stream calls (bound to the log manager, each acting for the window that made it) and
// the stop-task call: DELETE …/tasks/{upid} on the task's node, sent once (a write); the task's
// end reaches windows as its 'task' event and, in a task log stream, as the stream's end.

import { DeckhandError } from '../../../../shared/errors';
import type { CallHandlers, NotificationHandlers } from '../../../../shared/ipc';
import { parseUpid } from '../../../../shared/upid';
import { stopTask } from '../../logs/api';
import type { LogManager } from '../../logs/manager';
import type { ProfileRegistry } from '../registry';

type LogCalls = 'logs.open' | 'logs.older' | 'logs.close' | 'tasks.stop';

export function logHandlers(
  logs: LogManager,
  registry: ProfileRegistry,
): Pick<CallHandlers, LogCalls> {
  return {
    'logs.open': async (spec, ctx) => logs.open(spec, ctx),
    'logs.older': async ({ streamId, count }, ctx) => logs.older(streamId, count, ctx),
    'logs.close': async ({ streamId }, ctx) => logs.close(streamId, ctx),
    'tasks.stop': async ({ profileId, upid }) => {
      const parsed = parseUpid(upid);
      if (!parsed)
        throw new DeckhandError({ kind: 'validation', message: `Not a task id: ${upid}` });
      await stopTask(registry.session(profileId).api, parsed.node, upid);
    },
  };
}

export function logNotifications(logs: LogManager): Pick<NotificationHandlers, 'logs.ack'> {
  return { 'logs.ack': async ({ streamId, count }, ctx) => logs.ack(streamId, count, ctx) };
}
