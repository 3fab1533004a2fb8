// What a host needs from core to bind the IPC contract, and the one dispatch both hosts share:
// the name checked against the contract, the arguments parsed with the contract's schema, the
// handler called, and a call's result or error wrapped as an Envelope. Notifications get no
// answer: a bad one is dropped and logged.

import type { ClientConnection, ClientSink, Core } from '../core';
import { toErrorData } from '../../shared/errors';
import type { FirstFrame } from '../../shared/first-frame';
import type { Disposable } from '../../shared/lifecycle';
import {
  isCallName,
  isNotificationName,
  type CallContext,
  type Envelope,
  type NotificationName,
} from '../../shared/ipc';
import { parseCallArgs, parseNotificationArgs } from '../../shared/ipc-schema';

export type ContractCore = Pick<
  Core,
  'handlers' | 'notifications' | 'on' | 'connectClient' | 'log'
> & {
  /** The window's first frame as true now (core on a worker answers it asynchronously). */
  firstFrame?(): FirstFrame | undefined | Promise<FirstFrame | undefined>;
  /** Core on a worker that was lost and started again: the windows connected before are stale. */
  onRestart?(listener: () => void): Disposable;
};
export type { ClientConnection, ClientSink };

type Handler = (args: unknown, ctx?: CallContext) => Promise<unknown>;

export function validationError(message: string): Envelope<never> {
  return { ok: false, error: { kind: 'validation', message } };
}

/**
 * Call one contract handler by name; never throws. A notification's name is accepted too and
 * answered with its outcome, for a caller that wants to know it was refused (the renderer never
 * does: it sends notifications as such).
 */
export async function dispatchCall(
  core: Pick<ContractCore, 'handlers' | 'notifications'>,
  name: unknown,
  args: unknown,
  ctx?: CallContext,
): Promise<Envelope<unknown>> {
  if (isCallName(name)) {
    return settle(() => (core.handlers[name] as Handler)(parseCallArgs(name, args), ctx));
  }
  if (isNotificationName(name)) {
    return settle(async () => {
      await (core.notifications[name] as Handler)(parseNotificationArgs(name, args), ctx);
      return undefined;
    });
  }
  return validationError(`Unknown call: ${describeName(name)}`);
}

/**
 * Call one handler whose arguments were checked against the contract already (core on its own
 * thread: the UI thread parsed them before posting the call); never throws.
 */
export async function dispatchCheckedCall(
  core: Pick<ContractCore, 'handlers'>,
  name: string,
  args: unknown,
  ctx?: CallContext,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) return validationError(`Unknown call: ${describeName(name)}`);
  return settle(() => (core.handlers[name] as Handler)(args, ctx));
}

/** Deliver one notification; never throws, never answers. What is refused is logged. */
export async function dispatchNotification(
  core: Pick<ContractCore, 'notifications' | 'log'>,
  name: unknown,
  args: unknown,
  ctx?: CallContext,
): Promise<void> {
  if (!isNotificationName(name)) {
    core.log('warn', `Dropped a notification outside the contract: ${describeName(name)}`);
    return;
  }
  await deliver(core, name, () => parseNotificationArgs(name, args), ctx);
}

/** Deliver one notification whose arguments were checked already (see dispatchCheckedCall). */
export async function dispatchCheckedNotification(
  core: Pick<ContractCore, 'notifications' | 'log'>,
  name: string,
  args: unknown,
  ctx?: CallContext,
): Promise<void> {
  if (isNotificationName(name)) await deliver(core, name, () => args, ctx);
}

async function deliver(
  core: Pick<ContractCore, 'notifications' | 'log'>,
  name: NotificationName,
  args: () => unknown,
  ctx: CallContext | undefined,
): Promise<void> {
  try {
    await (core.notifications[name] as Handler)(args(), ctx);
  } catch (err) {
    core.log('warn', `Dropped ${name}: ${toErrorData(err).message}`);
  }
}

/** A handler's result, or what it threw, as an Envelope. */
async function settle(run: () => Promise<unknown>): Promise<Envelope<unknown>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

function describeName(name: unknown): string {
  if (typeof name !== 'string') return typeof name;
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}
