// Three ways to hold the same kind of terminal for the console bench: a node shell of the demo
// cluster reached (1) directly, with a raw termproxy websocket client of our own (spec §7: ticket
// login, POST termproxy, vncwebsocket, the auth line, `OK`, `0:<len>:<data>` input); (2) through
// core's relay in this process, as the Electron main process runs it, with a window sink that
// acknowledges like the renderer does (renderer/src/features/console/ackBatcher.ts); (3) through
// the browser host's loopback WebSocket, with a `ws` client speaking the host's wire format.

import https from 'node:https';
import WebSocket, { type RawData } from 'ws';
import type { Core } from '../../electron/core';
import type { ClientConnection } from '../../electron/core/rpc/consoles';
import type { BrowserHost } from '../../electron/serve/host';
import { AckBatcher } from '../../renderer/src/features/console/ackBatcher';
import type { WsClientMessage, WsServerMessage } from '../../shared/ipc';
import type { ConsoleInfo, ConsoleTarget } from '../../shared/model';
import {
  decodeStreamFrame,
  encodeStreamFrame,
  STREAM_INPUT,
  STREAM_OUTPUT,
} from '../../shared/stream-frame';
import type { DemoInfo } from './demo-process';

/** One open terminal, whichever way it is reached. */
export interface BenchTerminal {
  readonly name: string;
  /** Keystrokes or a typed command, as the user's input. */
  type(text: string): void;
  /**
   * Receives every output chunk as the client gets it; replaced by each measurement. Until then
   * it keeps the start of the output (banner and prompt) for `startup()`.
   */
  onOutput: (chunk: Buffer) => void;
  /** The output that came before the first measurement replaced `onOutput` (last 4 KiB). */
  startup(): string;
  close(): Promise<void>;
}

/** The first `onOutput` of a terminal: keeps what the shell printed before anyone listened. */
function startupRecorder(): Pick<BenchTerminal, 'onOutput' | 'startup'> {
  let text = '';
  return {
    onOutput: (chunk) => {
      text = (text + chunk.toString('latin1')).slice(-4096);
    },
    startup: () => text,
  };
}

const OPEN_TIMEOUT_MS = 15_000;

function withTimeout<T>(what: string, p: Promise<T>, ms = OPEN_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function rawToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

function waitClosed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return withTimeout(
    'websocket close',
    new Promise<void>((resolve) => ws.once('close', () => resolve())),
    5_000,
  ).catch(() => ws.terminate());
}

// ---- (1) direct termproxy client ----

interface PveReply<T> {
  data: T;
}

function postForm<T>(
  info: DemoInfo,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<T> {
  const body = new URLSearchParams(form).toString();
  const url = new URL(`/api2/json${path}`, info.url);
  return new Promise<T>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: info.certificatePem,
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`POST ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
            return;
          }
          resolve((JSON.parse(text) as PveReply<T>).data);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A node shell over a termproxy websocket we speak ourselves: no core, no batching. */
export async function openDirectTerminal(info: DemoInfo): Promise<BenchTerminal> {
  const login = await postForm<{ ticket: string; CSRFPreventionToken: string }>(
    info,
    '/access/ticket',
    { username: info.username, password: info.password },
  );
  const cookie = `PVEAuthCookie=${encodeURIComponent(login.ticket)}`;
  const proxy = await postForm<{ user: string; ticket: string; port: number | string }>(
    info,
    `/nodes/${info.localNode}/termproxy`,
    {},
    { cookie, csrfpreventiontoken: login.CSRFPreventionToken },
  );
  const query = new URLSearchParams({ port: String(proxy.port), vncticket: proxy.ticket });
  const wsUrl = `${info.url.replace(/^https:/, 'wss:')}/api2/json/nodes/${info.localNode}/vncwebsocket?${query.toString()}`;
  const ws = new WebSocket(wsUrl, 'binary', {
    ca: info.certificatePem,
    headers: { cookie },
    perMessageDeflate: false,
  });

  const term: BenchTerminal = {
    name: 'direct socket',
    type: (text) => {
      const data = Buffer.from(text, 'utf8');
      ws.send(Buffer.concat([Buffer.from(`0:${String(data.length)}:`, 'ascii'), data]));
    },
    ...startupRecorder(),
    async close() {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      await waitClosed(ws);
    },
  };

  let seen = Buffer.alloc(0);
  let ready = false;
  const ok = new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(`${proxy.user}:${proxy.ticket}\n`));
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`termproxy closed before OK (${code})`)));
    ws.on('message', (data: RawData) => {
      const chunk = rawToBuffer(data);
      if (ready) {
        term.onOutput(chunk);
        return;
      }
      seen = Buffer.concat([seen, chunk]);
      if (seen.length < 2) return;
      if (seen.subarray(0, 2).toString('latin1') !== 'OK') {
        reject(new Error(`termproxy answered ${JSON.stringify(seen.subarray(0, 20).toString())}`));
        return;
      }
      ready = true;
      resolve();
      if (seen.length > 2) term.onOutput(seen.subarray(2));
    });
  });
  try {
    await withTimeout('termproxy OK', ok);
  } catch (err) {
    ws.terminate();
    throw err;
  }
  ws.on('error', () => undefined);
  return term;
}

// ---- shared by the relayed terminals: console state as events ----

class ConsoleStates {
  private last: ConsoleInfo | undefined;
  private waiters: Array<() => void> = [];

  update(info: ConsoleInfo): void {
    this.last = info;
    for (const wake of this.waiters.splice(0)) wake();
  }

  async connected(): Promise<void> {
    await withTimeout(
      'console connected',
      (async () => {
        for (;;) {
          if (this.last?.status === 'connected') return;
          if (this.last?.status === 'disconnected' || this.last?.status === 'closed') {
            throw new Error(`console ${this.last.status}: ${this.last.reason ?? ''}`);
          }
          await new Promise<void>((resolve) => this.waiters.push(resolve));
        }
      })(),
    );
  }
}

// ---- (2) core's relay, in this process ----

/** A node shell through core, as the Electron main process relays it to a window. */
export async function openCoreTerminal(core: Core, target: ConsoleTarget): Promise<BenchTerminal> {
  const states = new ConsoleStates();
  let consoleId = '';
  let acks: AckBatcher | undefined;
  // Bytes may come before console.open has returned the id: they are the shell's, as the id says.
  const connection: ClientConnection = core.connectClient({
    event: (name, payload) => {
      if (name === 'console') states.update(payload as ConsoleInfo);
    },
    stream: (_id, data) => {
      term.onOutput(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      acks?.add(data.byteLength);
    },
  });
  const ctx = { clientId: connection.clientId };
  const term: BenchTerminal = {
    name: 'core relay',
    type: (text) => connection.write(consoleId, Buffer.from(text, 'utf8')),
    ...startupRecorder(),
    async close() {
      acks?.dispose();
      await core.handlers['console.close']({ consoleId }, ctx).catch(() => undefined);
      connection.dispose();
    },
  };
  try {
    const opened = await core.handlers['console.open'](target, ctx);
    consoleId = opened.consoleId;
    acks = new AckBatcher((bytes) => {
      core.notifications['console.ack']({ consoleId, bytes }, ctx).catch(() => undefined);
    });
    await states.connected();
  } catch (err) {
    await term.close();
    throw err;
  }
  return term;
}

// ---- (3) the browser host's loopback WebSocket ----

/** A node shell through the browser host, as a page (tab) of it would hold one. */
export async function openHostTerminal(
  host: BrowserHost,
  target: ConsoleTarget,
): Promise<BenchTerminal> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`, {
    headers: { Origin: `http://127.0.0.1:${host.port}` },
    perMessageDeflate: false,
  });
  const states = new ConsoleStates();
  const results = new Map<number, (m: WsServerMessage & { t: 'result' }) => void>();
  let nextId = 1;
  let consoleId = '';

  const call = (name: string, args: unknown): Promise<unknown> => {
    const id = nextId++;
    ws.send(JSON.stringify({ t: 'call', id, name, args }));
    return new Promise((resolve, reject) => {
      results.set(id, (m) => {
        results.delete(id);
        if (m.envelope.ok) resolve(m.envelope.value);
        else reject(new Error(`${name}: ${m.envelope.error.message}`));
      });
    });
  };
  // Acks go out as notifications (no result), as the page sends them.
  const acks = new AckBatcher((bytes) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const message: WsClientMessage = {
      t: 'notify',
      name: 'console.ack',
      args: { consoleId, bytes },
    };
    ws.send(JSON.stringify(message));
  });

  const term: BenchTerminal = {
    name: 'browser host',
    type: (text) => {
      ws.send(encodeStreamFrame(STREAM_INPUT, consoleId, Buffer.from(text, 'utf8')));
    },
    ...startupRecorder(),
    async close() {
      acks.dispose();
      if (ws.readyState === WebSocket.OPEN) {
        await withTimeout('console.close', call('console.close', { consoleId }), 5_000).catch(
          () => undefined,
        );
        ws.close(1000);
      }
      await waitClosed(ws);
    },
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const buf = rawToBuffer(data);
    if (isBinary) {
      const frame = decodeStreamFrame(buf);
      if (frame?.kind !== STREAM_OUTPUT) return;
      term.onOutput(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength));
      acks.add(frame.data.byteLength);
      return;
    }
    const m = JSON.parse(buf.toString('utf8')) as WsServerMessage;
    if (m.t === 'result') results.get(m.id)?.(m);
    else if (m.name === 'console') states.update(m.payload as ConsoleInfo);
  });

  try {
    await withTimeout(
      'host socket open',
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
    );
    ws.on('error', () => undefined);
    const opened = (await call('console.open', target)) as ConsoleInfo;
    consoleId = opened.consoleId;
    await states.connected();
  } catch (err) {
    acks.dispose();
    ws.terminate();
    throw err;
  }
  return term;
}
