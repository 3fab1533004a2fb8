// Exposes exactly the IPC contract to the sandboxed renderer as `window.deckhand` (a RawBridge),
// and nothing else: no ipcRenderer, no event objects, no names outside the contract.

import { contextBridge, ipcRenderer } from 'electron';
import {
  isCallName,
  isEventName,
  isNotificationName,
  STREAM_ID_RE,
  type Envelope,
  type RawBridge,
  type StreamListener,
} from '../../shared/ipc';
import { toDisposable, type Disposable } from '../../shared/lifecycle';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  NOTIFY_CHANNEL,
  STREAM_CHANNEL,
  WRITE_CHANNEL,
} from '../host/channels';

type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events; the renderer's listeners never see the IpcRendererEvent.
ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`deckhand: a listener for "${name}" failed`, err);
    }
  }
});

const streamListeners = new Set<StreamListener>();

ipcRenderer.on(STREAM_CHANNEL, (_event, streamId: unknown, data: unknown) => {
  if (typeof streamId !== 'string' || !(data instanceof Uint8Array)) return;
  for (const listener of [...streamListeners]) {
    try {
      listener(streamId, data);
    } catch (err) {
      console.error('deckhand: a stream listener failed', err);
    }
  }
});

const bridge: RawBridge = {
  invoke(name: string, args: unknown): Promise<Envelope<unknown>> {
    if (!isCallName(name)) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'validation', message: `Unknown call: ${String(name)}` },
      });
    }
    return ipcRenderer.invoke(CALL_CHANNEL, name, args) as Promise<Envelope<unknown>>;
  },
  on(name: string, listener: Listener): Disposable {
    if (!isEventName(name)) throw new TypeError(`Unknown event: ${String(name)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(name);
    if (set === undefined) {
      set = new Set();
      listeners.set(name, set);
    }
    // Wrapped, so the same function subscribed twice is two subscriptions.
    const entry: Listener = (payload) => listener(payload);
    set.add(entry);
    return toDisposable(() => {
      listeners.get(name)?.delete(entry);
    });
  },
  notify(name: string, args: unknown): void {
    // Fire and forget: a name outside the contract is dropped here, bad arguments in main.
    if (!isNotificationName(name)) return;
    ipcRenderer.send(NOTIFY_CHANNEL, name, args);
  },
  write(streamId: string, data: Uint8Array): void {
    if (typeof streamId !== 'string' || !STREAM_ID_RE.test(streamId)) return;
    if (!(data instanceof Uint8Array)) return;
    ipcRenderer.send(WRITE_CHANNEL, streamId, data);
  },
  onStream(listener: StreamListener): Disposable {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const entry: StreamListener = (streamId, data) => listener(streamId, data);
    streamListeners.add(entry);
    return toDisposable(() => {
      streamListeners.delete(entry);
    });
  },
};

contextBridge.exposeInMainWorld('deckhand', bridge);
