// Log streams through the contract against the demo cluster: a node journal followed by cursor
// (nothing lost or repeated across polls and a dropped connection), older pages, time ranges, the
// gzip body decoded, the cluster log, a task log followed to its end, tasks.stop (DELETE sent
// once), streams closed with their window, and flow control dropping the oldest.

import { gunzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import type { LogEntry, LogLinesEvent, LogStreamInfo } from '../../shared/logs';
import { createTestCore } from '../kit/core';
import { directClient, type ContractClient } from './contract-client';
import { waitFor } from './helpers';

let demo: DemoCluster | undefined;
let core: Core | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await core?.dispose();
  await agent?.close();
  await demo?.close();
  core = undefined;
  demo = undefined;
  agent = undefined;
});

async function setUp(
  opts: DemoClusterOptions = {},
  coreOpts: Parameters<typeof createTestCore>[0] = {},
) {
  demo = await startDemoCluster({ taskTimeScale: 0.05, statsIntervalMs: 3_600_000, ...opts });
  const d = demo;
  ({ core } = await createTestCore({ demo: d, logPollMs: 100, ...coreOpts }));
  const client = directClient(core);
  const profile = await client.invoke('profiles.addDemo');
  return { client, profileId: profile.id, demo: d, core };
}

/** The entries and states a window got for a stream, acknowledging each batch as the panel does. */
function follow(client: ContractClient, streamId: string, opts: { ack?: boolean } = {}) {
  const entries: LogEntry[] = [];
  const states: LogStreamInfo[] = [];
  client.on('logLines', (e: LogLinesEvent) => {
    if (e.streamId !== streamId) return;
    entries.push(...e.entries);
    if (opts.ack !== false) client.notify('logs.ack', { streamId, count: e.entries.length });
  });
  client.on('logStream', (s) => {
    if (s.streamId === streamId) states.push(s);
  });
  return { entries, states, last: () => states[states.length - 1] };
}

/** What the demo's journal holds now, read straight from its API (the newest `n` lines). */
async function journalAtDemo(d: DemoCluster, node: string, n: number): Promise<string[]> {
  agent ??= new Agent({ connect: { ca: d.certificatePem } });
  const t = d.credentials.token;
  const res = await request(`${d.url}/api2/json/nodes/${node}/journal?lastentries=${n}`, {
    headers: { authorization: `PVEAPIToken=${t.tokenId}=${t.secret}` },
    dispatcher: agent,
  });
  expect(res.headers['content-encoding']).toBe('gzip');
  const body = Buffer.from(await res.body.arrayBuffer());
  const data = (JSON.parse(gunzipSync(body).toString('utf8')) as { data: string[] }).data;
  return data.slice(1, -1);
}

/** A received entry as the journal line it came from (without the time). */
function lineOf(e: LogEntry): string {
  if (e.marker === 'reboot') return '-- Reboot --';
  return `${e.host ?? ''} ${e.ident ?? ''}${e.pid !== undefined ? `[${e.pid}]` : ''}: ${e.text}`;
}

function strictlyIncreasing(entries: LogEntry[]): boolean {
  return entries.every((e, i) => i === 0 || e.seq > entries[i - 1]!.seq);
}

/** Whether `got` appears, in order and contiguous, at the end part of `all`. */
function contiguousIn(all: string[], got: string[]): boolean {
  for (let start = 0; start + got.length <= all.length; start++) {
    if (got.every((g, i) => all[start + i] === g)) return true;
  }
  return false;
}

describe('node journal', () => {
  it('sends the newest 500 entries, then follows by cursor with nothing lost or repeated, also across dropped connections', async () => {
    const { client, profileId, demo: d } = await setUp({ journalLinesPerSecond: 40 });
    const info = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
    });
    expect(info).toMatchObject({ status: 'connecting', title: 'pve1 journal', canLoadOlder: true });
    const s = follow(client, info.streamId);
    await waitFor('first page', () => s.entries.length >= 500 && s.last()?.status === 'following');
    // The journal connection drops twice: the stream says so and resumes from its cursor.
    const counted = (): number => d.requestCounts().get('GET /api2/json/nodes/pve1/journal') ?? 0;
    const before = counted();
    // (more than the transport's GET retries, so the stream itself sees it)
    d.addFault({ kind: 'drop', path: /\/nodes\/pve1\/journal/, times: 6 });
    await waitFor('reconnecting', () => s.states.some((x) => x.status === 'reconnecting'));
    const reconnecting = s.states.find((x) => x.status === 'reconnecting')!;
    expect(reconnecting.message).toMatch(/retrying/);
    await waitFor(
      'following again',
      () => s.last()?.status === 'following' && counted() > before + 6,
    );
    const n = s.entries.length;
    await waitFor('more lines', () => s.entries.length > n + 40);
    await client.invoke('logs.close', { streamId: info.streamId });

    expect(strictlyIncreasing(s.entries)).toBe(true);
    expect(new Set(s.entries.map((e) => e.seq)).size).toBe(s.entries.length);
    const atDemo = await journalAtDemo(d, 'pve1', 5000);
    const got = s.entries.map(lineOf);
    const demoLines = atDemo.map((l) => (l === '-- Reboot --' ? l : l.slice(16)));
    expect(contiguousIn(demoLines, got)).toBe(true);
    // Times come back to epoch ms through the node's zone (Europe/Vienna) and inferred year.
    const newest = s.entries[s.entries.length - 1]!;
    expect(Math.abs(newest.time! - Date.now())).toBeLessThan(60_000);
    expect(s.entries.some((e) => e.ident === 'orderd' && e.priority === 3)).toBe(true);
    expect(s.entries.some((e) => e.ident === 'orderd' && e.priority === 4)).toBe(true);
    expect(s.last()?.status).toBe('closed');
  });

  it('loads older pages before the first entry, numbered below it, until the start', async () => {
    const { client, profileId } = await setUp({ journalLinesPerSecond: 0 });
    const info = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
    });
    const s = follow(client, info.streamId);
    await waitFor('first page', () => s.entries.length >= 500);
    const first = s.entries[0]!;
    const page = await client.invoke('logs.older', { streamId: info.streamId, count: 200 });
    expect(page.entries).toHaveLength(200);
    expect(page.more).toBe(true);
    expect(page.entries[199]!.seq).toBe(first.seq - 1);
    expect(strictlyIncreasing(page.entries)).toBe(true);
    expect(page.entries[199]!.time!).toBeLessThanOrEqual(first.time!);
    // Two pages asked at once come one after the other, not twice the same.
    const [p1, p2] = await Promise.all([
      client.invoke('logs.older', { streamId: info.streamId, count: 100 }),
      client.invoke('logs.older', { streamId: info.streamId, count: 100 }),
    ]);
    expect(p1.entries[99]!.seq).toBe(page.entries[0]!.seq - 1);
    expect(p2.entries[99]!.seq).toBe(p1.entries[0]!.seq - 1);
    const texts = [...p2.entries, ...p1.entries, ...page.entries].map(lineOf);
    expect(texts.filter((t, i) => i > 0 && t === texts[i - 1] && /sshd|orderd/.test(t))).toEqual(
      [],
    );
    // Page on to the journal's start: the previous boot's end and a reboot marker come.
    let more = true;
    const older: LogEntry[] = [...p2.entries, ...p1.entries, ...page.entries];
    for (let i = 0; i < 40 && more; i++) {
      const p = await client.invoke('logs.older', { streamId: info.streamId, count: 500 });
      older.unshift(...p.entries);
      more = p.more;
    }
    expect(more).toBe(false);
    expect(strictlyIncreasing(older)).toBe(true);
    expect(older.some((e) => e.marker === 'reboot')).toBe(true);
    expect(older.some((e) => e.text === 'Journal stopped')).toBe(true);
  });

  it('reads a fixed range as complete, and "last N seconds" from then on', async () => {
    const { client, profileId } = await setUp({ journalLinesPerSecond: 2, statsIntervalMs: 1000 });
    const now = Math.floor(Date.now() / 1000);
    const range = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
      range: { preset: 'range', since: now - 1800, until: now - 600 },
    });
    const r = follow(client, range.streamId);
    await waitFor('complete', () => r.last()?.status === 'complete');
    expect(r.entries.length).toBeGreaterThan(100);
    for (const e of r.entries) {
      expect(e.time!).toBeGreaterThanOrEqual((now - 1800) * 1000);
      expect(e.time!).toBeLessThan((now - 600) * 1000);
    }
    expect(range.canLoadOlder).toBe(false);

    const last = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
      range: { preset: 'last', seconds: 120 },
    });
    expect(last.title).toBe('pve1 journal (last 2 min)');
    const l = follow(client, last.streamId);
    await waitFor('following', () => l.last()?.status === 'following' && l.entries.length > 0);
    expect(l.entries[0]!.time!).toBeGreaterThanOrEqual((now - 121) * 1000);

    const boot = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
      range: { preset: 'boot' },
    });
    const b = follow(client, boot.streamId);
    await waitFor('boot', () => b.last()?.status === 'following' && b.entries.length > 0);
    expect(b.entries[0]!.text).toMatch(/^Linux version/);
    expect(b.entries.some((e) => e.marker === 'reboot')).toBe(false);
  });

  it('says why when the node is offline, and keeps trying', async () => {
    const { client, profileId } = await setUp();
    await waitFor('first refresh', () => client.events.some((e) => e.name === 'resources'));
    const snap = await client.invoke('resources.snapshot', { profileId });
    const offline = snap.items.find((r) => r.type === 'node' && r.status !== 'online');
    if (!offline || offline.type !== 'node') throw new Error('no offline node');
    const info = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: offline.node,
    });
    const s = follow(client, info.streamId);
    await waitFor('reconnecting', () => s.last()?.status === 'reconnecting');
    expect(s.last()?.message).toMatch(new RegExp(`Node ${offline.node} is unreachable`));
  });
});

describe('cluster log', () => {
  it('sends the entries oldest first with priorities, then only new ones', async () => {
    const { client, profileId } = await setUp();
    const info = await client.invoke('logs.open', { kind: 'cluster-log', profileId });
    const s = follow(client, info.streamId);
    await waitFor('first entries', () => s.entries.length > 0 && s.last()?.status === 'following');
    const firstCount = s.entries.length;
    expect(s.entries.every((e, i) => i === 0 || e.time! >= s.entries[i - 1]!.time!)).toBe(true);
    expect(s.entries.some((e) => e.priority === 6 && /^starting task UPID:/.test(e.text))).toBe(
      true,
    );
    // A new task: its start and end arrive once each.
    await waitFor('resources', () => client.events.some((e) => e.name === 'resources'));
    const snap = await client.invoke('resources.snapshot', { profileId });
    const g = snap.items.find((r) => r.type === 'qemu' && r.status === 'stopped' && !r.template);
    if (!g || g.type !== 'qemu') throw new Error('no stopped VM');
    const task = await client.invoke('guest.action', {
      profileId,
      node: g.node,
      type: 'qemu',
      vmid: g.vmid,
      action: 'start',
    });
    await waitFor('end logged', () =>
      s.entries.some((e) => e.text.startsWith(`end task ${task.upid}`)),
    );
    const fresh = s.entries.slice(firstCount).map((e) => e.text);
    expect(fresh.filter((t) => t === `starting task ${task.upid}`)).toHaveLength(1);
    expect(fresh.filter((t) => t.startsWith(`end task ${task.upid}`))).toHaveLength(1);
    expect(new Set(s.entries.map((e) => e.text)).size).toBe(s.entries.length);
  });
});

describe('task logs', () => {
  it('follows a task log to its end with its exit status, then says complete', async () => {
    const { client, profileId } = await setUp({ taskTimeScale: 0.3 });
    await waitFor('resources', () => client.events.some((e) => e.name === 'resources'));
    const snap = await client.invoke('resources.snapshot', { profileId });
    const g = snap.items.find((r) => r.type === 'qemu' && r.status === 'stopped' && !r.template);
    if (!g || g.type !== 'qemu') throw new Error('no stopped VM');
    const task = await client.invoke('guest.action', {
      profileId,
      node: g.node,
      type: 'qemu',
      vmid: g.vmid,
      action: 'start',
    });
    const info = await client.invoke('logs.open', { kind: 'task', profileId, upid: task.upid });
    expect(info.title).toBe(`Task: Start VM ${g.vmid} (${g.name})`);
    const s = follow(client, info.streamId);
    await waitFor('running', () => s.states.some((x) => x.task?.running === true));
    await waitFor('complete', () => s.last()?.status === 'complete');
    expect(s.last()?.task).toEqual({ running: false, exitstatus: 'OK' });
    expect(s.entries[s.entries.length - 1]!.text).toBe('TASK OK');
    const log = await client.invoke('tasks.log', { profileId, upid: task.upid, limit: 0 });
    expect(s.entries.map((e) => e.text)).toEqual(log.lines.map((l) => l.t));
  });

  it('tasks.stop ends a running task as PVE does, with one DELETE', async () => {
    const { client, profileId, demo: d } = await setUp({ taskTimeScale: 5 });
    await waitFor('resources', () => client.events.some((e) => e.name === 'resources'));
    const snap = await client.invoke('resources.snapshot', { profileId });
    const g = snap.items.find((r) => r.type === 'qemu' && r.status === 'stopped' && !r.template);
    if (!g || g.type !== 'qemu') throw new Error('no stopped VM');
    const task = await client.invoke('guest.action', {
      profileId,
      node: g.node,
      type: 'qemu',
      vmid: g.vmid,
      action: 'start',
    });
    const info = await client.invoke('logs.open', { kind: 'task', profileId, upid: task.upid });
    const s = follow(client, info.streamId);
    await waitFor('running', () => s.states.some((x) => x.task?.running === true));
    await client.invoke('tasks.stop', { profileId, upid: task.upid });
    await waitFor('complete', () => s.last()?.status === 'complete');
    expect(s.last()?.task).toEqual({ running: false, exitstatus: 'received interrupt' });
    expect(s.entries[s.entries.length - 1]!.text).toBe('TASK ERROR: received interrupt');
    const path = `DELETE /api2/json/nodes/${g.node}/tasks/${encodeURIComponent(task.upid)}`;
    const deletes = [...d.requestCounts()]
      .filter(([k]) => k.startsWith('DELETE '))
      .map(([k, v]) => [k, v]);
    expect(deletes).toEqual([[path, 1]]);
    await waitFor('task event', () =>
      client.events.some(
        (e) =>
          e.name === 'task' &&
          (e.payload as { upid: string; exitstatus?: string }).upid === task.upid &&
          (e.payload as { exitstatus?: string }).exitstatus === 'received interrupt',
      ),
    );
  });
});

describe('ownership and flow control', () => {
  it('closes the streams of a window that goes, and only its own', async () => {
    const { client, profileId, core: c, demo: d } = await setUp();
    const other: LogLinesEvent[] = [];
    const gone = c.connectClient({
      event: (name, p) => name === 'logLines' && other.push(p as LogLinesEvent),
      stream: () => undefined,
    });
    const mine = await c.handlers['logs.open'](
      { kind: 'cluster-log', profileId },
      { clientId: gone.clientId },
    );
    const kept = await client.invoke('logs.open', { kind: 'cluster-log', profileId });
    await waitFor('lines to the other window', () => other.length > 0);
    await client.invoke('logs.close', { streamId: kept.streamId });
    gone.dispose();
    // Its stream stopped polling: while a new stream polls the journal twice, no cluster log read.
    const polls = (what: string): number =>
      [...d.requestCounts()].filter(([k]) => k.endsWith(what)).reduce((n, [, v]) => n + v, 0);
    const probe = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
    });
    // A read already on its way when the window went may still land: count from the probe's
    // first poll on, then no cluster log read while the journal is polled three more times.
    const firstJournal = polls('/journal');
    await waitFor('journal polled once', () => polls('/journal') > firstJournal);
    const clusterLogReads = polls('/cluster/log');
    const journalReads = polls('/journal');
    await waitFor('journal polled', () => polls('/journal') >= journalReads + 3);
    expect(polls('/cluster/log')).toBe(clusterLogReads);
    // A removed profile's streams close, saying why.
    const p = follow(client, probe.streamId);
    await client.invoke('profiles.remove', { profileId });
    await waitFor('closed', () => p.last()?.status === 'closed');
    expect(p.last()?.message).toBe('The profile was removed');
    const err = await c.handlers['logs.close'](
      { streamId: mine.streamId },
      { clientId: gone.clientId },
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe(`No open log stream ${mine.streamId}`);
    // Another window cannot touch a stream it does not own.
    const foreign = await client
      .invoke('logs.close', { streamId: mine.streamId })
      .catch((e: Error) => e);
    expect((foreign as Error).message).toBe(`No open log stream ${mine.streamId}`);
  });

  it('stops at the window, keeps a bounded buffer, drops the oldest and counts them', async () => {
    const { client, profileId } = await setUp(
      { journalLinesPerSecond: 0 },
      { logFlow: { windowEntries: 100, bufferMax: 150, batchMax: 50 } },
    );
    const info = await client.invoke('logs.open', {
      kind: 'node-journal',
      profileId,
      node: 'pve1',
    });
    const s = follow(client, info.streamId, { ack: false });
    await waitFor('dropped', () => s.states.some((x) => x.dropped > 0));
    // 500 entries: 100 sent (the window), 150 kept, the 250 between dropped (oldest first).
    expect(s.entries).toHaveLength(100);
    expect(s.last()?.dropped).toBe(250);
    client.notify('logs.ack', { streamId: info.streamId, count: 100 });
    await waitFor('the rest', () => s.entries.length === 200);
    client.notify('logs.ack', { streamId: info.streamId, count: 100 });
    await waitFor('the rest', () => s.entries.length === 250);
    expect(s.entries[100]!.seq).toBe(s.entries[99]!.seq + 251);
    expect(strictlyIncreasing(s.entries)).toBe(true);
  });
});
