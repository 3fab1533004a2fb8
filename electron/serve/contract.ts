// What a host needs from core to bind the IPC contract, and the one dispatch both hosts share:
// name checked against the contract, handler called, result or error wrapped as an Envelope.

import type { ClientConnection, ClientSink } from '../core/rpc/consoles';
import {
  isCallName,
  type CallContext,
  type CallHandlers,
  type Envelope,
  type EventName,
  type IpcEvents,
} from '../../shared/ipc';
import { toErrorData } from '../../shared/errors';

export interface ContractCore {
  readonly handlers: CallHandlers;
  on<E extends EventName>(name: E, listener: (payload: IpcEvents[E]) => void): () => void;
  connectClient(sink: ClientSink): ClientConnection;
}

export type { ClientConnection, ClientSink };

export function validationError(message: string): Envelope<never> {
  return { ok: false, error: { kind: 'validation', message } };
}

/** Call one contract handler by name; never throws. */
export async function dispatchCall(
  handlers: CallHandlers,
  name: unknown,
  args: unknown,
  ctx?: CallContext,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return validationError(`Unknown call: ${describeName(name)}`);
  }
  // The name is in the contract; the handler validates its own arguments.
  const handler = handlers[name] as (args: unknown, ctx?: CallContext) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(args, ctx) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

function describeName(name: unknown): string {
  if (typeof name !== 'string') return typeof name;
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}
