import { afterEach, describe, expect, it } from 'vitest';
import { DeckhandError } from '../../shared/errors';
import type { RawBridge, WsClientMessage } from '../../shared/ipc';
import {
  STREAM_INPUT,
  STREAM_OUTPUT,
  decodeStreamFrame,
  encodeStreamFrame,
} from '../../shared/stream-frame';
import { wrapRawBridge } from '../../renderer/src/bridge/electronBridge';
import { ipcWebSocketUrl } from '../../renderer/src/bridge/getApi';
import {
  createWsBridge,
  HOST_RESTARTED_MESSAGE,
  type WsBridge,
} from '../../renderer/src/bridge/wsBridge';
import { createFakeScheduler, type FakeScheduler } from '../kit/fake-scheduler';

/** A stand-in for the browser's WebSocket: the test plays the server. */
type SentCall = Extract<WsClientMessage, { t: 'call' }>;

class FakeSocket {
  readyState = 0;
  sent: SentCall[] = [];
  binary: Uint8Array[] = [];
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onclose: ((ev?: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  send(data: string | Uint8Array) {
    if (typeof data === 'string') this.sent.push(JSON.parse(data) as SentCall);
    else this.binary.push(data);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  reply(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

let bridge: WsBridge | undefined;
afterEach(() => bridge?.dispose());

function connect(scheduler?: FakeScheduler) {
  const sockets: FakeSocket[] = [];
  bridge = createWsBridge('ws://127.0.0.1:1/ipc?token=t', {
    minDelayMs: 1,
    maxDelayMs: 2,
    ...(scheduler ? { scheduler } : {}),
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s as unknown as WebSocket;
    },
  });
  return { bridge, sockets };
}

describe('WebSocket bridge', () => {
  it('sends stream input as binary frames, a huge paste in pieces, and hands output on', () => {
    const { bridge, sockets } = connect();
    sockets[0]!.open();
    const paste = new Uint8Array(2.5 * 1024 * 1024).map((_, i) => i % 251);
    bridge.api.write('c1abc', paste);
    const frames = sockets[0]!.binary.map((f) => decodeStreamFrame(f)!);
    expect(frames.length).toBe(3);
    expect(frames.every((f) => f.kind === STREAM_INPUT && f.streamId === 'c1abc')).toBe(true);
    const joined = new Uint8Array(frames.reduce((n, f) => n + f.data.byteLength, 0));
    let at = 0;
    for (const f of frames) {
      joined.set(f.data, at);
      at += f.data.byteLength;
    }
    expect(Buffer.from(joined).equals(Buffer.from(paste))).toBe(true);

    const got: Array<[string, number[]]> = [];
    bridge.api.onStream((id, data) => got.push([id, [...data]]));
    const out = encodeStreamFrame(STREAM_OUTPUT, 'c1abc', new Uint8Array([104, 105]));
    sockets[0]!.onmessage?.({ data: out.slice().buffer });
    expect(got).toEqual([['c1abc', [104, 105]]]);
  });

  it('queues calls until open, resolves values and rebuilds errors', async () => {
    const { bridge, sockets } = connect();
    const list = bridge.api.invoke('profiles.list', undefined);
    const info = bridge.api.invoke('session.state', { profileId: 'x' });
    sockets[0]!.open();
    const [a, b] = sockets[0]!.sent;
    expect(a).toMatchObject({ t: 'call', name: 'profiles.list' });
    sockets[0]!.reply({ t: 'result', id: a!.id, envelope: { ok: true, value: [] } });
    sockets[0]!.reply({
      t: 'result',
      id: b!.id,
      envelope: {
        ok: false,
        error: { kind: 'permission', message: 'Permission check failed', status: 403 },
      },
    });
    await expect(list).resolves.toEqual([]);
    const err = await info.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeckhandError);
    expect((err as DeckhandError).kind).toBe('permission');
  });

  it('rejects calls in flight when the socket drops, reports lost, and reconnects', async () => {
    const { bridge, sockets } = connect();
    sockets[0]!.open();
    const pending = bridge.api.invoke('tasks.list', { profileId: 'p' });
    let reconnected = false;
    bridge.link.onReconnect(() => (reconnected = true));
    sockets[0]!.drop();
    const err = await pending.catch((e: unknown) => e);
    expect((err as DeckhandError).kind).toBe('network');
    expect(bridge.link.getState().status).toBe('lost');
    await expect(bridge.api.invoke('profiles.list', undefined)).rejects.toMatchObject({
      kind: 'network',
    });
    await expect.poll(() => sockets.length).toBe(2);
    sockets[1]!.open();
    expect(bridge.link.getState().status).toBe('open');
    expect(reconnected).toBe(true);
  });

  it('backs off before the first open too, and calls made meanwhile wait to be sent', async () => {
    const scheduler = createFakeScheduler(0);
    const sockets: FakeSocket[] = [];
    bridge = createWsBridge('ws://127.0.0.1:1/ipc?token=t', {
      scheduler,
      createSocket: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    let settled = false;
    const list = bridge.api.invoke('profiles.list', undefined);
    void list.then(
      () => (settled = true),
      () => (settled = true),
    );
    // The host is not there: each try waits longer, up to a few seconds.
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      sockets.at(-1)!.drop();
      const { retryAt, status } = bridge.link.getState();
      expect(status).toBe('connecting');
      delays.push(retryAt! - scheduler.now());
      scheduler.advance(retryAt! - scheduler.now());
    }
    // Equal jitter: try n waits between half and all of min(cap, base·2^(n-1)), so the waits grow
    // whatever the random draws (try 3's least is more than try 1's most).
    expect(delays[1]!).toBeGreaterThanOrEqual(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[0]!);
    expect(delays.at(-1)!).toBeGreaterThanOrEqual(2500);
    expect(delays.at(-1)!).toBeLessThanOrEqual(5000);
    await Promise.resolve();
    expect(settled).toBe(false);
    // The call made before the first open is sent then, and answered.
    const socket = sockets.at(-1)!;
    socket.open();
    const sent = socket.sent.find((m) => m.name === 'profiles.list')!;
    socket.reply({ t: 'result', id: sent.id, envelope: { ok: true, value: [] } });
    await expect(list).resolves.toEqual([]);
  });

  it('stops and says the host restarted when the token is refused; unsent calls are "not sent"', async () => {
    const scheduler = createFakeScheduler(0);
    const { bridge, sockets } = connect(scheduler);
    const queued = bridge.api.invoke('profiles.list', undefined);
    sockets[0]!.drop(4401);
    expect(bridge.link.getState().status).toBe('refused');
    await expect(queued).rejects.toMatchObject({
      message: `${HOST_RESTARTED_MESSAGE}; profiles.list was not sent`,
    });
    await expect(bridge.api.invoke('app.info', undefined)).rejects.toMatchObject({
      message: `${HOST_RESTARTED_MESSAGE}; app.info was not sent`,
    });
    // No more tries: the same token can never succeed.
    expect(scheduler.pending).toBe(0);
    scheduler.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('a host that restarts under an open page: in-flight calls may have run, then refused', async () => {
    const { bridge, sockets } = connect();
    sockets[0]!.open();
    const inFlight = bridge.api.invoke('tasks.list', { profileId: 'p' });
    sockets[0]!.drop();
    await expect(inFlight).rejects.toMatchObject({
      message:
        "Connection to Deckhand's backend lost during tasks.list; it may or may not have run",
    });
    expect(bridge.link.getState().status).toBe('lost');
    await expect.poll(() => sockets.length).toBe(2);
    sockets[1]!.drop(4401);
    expect(bridge.link.getState().status).toBe('refused');
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const { bridge, sockets } = connect();
    sockets[0]!.open();
    const seen: unknown[] = [];
    const sub = bridge.api.on('profiles', (p) => seen.push(p));
    sockets[0]!.reply({ t: 'event', name: 'profiles', payload: [] });
    sub.dispose();
    sockets[0]!.reply({ t: 'event', name: 'profiles', payload: [] });
    expect(seen).toHaveLength(1);
  });

  it('takes the token from the page URL', () => {
    expect(ipcWebSocketUrl({ host: '127.0.0.1:4000', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:4000/ipc?token=a%2Bb',
    );
  });
});

describe('Electron bridge', () => {
  it('unwraps envelopes and rebuilds errors', async () => {
    const raw: RawBridge = {
      invoke: async (name) =>
        name === 'app.info'
          ? { ok: true, value: { version: '1', host: 'electron', platform: 'linux' } }
          : { ok: false, error: { kind: 'auth', message: 'authentication failure' } },
      on: () => ({ dispose: () => undefined }),
      notify: () => undefined,
      write: () => undefined,
      onStream: () => ({ dispose: () => undefined }),
    };
    const api = wrapRawBridge(raw);
    await expect(api.invoke('app.info', undefined)).resolves.toMatchObject({ host: 'electron' });
    await expect(api.invoke('profiles.list', undefined)).rejects.toMatchObject({ kind: 'auth' });
  });
});
