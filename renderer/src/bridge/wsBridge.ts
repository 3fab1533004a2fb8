// The browser host's transport: the IPC contract over one loopback WebSocket (JSON text frames,
// WsClientMessage/WsServerMessage). Reconnects with growing backoff; calls in flight when the
// socket drops reject with a network error, since we cannot know whether they ran, while calls
// never sent wait for the first open or fail as "not sent". A refused token (the host restarted)
// stops it for good. Its timers come from a Scheduler (tests may pass their own).

import { equalJitterBackoffDelay } from '../../../shared/backoff';
import { Emitter, EmitterMap } from '../../../shared/emitter';
import { DeckhandError } from '../../../shared/errors';
import type {
  CallArgs,
  CallName,
  CallResult,
  DeckhandApi,
  EventName,
  IpcEvents,
  NotificationArgs,
  NotificationName,
  WsClientMessage,
  WsServerMessage,
} from '../../../shared/ipc';
import { isEventName, WS_CLOSE_TOKEN_REFUSED, type StreamListener } from '../../../shared/ipc';
import { systemScheduler, type Disposable, type Scheduler } from '../../../shared/lifecycle';
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
  /** Reconnect timers and the clock of `retryAt`. Default systemScheduler. */
  scheduler?: Scheduler;
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
  name: string;
  /** Sent on a socket: once that socket drops, nobody knows whether the call ran. */
  sent: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** What the page tells the user when the host refused its token. */
export const HOST_RESTARTED_MESSAGE =
  "Deckhand's browser host restarted: open the new URL it printed";

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

function refusedError(name: string): DeckhandError {
  return new DeckhandError({
    kind: 'network',
    message: `${HOST_RESTARTED_MESSAGE}; ${name} was not sent`,
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

/** A subscription as the BackendLink interface returns it. */
function asFunction(sub: Disposable): () => void {
  return () => void sub.dispose();
}

export function createWsBridge(url: string, options: WsBridgeOptions = {}): WsBridge {
  const policy = { baseMs: options.minDelayMs ?? 250, capMs: options.maxDelayMs ?? 5000 };
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u));
  const scheduler = options.scheduler ?? systemScheduler;

  let socket: WebSocket | undefined;
  let nextId = 1;
  let disposed = false;
  let everOpened = false;
  let retryTimer: Disposable | undefined;
  let state: BackendLinkState = { status: 'connecting', attempt: 0 };
  const pending = new Map<number, Pending>();
  /** Calls made before the first open wait for it rather than fail. */
  const queued: WsClientMessage[] = [];
  const events = new EmitterMap<IpcEvents>();
  const streams = new Emitter<[string, Uint8Array]>();
  const linkChanged = new Emitter<void>();
  const reconnected = new Emitter<void>();

  function setState(next: BackendLinkState): void {
    state = next;
    linkChanged.fire();
  }

  /** Reject the calls sent on the dropped socket; unsent ones too when `unsent` says why. */
  function rejectAll(
    sentError: (name: string) => DeckhandError,
    unsent?: (name: string) => DeckhandError,
  ): void {
    for (const [id, p] of pending) {
      if (!p.sent && !unsent) continue;
      pending.delete(id);
      p.reject(p.sent ? sentError(p.name) : unsent!(p.name));
    }
    if (unsent) queued.length = 0;
  }

  function connect(): void {
    retryTimer = undefined;
    if (disposed) return;
    const ws = createSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      const wasLost = everOpened;
      everOpened = true;
      setState({ status: 'open', attempt: 0 });
      for (const message of queued.splice(0)) {
        if (message.t === 'call') {
          const p = pending.get(message.id);
          if (!p) continue;
          p.sent = true;
        }
        ws.send(JSON.stringify(message));
      }
      if (wasLost) reconnected.fire();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (ev.data instanceof ArrayBuffer) {
        const frame = decodeStreamFrame(new Uint8Array(ev.data));
        if (frame?.kind === STREAM_OUTPUT) streams.fire([frame.streamId, frame.data]);
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
        events.fire(msg.name, msg.payload as IpcEvents[EventName]);
      }
    };
    ws.onclose = (ev?: CloseEvent) => {
      if (socket !== ws) return;
      socket = undefined;
      if (ev?.code === WS_CLOSE_TOKEN_REFUSED) {
        // The host restarted with a new token: no retry can succeed, so stop and say so.
        rejectAll(lostError, refusedError);
        setState({ status: 'refused', attempt: 0 });
        return;
      }
      rejectAll(lostError);
      if (disposed) return;
      // Each failed try waits longer, whether the link was open before or not.
      const attempt = state.status === 'open' ? 1 : state.attempt + 1;
      const delay = equalJitterBackoffDelay(attempt - 1, policy);
      const retryAt = scheduler.now() + delay;
      // Before the first open, waiting calls keep waiting; afterwards the UI shows the banner.
      setState(
        everOpened
          ? { status: 'lost', attempt, retryAt }
          : { status: 'connecting', attempt, retryAt },
      );
      retryTimer = scheduler.setTimeout(connect, delay, { label: 'backend reconnect' });
    };
    ws.onerror = () => {
      // The close event follows and does the work.
    };
  }

  const isOpen = (): boolean => socket !== undefined && socket.readyState === WS_OPEN;

  const api: DeckhandApi = {
    invoke<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      return new Promise<CallResult<K>>((resolve, reject) => {
        if (disposed) return reject(notConnectedError(name));
        if (state.status === 'refused') return reject(refusedError(name));
        const id = nextId++;
        const message: WsClientMessage = { t: 'call', id, name, args: args ?? null };
        const entry = { name, sent: false, resolve: resolve as (v: unknown) => void, reject };
        if (isOpen()) {
          entry.sent = true;
          pending.set(id, entry);
          socket?.send(JSON.stringify(message));
        } else if (!everOpened) {
          pending.set(id, entry);
          queued.push(message);
        } else {
          reject(notConnectedError(name));
        }
      });
    },
    on<E extends EventName>(name: E, listener: (payload: IpcEvents[E]) => void): Disposable {
      return events.on(name, listener);
    },
    notify<K extends NotificationName>(name: K, args: NotificationArgs<K>): void {
      // Fire and forget: while the backend is away there is nothing to tell.
      if (!isOpen()) return;
      socket?.send(JSON.stringify({ t: 'notify', name, args } satisfies WsClientMessage));
    },
    write(streamId: string, data: Uint8Array): void {
      // Input while the backend is away is dropped: replaying keystrokes later would surprise.
      if (!socket || !isOpen()) return;
      // The host takes frames up to 4 MiB; a huge paste crosses in pieces (main re-frames input,
      // and the shell reads a byte stream, so the cuts need no care for characters).
      let at = 0;
      do {
        const piece = data.subarray(at, at + MAX_WRITE_BYTES);
        socket.send(encodeStreamFrame(STREAM_INPUT, streamId, piece));
        at += MAX_WRITE_BYTES;
      } while (at < data.byteLength);
    },
    onStream(listener: StreamListener): Disposable {
      return streams.on(([id, data]) => listener(id, data));
    },
  };

  const link: BackendLink = {
    getState: () => state,
    subscribe: (listener) => asFunction(linkChanged.on(listener)),
    onReconnect: (listener) => asFunction(reconnected.on(listener)),
  };

  connect();

  return {
    api,
    link,
    dispose() {
      disposed = true;
      void retryTimer?.dispose();
      socket?.close();
      rejectAll(lostError, notConnectedError);
      for (const e of [events, streams, linkChanged, reconnected]) e.dispose();
    },
  };
}
