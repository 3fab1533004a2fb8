// The demo's log endpoints as PVE serves them: the journal gzip-encoded from mini-journalreader
// (cursors first and last, startcursor/endcursor/lastentries/since/until and their conflicts),
// a node's clock, the cluster log, and DELETE of a running task.

import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, call, cluster, startCluster, stopCluster } from './demo-api-kit';

beforeAll(() => startCluster({ taskTimeScale: 0.05, journalLinesPerSecond: 0 }));
afterAll(() => stopCluster());

/** The journal's raw reply: its encoding and the decoded text. */
async function journal(query: string): Promise<{ encoding: unknown; text: string }> {
  const t = cluster.credentials.token;
  const res = await request(`${cluster.url}/api2/json/nodes/pve1/journal?${query}`, {
    headers: { authorization: `PVEAPIToken=${t.tokenId}=${t.secret}` },
    dispatcher: agent,
  });
  expect(res.statusCode).toBe(200);
  const body = Buffer.from(await res.body.arrayBuffer());
  return { encoding: res.headers['content-encoding'], text: gunzipSync(body).toString('utf8') };
}

const data = (text: string): string[] => (JSON.parse(text) as { data: string[] }).data;
const CURSOR = /^s=[0-9a-f]{32};i=[0-9a-f]+;b=[0-9a-f]{32};m=[0-9a-f]+;t=[0-9a-f]+;x=[0-9a-f]{16}$/;

describe('demo journal', () => {
  it('sends the last N lines gzip-encoded between the first and last cursor', async () => {
    const r = await journal('lastentries=5');
    expect(r.encoding).toBe('gzip');
    const d = data(r.text);
    expect(d).toHaveLength(7);
    expect(d[0]).toMatch(CURSOR);
    expect(d[6]).toMatch(CURSOR);
    for (const line of d.slice(1, 6)) {
      expect(line).toMatch(/^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} pve1 \S+?(\[\d+\])?: /);
    }
  });

  it('follows from a cursor: nothing new is the cursor twice; endcursor pages end at it', async () => {
    const d = data((await journal('lastentries=3')).text);
    const last = d[d.length - 1]!;
    expect(data((await journal(`startcursor=${encodeURIComponent(last)}`)).text)).toEqual([
      last,
      last,
    ]);
    const first = d[0]!;
    const older = data(
      (await journal(`endcursor=${encodeURIComponent(first)}&lastentries=4`)).text,
    );
    expect(older).toHaveLength(6);
    expect(older[5]).toBe(first);
  });

  it('refuses conflicting parameters as mini-journalreader does: an empty body', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await journal(`lastentries=5&since=${now - 60}`)).text).toBe('');
    expect((await journal(`since=${now - 60}&startcursor=x`)).text).toBe('');
    // A window with no entry: the reader stops before it can print a cursor.
    expect((await journal(`since=${now + 3600}`)).text).toBe('{"data":[');
  });

  it("tells a node's time and zone", async () => {
    const r = await call('GET', '/nodes/pve1/time');
    const t = r.json?.data as { timezone: string; time: number; localtime: number };
    expect(t.timezone).toBe('Europe/Vienna');
    expect([3600, 7200]).toContain(t.localtime - t.time);
  });

  it('lists the cluster log newest first with pri, tag and a unique id', async () => {
    const r = await call('GET', '/cluster/log?max=20');
    const items = r.json?.data as {
      time: number;
      pri: number;
      tag: string;
      id: string;
      msg: string;
    }[];
    expect(items.length).toBe(20);
    expect(items.every((e, i) => i === 0 || e.time <= items[i - 1]!.time)).toBe(true);
    expect(new Set(items.map((e) => e.id)).size).toBe(20);
    expect(items.every((e) => /^(starting|end) task UPID:/.test(e.msg))).toBe(true);
  });
});
