// The console calls and notifications, bound to the console manager; each acts for the window
// that made it (its CallContext).

import type { CallHandlers, NotificationHandlers } from '../../../../shared/ipc';
import type { ConsoleManager } from '../consoles';

type ConsoleCalls =
  | 'console.open'
  | 'console.list'
  | 'console.attach'
  | 'console.reconnect'
  | 'console.close'
  | 'console.login';

export function consoleHandlers(consoles: ConsoleManager): Pick<CallHandlers, ConsoleCalls> {
  return {
    'console.open': async ({ profileId, node, kind, vmid }, ctx) =>
      consoles.open({ profileId, node, kind, ...(vmid !== undefined ? { vmid } : {}) }, ctx),
    'console.list': async (_args, ctx) => consoles.list(ctx),
    'console.attach': async ({ consoleId }, ctx) => consoles.attach(consoleId, ctx),
    'console.reconnect': async ({ consoleId }, ctx) => consoles.reconnect(consoleId, ctx),
    'console.close': async ({ consoleId }, ctx) => consoles.close(consoleId, ctx),
    'console.login': async ({ profileId, username, realm, password }) =>
      consoles.login(profileId, username, realm, password),
  };
}

export function consoleNotifications(
  consoles: ConsoleManager,
): Pick<NotificationHandlers, 'console.resize' | 'console.ack'> {
  return {
    'console.resize': async ({ consoleId, cols, rows }, ctx) =>
      consoles.resize(consoleId, cols, rows, ctx),
    'console.ack': async ({ consoleId, bytes }, ctx) => consoles.ack(consoleId, bytes, ctx),
  };
}
