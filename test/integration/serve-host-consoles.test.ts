// Consoles through the browser host, as a page of it holds them: a real core, the demo cluster's
// real shells, and contract clients over the host's WebSocket (JSON text frames for calls,
// results and events; binary frames for console bytes, shared/stream-frame.ts). A console
// belongs to the page that opened it: no other page sees its state or bytes or may type into it,
// and it closes when its page's socket goes.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../electron/core';
import { createTestCore } from '../kit/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import type { ConsoleInfo } from '../../shared/model';
import { decodeStreamFrame, STREAM_INPUT, STREAM_OUTPUT } from '../../shared/stream-frame';
import { connectWsClient, type WsContractClient } from './contract-client';
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
  ({ core } = await createTestCore({ demo }));
  host = await startBrowserHost({ core, staticDir });
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.dispose();
  await host.close();
  await core.dispose();
  await demo.close();
});

type Page = WsContractClient;

/** One page of the host: a contract client over its own socket. */
async function openPage(): Promise<Page> {
  const page = await connectWsClient(host);
  pages.push(page);
  return page;
}

async function status(page: Page, consoleId: string, status: ConsoleInfo['status']) {
  return waitFor(`console ${status}`, () => {
    const last = page
      .received('console')
      .filter((e) => e.consoleId === consoleId)
      .at(-1);
    return last?.status === status ? last : undefined;
  });
}

function type(page: Page, consoleId: string, text: string): void {
  page.write(consoleId, Buffer.from(text, 'utf8'));
}

async function read(page: Page, consoleId: string, pattern: RegExp): Promise<RegExpExecArray> {
  return waitFor(
    `output ${String(pattern)}`,
    () => pattern.exec(page.output(consoleId)) ?? undefined,
  );
}

/** A page opens the demo node's shell and waits for its prompt. */
async function openShell(page: Page): Promise<string> {
  const profile = await page.invoke('profiles.addDemo');
  const opened = await page.invoke('console.open', {
    profileId: profile.id,
    node: demo.localNode,
    kind: 'shell',
  });
  expect(opened).toMatchObject({ status: 'connecting', protocol: 'terminal' });
  await status(page, opened.consoleId, 'connected');
  await read(page, opened.consoleId, new RegExp(`root@${demo.localNode}:`));
  return opened.consoleId;
}

describe('browser host: consoles', () => {
  it('carries a node shell: state as JSON events, output and typing as binary frames', async () => {
    const page = await openPage();
    const id = await openShell(page);
    expect(page.received('console').map((e) => e.status)).toEqual(['connecting', 'connected']);

    type(page, id, 'echo deckhand-$((6*7))\r');
    await read(page, id, /\rdeckhand-42\r\n/);

    // Every byte of output came in binary frames for this console; none in the JSON messages.
    expect(page.frames.length).toBeGreaterThan(0);
    for (const f of page.frames) {
      expect(decodeStreamFrame(f)).toMatchObject({ kind: STREAM_OUTPUT, streamId: id });
    }
    expect(JSON.stringify(page.messages)).not.toContain('deckhand-42');
    expect(demo.consoleSessions()).toEqual([
      expect.objectContaining({ kind: 'shell', node: demo.localNode, authid: 'root@pam' }),
    ]);
  });

  it('keeps a console to the page that opened it', async () => {
    const owner = await openPage();
    const other = await openPage();
    const id = await openShell(owner);

    // The other page types into it, and asks to close and resize it: all refused or ignored.
    type(other, id, 'echo intruder-$((6*7))\r');
    const closed = (await other.call('console.close', { consoleId: id })).envelope;
    expect(closed).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    const resized = (await other.call('console.resize', { consoleId: id, cols: 40, rows: 10 }))
      .envelope;
    expect(resized).toMatchObject({ ok: false, error: { kind: 'not-found' } });

    // The other page's input frame was handled before its calls were answered; so had it reached
    // the shell, its echo would come before the owner's.
    type(owner, id, 'echo owner-$((6*7))\r');
    await read(owner, id, /owner-42/);
    expect(owner.output(id)).not.toContain('intruder');
    expect(owner.received('console').at(-1)).toMatchObject({ consoleId: id, status: 'connected' });

    // The other page saw neither the console's state nor its bytes.
    expect(other.received('console')).toEqual([]);
    expect(other.frames).toEqual([]);
    const otherEvents = other.messages.filter((m) => m.t === 'event');
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
    const info = await page.invoke('app.info');
    expect(info.host).toBe('browser');
    type(page, id, 'echo still-$((6*7))\r');
    await read(page, id, /still-42/);
    expect(page.output(id)).not.toContain('sneaky');
    expect(page.ws.readyState).toBe(WebSocket.OPEN);
    expect(page.received('console').at(-1)).toMatchObject({ consoleId: id, status: 'connected' });
  });
});
