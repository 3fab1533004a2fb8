// Wraps the preload's RawBridge: envelopes become values or rebuilt DeckhandErrors.

import { DeckhandError } from '../../../shared/errors';
import type { CallArgs, CallName, CallResult, DeckhandApi, RawBridge } from '../../../shared/ipc';

export function wrapRawBridge(raw: RawBridge): DeckhandApi {
  return {
    async invoke<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      let envelope;
      try {
        envelope = await raw.invoke(name, args);
      } catch (err) {
        throw new DeckhandError(
          { kind: 'internal', message: `IPC call ${name} failed: ${String(err)}` },
          { cause: err },
        );
      }
      if (envelope.ok) return envelope.value as CallResult<K>;
      throw DeckhandError.fromData(envelope.error);
    },
    on(name, listener) {
      return raw.on(name, (payload) => listener(payload as Parameters<typeof listener>[0]));
    },
    notify(name, args) {
      raw.notify(name, args);
    },
    write(streamId, data) {
      raw.write(streamId, data);
    },
    onStream(listener) {
      return raw.onStream(listener);
    },
  };
}
