// The browser host's transport: the IPC contract over one loopback WebSocket (JSON text frames,
// WsClientMessage/WsServerMessage). Reconnects with backoff; calls in flight when the socket
// drops reject with a network error, since we cannot know whether they ran.

import { DeckhandError } from '../../../shared/errors';
import type {
  CallArgs,
  CallName,
  CallResult,
  DeckhandApi,
  EventName,
  IpcEvents,
  WsClientMessage,
  WsServerMessage,
} from '../../../shared/ipc';
import { isEventName, type StreamListener } from '../../../shared/ipc';
import {
  decodeStreamFrame,
  encodeStreamFrame,
  STREAM_INPUT,
  STREAM_OUTPUT,
} from '../../../shared/stream-frame';
import type { BackendLink, BackendLinkState } from './backendLink';

export interface WsBridgeOptions {
  /** Backoff for reconnects: first delay and cap, in ms. */
  minDelayMs?: number;
  maxDelayMs?: number;
  createSocket?: (url: string) => WebSocket;
}

export interface WsBridge {
  api: DeckhandApi;
  link: BackendLink;
  dispose(): void;
}

const WS_OPEN = 1;
/** Stream input per frame, well under the host's 4 MiB frame limit. */
const MAX_WRITE_BYTES = 1024 * 1024;

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

function lostError(name: string): DeckhandError {
  return new DeckhandError({
    kind: 'network',
    message: `Connection to Deckhand's backend lost during ${name}; it may or may not have run`,
  });
}

function notConnectedError(name: string): DeckhandError {
  return new DeckhandError({
    kind: 'network',
    message: `Deckhand's backend is not connected; ${name} was not sent`,
  });
}

function parseServerMessage(data: unknown): WsServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as Record<string, unknown>;
  if (m.t === 'result' && typeof m.id === 'number' && typeof m.envelope === 'object' && m.envelope)
    return msg as WsServerMessage;
  if (m.t === 'event' && isEventName(m.name)) return msg as WsServerMessage;
  return undefined;
}

export function createWsBridge(url: string, options: WsBridgeOptions = {}): WsBridge {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u));

  let socket: WebSocket | undefined;
  let nextId = 1;
  let disposed = false;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let state: BackendLinkState = { status: 'connecting', attempt: 0 };
  const pending = new Map<number, Pending & { name: string }>();
  /** Calls made before the first open wait for it rather than fail. */
  const queued: { message: WsClientMessage; name: string }[] = [];
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();
  const streamListeners = new Set<StreamListener>();

  function setState(next: BackendLinkState): void {
    state = next;
    for (const l of [...linkListeners]) l();
  }

  function connect(): void {
    if (disposed) return;
    const ws = createSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      const wasLost = everOpened;
      everOpened = true;
      setState({ status: 'open', attempt: 0 });
      for (const q of queued.splice(0)) ws.send(JSON.stringify(q.message));
      if (wasLost) for (const l of [...reconnectListeners]) l();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (ev.data instanceof ArrayBuffer) {
        const frame = decodeStreamFrame(new Uint8Array(ev.data));
        if (!frame || frame.kind !== STREAM_OUTPUT) return;
        for (const l of [...streamListeners]) l(frame.streamId, frame.data);
        return;
      }
      const msg = parseServerMessage(ev.data);
      if (!msg) return;
      if (msg.t === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.envelope.ok) p.resolve(msg.envelope.value);
        else p.reject(DeckhandError.fromData(msg.envelope.error));
      } else {
        for (const l of [...(eventListeners.get(msg.name) ?? [])]) l(msg.payload);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(lostError(p.name));
      }
      if (disposed) return;
      const attempt = state.status === 'lost' ? state.attempt + 1 : 1;
      const base = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
      const delay = base / 2 + Math.random() * (base / 2);
      // Before the first open, waiting calls keep waiting; afterwards the UI shows the banner.
      setState(
        everOpened
          ? { status: 'lost', attempt, retryAt: Date.now() + delay }
          : { status: 'connecting', attempt, retryAt: Date.now() + delay },
      );
      retryTimer = setTimeout(connect, delay);
    };
    ws.onerror = () => {
      // The close event follows and does the work.
    };
  }

  const api: DeckhandApi = {
    invoke<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      return new Promise<CallResult<K>>((resolve, reject) => {
        if (disposed) return reject(notConnectedError(name));
        const id = nextId++;
        const message: WsClientMessage = { t: 'call', id, name, args: args ?? null };
        if (socket && socket.readyState === WS_OPEN) {
          pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
          socket.send(JSON.stringify(message));
        } else if (!everOpened) {
          pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
          queued.push({ message, name });
        } else {
          reject(notConnectedError(name));
        }
      });
    },
    on<E extends EventName>(name: E, listener: (payload: IpcEvents[E]) => void): () => void {
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      const wrapped = (payload: unknown) => listener(payload as IpcEvents[E]);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    write(streamId: string, data: Uint8Array): void {
      // Input while the backend is away is dropped: replaying keystrokes later would surprise.
      if (!socket || socket.readyState !== WS_OPEN) return;
      // The host takes frames up to 4 MiB; a huge paste crosses in pieces (main re-frames input,
      // and the shell reads a byte stream, so the cuts need no care for characters).
      let at = 0;
      do {
        const piece = data.subarray(at, at + MAX_WRITE_BYTES);
        socket.send(encodeStreamFrame(STREAM_INPUT, streamId, piece));
        at += MAX_WRITE_BYTES;
      } while (at < data.byteLength);
    },
    onStream(listener: StreamListener): () => void {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
  };

  const link: BackendLink = {
    getState: () => state,
    subscribe(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
  };

  connect();

  return {
    api,
    link,
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(notConnectedError(p.name));
      }
    },
  };
}
