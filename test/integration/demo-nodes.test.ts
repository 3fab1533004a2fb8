// The demo's nodes on the wire (directNodes): each node its own certificate on its own loopback
// address, GET /nodes and certificates/info telling the same fingerprints, and the knobs: a node
// offline and back, a node that joins later, a rotated certificate, the cluster unreachable.

import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo/index';
import { pinnedConnector, probeCertificate } from '../../electron/core/pve/tls';
import { normalizeServerUrl } from '../../shared/server-url';

let demo: DemoCluster;

/** A GET to one node, trusting only that node's own certificate (pinned, as core connects). */
async function get(base: string, path: string, node = 'pve1'): Promise<unknown> {
  const t = demo.credentials.token;
  const agent = new Agent({
    connect: pinnedConnector(normalizeServerUrl(base), demo.nodeFingerprint(node), 5_000),
  });
  try {
    const res = await request(`${base}/api2/json${path}`, {
      headers: { authorization: `PVEAPIToken=${t.tokenId}=${t.secret}` },
      dispatcher: agent,
    });
    expect(res.statusCode).toBe(200);
    return ((await res.body.json()) as { data: unknown }).data;
  } finally {
    await agent.close();
  }
}

const presented = async (node: string): Promise<string> =>
  (await probeCertificate(normalizeServerUrl(demo.nodeUrl(node)), 3_000)).fingerprint;

type NodeItem = { node: string; ssl_fingerprint: string; status: string };
type StatusItem = { type: string; name: string; ip: string; local: number; online: number };

async function refused(node: string): Promise<string> {
  return probeCertificate(normalizeServerUrl(demo.nodeUrl(node)), 3_000).then(
    () => 'answered',
    (err: Error) => err.message,
  );
}

beforeAll(async () => {
  demo = await startDemoCluster({ directNodes: true, nodes: 3, taskTimeScale: 0.05 });
});
afterAll(async () => {
  await demo.close();
});

describe('demo cluster, one server per node', () => {
  it('serves each online node on its own address with its own certificate', async () => {
    expect(demo.nodeUrl('pve1')).toBe(demo.url);
    expect(demo.nodeUrl('pve2')).toBe(`https://127.0.0.2:${demo.port}`);
    const status = (await get(demo.url, '/cluster/status')) as StatusItem[];
    const nodes = status.filter((s) => s.type === 'node');
    expect(nodes.map((n) => [n.name, n.ip, n.local, n.online])).toEqual([
      ['pve1', '127.0.0.1', 1, 1],
      ['pve2', '127.0.0.2', 0, 1],
      ['pve3', '127.0.0.3', 0, 0],
    ]);
    // pve2 answers as itself.
    const fromPve2 = (await get(demo.nodeUrl('pve2'), '/cluster/status', 'pve2')) as StatusItem[];
    expect(fromPve2.find((s) => s.local === 1)?.name).toBe('pve2');

    const list = (await get(demo.url, '/nodes')) as NodeItem[];
    const fp1 = await presented('pve1');
    const fp2 = await presented('pve2');
    expect(fp1).not.toBe(fp2);
    expect(list.find((n) => n.node === 'pve1')?.ssl_fingerprint).toBe(fp1);
    expect(list.find((n) => n.node === 'pve2')?.ssl_fingerprint).toBe(fp2);
    expect(demo.nodeFingerprint('pve2')).toBe(fp2);
    // The offline pve3 has a certificate but nobody answers on its address.
    expect(await refused('pve3')).toMatch(/connection refused/);

    const info = (await get(demo.url, '/nodes/pve2/certificates/info')) as Record<
      string,
      unknown
    >[];
    expect(info[0]).toMatchObject({
      filename: 'pve-ssl.pem',
      fingerprint: fp2,
      'public-key-type': 'rsaEncryption',
      'public-key-bits': 2048,
    });
    expect(info[0]?.san).toEqual(expect.arrayContaining(['IP:127.0.0.2', 'DNS:pve2']));
  });

  it("rotates one node's certificate and the cluster reports the new one", async () => {
    const before = await presented('pve2');
    const fp1 = await presented('pve1');
    const after = await demo.rotateCertificate('pve2');
    expect(after).not.toBe(before);
    expect(await presented('pve2')).toBe(after);
    expect(await presented('pve1')).toBe(fp1);
    const list = (await get(demo.url, '/nodes')) as NodeItem[];
    expect(list.find((n) => n.node === 'pve2')?.ssl_fingerprint).toBe(after);
  });

  it('takes a node offline and back', async () => {
    await demo.setNodeOnline('pve2', false);
    expect(await refused('pve2')).toMatch(/connection refused/);
    let list = (await get(demo.url, '/nodes')) as NodeItem[];
    expect(list.find((n) => n.node === 'pve2')?.status).toBe('offline');
    await demo.setNodeOnline('pve2', true);
    expect(await presented('pve2')).toBe(demo.nodeFingerprint('pve2'));
    list = (await get(demo.url, '/nodes')) as NodeItem[];
    expect(list.find((n) => n.node === 'pve2')?.status).toBe('online');
  });

  it('lets a node join later, served at once', async () => {
    const name = await demo.addNode();
    expect(name).toBe('pve4');
    const list = (await get(demo.url, '/nodes')) as NodeItem[];
    expect(list.find((n) => n.node === 'pve4')).toMatchObject({
      status: 'online',
      ssl_fingerprint: await presented('pve4'),
    });
    const status = (await get(demo.nodeUrl('pve4'), '/cluster/status', 'pve4')) as StatusItem[];
    expect(status.find((s) => s.name === 'pve4')).toMatchObject({ ip: '127.0.0.4', local: 1 });
  });

  it('makes the whole cluster unreachable and brings it back', async () => {
    await demo.setReachable(false);
    expect(await refused('pve1')).toMatch(/connection refused/);
    expect(await refused('pve2')).toMatch(/connection refused/);
    await demo.setReachable(true);
    expect(await presented('pve1')).toBe(demo.fingerprint);
    expect(await presented('pve2')).toBe(demo.nodeFingerprint('pve2'));
  });
});
