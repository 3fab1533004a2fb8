// One test client for the IPC contract, whichever host carries it: `directClient(core)` speaks to
// a core through the same dispatcher the hosts use (electron/host/dispatch.ts), and
// `connectWsClient(host)` speaks the browser host's wire format over its WebSocket. Both invoke
// calls (values, or rebuilt DeckhandErrors), send notifications, hear events and stream bytes,
// and record everything they received, so tests can wait on it.

import WebSocket, { type RawData } from 'ws';
import type { Core } from '../../electron/core';
import { dispatchCall, dispatchNotification } from '../../electron/host/dispatch';
import type { BrowserHost } from '../../electron/serve/host';
import { Emitter, EmitterMap } from '../../shared/emitter';
import { DeckhandError } from '../../shared/errors';
import {
  BROADCAST_EVENT_NAMES,
  CALL_NAMES,
  type CallArgs,
  type CallHandlers,
  type CallName,
  type CallResult,
  type Envelope,
  type EventName,
  type IpcEvents,
  type NotificationArgs,
  type NotificationName,
  type StreamListener,
  type WsServerMessage,
} from '../../shared/ipc';
import type { Disposable } from '../../shared/lifecycle';
import {
  decodeStreamFrame,
  encodeStreamFrame,
  STREAM_INPUT,
  STREAM_OUTPUT,
} from '../../shared/stream-frame';

/** What a call answers, as a host sends it (the WebSocket's result frame carries t and id too). */
export interface CallReply {
  envelope: Envelope<unknown>;
}

export type EventRecord = { t: 'event'; name: EventName; payload: unknown };

export abstract class ContractClient {
  /** Every event received, in order. */
  readonly events: EventRecord[] = [];
  /** Every stream chunk received, in order. */
  readonly chunks: { streamId: string; data: Uint8Array }[] = [];
  protected readonly eventHub = new EmitterMap<IpcEvents>();
  protected readonly streamHub = new Emitter<[string, Uint8Array]>();

  /** The raw answer to a call of any name and arguments (tests send what a bad page could). */
  abstract call(name: string, args?: unknown): Promise<CallReply>;
  /** A notification of any name and arguments; nothing comes back. */
  abstract send(name: string, args: unknown): void;
  abstract write(streamId: string, data: Uint8Array): void;
  abstract dispose(): Promise<void>;

  /** A call of the contract: its value, or the DeckhandError the host sent. */
  invoke<K extends CallName>(
    name: K,
    ...args: CallArgs<K> extends void ? [] : [CallArgs<K>]
  ): Promise<CallResult<K>> {
    return this.value(name, args[0]) as Promise<CallResult<K>>;
  }

  notify<K extends NotificationName>(name: K, args: NotificationArgs<K>): void {
    this.send(name, args);
  }

  on<E extends EventName>(name: E, listener: (payload: IpcEvents[E]) => void): Disposable {
    return this.eventHub.on(name, listener);
  }

  onStream(listener: StreamListener): Disposable {
    return this.streamHub.on(([id, data]) => listener(id, data));
  }

  /** The calls as a CallHandlers map (each through this client), for tests written that way. */
  get handlers(): CallHandlers {
    const entries = CALL_NAMES.map((name) => [name, (args: unknown) => this.value(name, args)]);
    return Object.fromEntries(entries) as CallHandlers;
  }

  private async value(name: string, args: unknown): Promise<unknown> {
    const { envelope } = await this.call(name, args);
    if (envelope.ok) return envelope.value;
    throw DeckhandError.fromData(envelope.error);
  }

  /** The payloads of one event, in order. */
  received<E extends EventName>(name: E): IpcEvents[E][] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as IpcEvents[E]);
  }

  /** A stream's bytes so far, as UTF-8 text. */
  output(streamId: string): string {
    const parts = this.chunks.filter((c) => c.streamId === streamId).map((c) => c.data);
    return Buffer.concat(parts).toString('utf8');
  }

  protected deliverEvent(name: EventName, payload: unknown): void {
    this.events.push({ t: 'event', name, payload });
    this.eventHub.fire(name, payload as IpcEvents[EventName]);
  }

  protected deliverStream(streamId: string, data: Uint8Array): void {
    this.chunks.push({ streamId, data });
    this.streamHub.fire([streamId, data]);
  }
}

/** A window of a core, without a transport: the dispatcher the hosts use, called in-process. */
class DirectClient extends ContractClient {
  private readonly subscriptions: Disposable[];
  private readonly connection;

  constructor(private readonly core: Core) {
    super();
    this.connection = core.connectClient({
      event: (name, payload) => this.deliverEvent(name, payload),
      stream: (streamId, data) => this.deliverStream(streamId, new Uint8Array(data)),
    });
    this.subscriptions = BROADCAST_EVENT_NAMES.map((name) =>
      core.on(name, (payload) => this.deliverEvent(name, payload)),
    );
  }

  get clientId(): string {
    return this.connection.clientId;
  }

  async call(name: string, args?: unknown): Promise<CallReply> {
    return { envelope: await dispatchCall(this.core, name, args, { clientId: this.clientId }) };
  }

  send(name: string, args: unknown): void {
    void dispatchNotification(this.core, name, args, { clientId: this.clientId });
  }

  write(streamId: string, data: Uint8Array): void {
    this.connection.write(streamId, data);
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) await s.dispose();
    this.connection.dispose();
  }
}

const direct = new WeakMap<Core, DirectClient>();

/** A client of this core through the hosts' dispatcher (one per core; disposed with it). */
export function directClient(core: Core): ContractClient & { readonly clientId: string } {
  let client = direct.get(core);
  if (!client) {
    client = new DirectClient(core);
    direct.set(core, client);
  }
  return client;
}

/** `core.handlers`, but through the contract: arguments checked as a host checks them. */
/** Another window of this core, with its own clientId (the caller disposes it). */
export function newDirectClient(core: Core): ContractClient & { readonly clientId: string } {
  return new DirectClient(core);
}

export function viaContract(core: Core): CallHandlers {
  return directClient(core).handlers;
}

type ResultMessage = WsServerMessage & { t: 'result' };

/** A page of the browser host: the contract over its WebSocket, every frame recorded. */
export class WsContractClient extends ContractClient {
  /** Every JSON message received, in order. */
  readonly messages: WsServerMessage[] = [];
  /** Every binary frame received, raw. */
  readonly frames: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      if (isBinary) {
        this.frames.push(buf);
        const frame = decodeStreamFrame(buf);
        if (frame?.kind === STREAM_OUTPUT) this.deliverStream(frame.streamId, frame.data);
      } else {
        const message = JSON.parse(buf.toString('utf8')) as WsServerMessage;
        this.messages.push(message);
        if (message.t === 'event') this.deliverEvent(message.name, message.payload);
      }
      this.wake();
    });
    ws.on('close', () => this.wake());
  }

  /** Wait until a received message matches (fails when the socket closes first). */
  async waitFor<T extends WsServerMessage>(match: (m: WsServerMessage) => m is T): Promise<T>;
  async waitFor(match: (m: WsServerMessage) => boolean): Promise<WsServerMessage>;
  async waitFor(match: (m: WsServerMessage) => boolean): Promise<WsServerMessage> {
    for (;;) {
      const found = this.messages.find(match);
      if (found !== undefined) return found;
      if (this.ws.readyState !== WebSocket.OPEN) throw new Error('socket closed while waiting');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async call(name: string, args?: unknown): Promise<ResultMessage> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ t: 'call', id, name, args }));
    return this.waitFor((m): m is ResultMessage => m.t === 'result' && m.id === id);
  }

  send(name: string, args: unknown): void {
    this.ws.send(JSON.stringify({ t: 'notify', name, args }));
  }

  write(streamId: string, data: Uint8Array): void {
    this.ws.send(encodeStreamFrame(STREAM_INPUT, streamId, data), { binary: true });
  }

  async dispose(): Promise<void> {
    this.ws.terminate();
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Open a page's socket to the browser host (right token, this host's origin) and wait for it. */
export async function connectWsClient(
  host: Pick<BrowserHost, 'port' | 'token'>,
): Promise<WsContractClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`, {
    headers: { Origin: `http://127.0.0.1:${host.port}` },
  });
  const client = new WsContractClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}
