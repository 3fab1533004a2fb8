// One page (tab) of the browser host: its WebSocket bound to core as one client. Text frames
// carry calls and notifications (JSON, WsClientMessage), binary frames carry stream input; the
// page's own events and stream bytes go back on the same socket. Everything the socket started
// is owned by its DisposableStore, disposed when the socket goes.

import { WebSocket, type RawData } from 'ws';
import type { WsClientMessage, WsServerMessage } from '../../shared/ipc';
import { DisposableStore } from '../../shared/lifecycle';
import {
  decodeStreamFrame,
  encodeStreamFrame,
  STREAM_INPUT,
  STREAM_OUTPUT,
} from '../../shared/stream-frame';
import {
  dispatchCall,
  dispatchNotification,
  validationError,
  type ClientConnection,
  type ContractCore,
} from '../host/dispatch';

/** A client that stops reading is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Reply id for frames too malformed to carry their own id. */
const UNKNOWN_ID = -1;

/** Bind one accepted socket; the returned store is disposed when the socket closes. */
export function bindSocket(core: ContractCore, ws: WebSocket): DisposableStore {
  const store = new DisposableStore('browser host socket');
  // Each page is one client: console events and bytes go to it alone, and what it owned is
  // closed when its socket goes.
  const client = store.add(
    core.connectClient({
      event: (name, payload) => send(ws, { t: 'event', name, payload }),
      stream: (streamId, data) => sendFrame(ws, encodeStreamFrame(STREAM_OUTPUT, streamId, data)),
    }),
  );
  store.defer(() => ws.terminate());
  ws.on('close', () => void store.dispose());
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    void handleFrame(core, client, ws, data, isBinary);
  });
  return store;
}

async function handleFrame(
  core: ContractCore,
  client: ClientConnection,
  ws: WebSocket,
  data: RawData,
  isBinary: boolean,
): Promise<void> {
  if (isBinary) {
    const frame = decodeStreamFrame(rawToBuffer(data));
    if (frame?.kind === STREAM_INPUT) client.write(frame.streamId, frame.data);
    return;
  }
  const parsed = parseClientMessage(rawToBuffer(data).toString('utf8'));
  if (!parsed.ok) {
    send(ws, {
      t: 'result',
      id: parsed.id ?? UNKNOWN_ID,
      envelope: validationError(parsed.message),
    });
    return;
  }
  const ctx = { clientId: client.clientId };
  const message = parsed.message;
  if (message.t === 'notify') {
    await dispatchNotification(core, message.name, message.args, ctx);
    return;
  }
  const envelope = await dispatchCall(core, message.name, message.args, ctx);
  send(ws, { t: 'result', id: message.id, envelope });
}

type Parsed =
  { ok: true; message: WsClientMessage } | { ok: false; id: number | undefined; message: string };

function parseClientMessage(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: undefined, message: 'Malformed frame: not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: undefined, message: 'Malformed frame: expected an object' };
  }
  const frame = value as Record<string, unknown>;
  const id = Number.isSafeInteger(frame.id) ? (frame.id as number) : undefined;
  if (frame.t === 'notify' && typeof frame.name === 'string') {
    return { ok: true, message: { t: 'notify', name: frame.name, args: frame.args } };
  }
  if (frame.t !== 'call') {
    return { ok: false, id, message: 'Malformed frame: unknown message type' };
  }
  if (id === undefined) return { ok: false, id, message: 'Malformed frame: missing integer id' };
  if (typeof frame.name !== 'string') {
    return { ok: false, id, message: 'Malformed frame: missing call name' };
  }
  return { ok: true, message: { t: 'call', id, name: frame.name, args: frame.args } };
}

function rawToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

export function send(ws: WebSocket, message: WsServerMessage): void {
  let frame: string;
  try {
    frame = JSON.stringify(message);
  } catch (err) {
    // A result that cannot cross as JSON is a core bug; the caller still gets an answer.
    if (message.t !== 'result') return;
    const error = { kind: 'internal', message: `Result could not be sent: ${String(err)}` };
    frame = JSON.stringify({ t: 'result', id: message.id, envelope: { ok: false, error } });
  }
  sendFrame(ws, frame);
}

export function sendFrame(ws: WebSocket, frame: string | Uint8Array): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(frame);
}
