// Consoles through the browser host, as a page of it holds them: a real core, the demo cluster's
// real shells, and raw WebSocket clients speaking the host's wire format (JSON text frames for
// calls, results and events; binary frames for console bytes, shared/stream-frame.ts). A console
// belongs to the page that opened it: no other page sees its state or bytes or may type into it,
// and it closes when its page's socket goes.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { type RawData } from 'ws';
import { createCore, MemorySecretStore, MemorySettingsStore, type Core } from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import type { Envelope, WsServerMessage } from '../../shared/ipc';
import type { ConsoleInfo, ProfileInfo } from '../../shared/model';
import {
  decodeStreamFrame,
  encodeStreamFrame,
  STREAM_INPUT,
  STREAM_OUTPUT,
} from '../../shared/stream-frame';
import { DEMO_OPTIONS, waitFor } from './helpers';

let fixtureRoot: string;
let staticDir: string;

beforeAll(async () => {
  fixtureRoot = await mkdtemp(path.join(tmpdir(), 'deckhand-serve-consoles-'));
  staticDir = path.join(fixtureRoot, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Deckhand</title>');
});

afterAll(async () => {
  await rm(fixtureRoot, { recursive: true, force: true });
});

let demo: DemoCluster;
let core: Core;
let host: BrowserHost;
const pages: Page[] = [];

beforeEach(async () => {
  demo = await startDemoCluster(DEMO_OPTIONS);
  core = await createCore({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    host: 'browser',
    appVersion: '0.0.0-test',
    startDemo: async () => demo,
    refreshIntervalMs: 250,
    taskPollMs: 50,
  });
  host = await startBrowserHost({ core, staticDir });
});

afterEach(async () => {
  for (const page of pages.splice(0)) page.ws.terminate();
  await host.close();
  await core.dispose();
  await demo.close();
});

type Result = WsServerMessage & { t: 'result' };
type Event = WsServerMessage & { t: 'event' };

/** One page of the host: its socket, every JSON message and every binary frame it received. */
class Page {
  readonly json: WsServerMessage[] = [];
  readonly frames: Buffer[] = [];
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      if (isBinary) this.frames.push(buf);
      else this.json.push(JSON.parse(buf.toString('utf8')) as WsServerMessage);
    });
  }

  async call<T>(name: string, args?: unknown): Promise<Envelope<T>> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ t: 'call', id, name, args }));
    const result = await waitFor(`result of ${name}`, () =>
      this.json.find((m): m is Result => m.t === 'result' && m.id === id),
    );
    return result.envelope as Envelope<T>;
  }

  async value<T>(name: string, args?: unknown): Promise<T> {
    const envelope = await this.call<T>(name, args);
    if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
    return envelope.value;
  }

  consoleEvents(): ConsoleInfo[] {
    return this.json
      .filter((m): m is Event => m.t === 'event' && m.name === 'console')
      .map((m) => m.payload as ConsoleInfo);
  }

  async status(consoleId: string, status: ConsoleInfo['status']): Promise<ConsoleInfo> {
    return waitFor(`console ${status}`, () => {
      const last = this.consoleEvents()
        .filter((e) => e.consoleId === consoleId)
        .at(-1);
      return last?.status === status ? last : undefined;
    });
  }

  /** The console's output: the data of every binary output frame for it, in order. */
  output(consoleId: string): string {
    const parts: Uint8Array[] = [];
    for (const f of this.frames) {
      const frame = decodeStreamFrame(f);
      if (frame?.kind === STREAM_OUTPUT && frame.streamId === consoleId) parts.push(frame.data);
    }
    return Buffer.concat(parts).toString('utf8');
  }

  type(consoleId: string, text: string): void {
    this.ws.send(encodeStreamFrame(STREAM_INPUT, consoleId, Buffer.from(text, 'utf8')), {
      binary: true,
    });
  }

  async read(consoleId: string, pattern: RegExp): Promise<RegExpExecArray> {
    return waitFor(
      `output ${String(pattern)}`,
      () => pattern.exec(this.output(consoleId)) ?? undefined,
    );
  }
}

async function openPage(): Promise<Page> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`, {
    headers: { Origin: `http://127.0.0.1:${host.port}` },
  });
  const page = new Page(ws);
  pages.push(page);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return page;
}

/** A page opens the demo node's shell and waits for its prompt. */
async function openShell(page: Page): Promise<string> {
  const profile = await page.value<ProfileInfo>('profiles.addDemo');
  const opened = await page.value<ConsoleInfo>('console.open', {
    profileId: profile.id,
    node: demo.localNode,
    kind: 'shell',
  });
  expect(opened).toMatchObject({ status: 'connecting', protocol: 'terminal' });
  await page.status(opened.consoleId, 'connected');
  await page.read(opened.consoleId, new RegExp(`root@${demo.localNode}:`));
  return opened.consoleId;
}

describe('browser host: consoles', () => {
  it('carries a node shell: state as JSON events, output and typing as binary frames', async () => {
    const page = await openPage();
    const id = await openShell(page);
    expect(page.consoleEvents().map((e) => e.status)).toEqual(['connecting', 'connected']);

    page.type(id, 'echo deckhand-$((6*7))\r');
    await page.read(id, /\rdeckhand-42\r\n/);

    // Every byte of output came in binary frames for this console; none in the JSON messages.
    expect(page.frames.length).toBeGreaterThan(0);
    for (const f of page.frames) {
      expect(decodeStreamFrame(f)).toMatchObject({ kind: STREAM_OUTPUT, streamId: id });
    }
    expect(JSON.stringify(page.json)).not.toContain('deckhand-42');
    expect(demo.consoleSessions()).toEqual([
      expect.objectContaining({ kind: 'shell', node: demo.localNode, authid: 'root@pam' }),
    ]);
  });

  it('keeps a console to the page that opened it', async () => {
    const owner = await openPage();
    const other = await openPage();
    const id = await openShell(owner);

    // The other page types into it, and asks to close and resize it: all refused or ignored.
    other.type(id, 'echo intruder-$((6*7))\r');
    const closed = await other.call('console.close', { consoleId: id });
    expect(closed).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    const resized = await other.call('console.resize', { consoleId: id, cols: 40, rows: 10 });
    expect(resized).toMatchObject({ ok: false, error: { kind: 'not-found' } });

    // The other page's input frame was handled before its calls were answered; so had it reached
    // the shell, its echo would come before the owner's.
    owner.type(id, 'echo owner-$((6*7))\r');
    await owner.read(id, /owner-42/);
    expect(owner.output(id)).not.toContain('intruder');
    expect(owner.consoleEvents().at(-1)).toMatchObject({ consoleId: id, status: 'connected' });

    // The other page saw neither the console's state nor its bytes.
    expect(other.consoleEvents()).toEqual([]);
    expect(other.frames).toEqual([]);
    const otherEvents = other.json.filter((m) => m.t === 'event');
    expect(JSON.stringify(otherEvents)).not.toContain(id);
  });

  it('closes the console on the server when its page goes', async () => {
    const page = await openPage();
    await openShell(page);
    expect(demo.consoleSessions()).toHaveLength(1);

    page.ws.close();
    await waitFor('demo console session gone', () => demo.consoleSessions().length === 0);
  });

  it('ignores malformed binary frames and keeps the connection', async () => {
    const page = await openPage();
    const id = await openShell(page);
    const idBytes = Buffer.from(id, 'ascii');
    const sneaky = Buffer.from('echo sneaky-$((2*3))\r', 'ascii');
    const malformed: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from([STREAM_INPUT]),
      Buffer.from([STREAM_INPUT, idBytes.length]),
      // Unknown kind, and an output frame sent by the client.
      Buffer.concat([Buffer.from([9, idBytes.length]), idBytes, sneaky]),
      Buffer.concat([Buffer.from([STREAM_OUTPUT, idBytes.length]), idBytes, sneaky]),
      // An id length past the end of the frame, a zero-length id, an id with foreign characters.
      Buffer.concat([Buffer.from([STREAM_INPUT, 200]), idBytes]),
      Buffer.concat([Buffer.from([STREAM_INPUT, 0]), sneaky]),
      Buffer.concat([Buffer.from([STREAM_INPUT, 3]), Buffer.from('../'), sneaky]),
      // Well formed, for a console that does not exist.
      Buffer.concat([Buffer.from([STREAM_INPUT, 4]), Buffer.from('nope'), sneaky]),
    ];
    for (const frame of malformed) page.ws.send(frame, { binary: true });

    // Still connected, still typing, and nothing of the malformed frames reached the shell.
    const info = await page.value<{ host: string }>('app.info');
    expect(info.host).toBe('browser');
    page.type(id, 'echo still-$((6*7))\r');
    await page.read(id, /still-42/);
    expect(page.output(id)).not.toContain('sneaky');
    expect(page.ws.readyState).toBe(WebSocket.OPEN);
    expect(page.consoleEvents().at(-1)).toMatchObject({ consoleId: id, status: 'connected' });
  });
});
