// The scale bench's demo clusters, several in one child process, so building their replies is
// neither on the bench's event loop nor in its CPU time. Driven by scale-demos.ts over IPC.
// The child's wall clock is frozen (Date.now), so the simulated stats move only when the bench
// advances the clusters' clocks: a live tick moves every counter, an idle tick changes nothing.

import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import type { DemoInfo } from './demo-process';

export type ScaleChildRequest =
  | { op: 'advance'; seconds: number }
  /** Another client edits the tags of these guests (one list per cluster of this child). */
  | { op: 'churn'; vmids: number[][]; tag: string }
  /** GET /cluster/resources requests served so far, over all clusters of this child. */
  | { op: 'count' }
  /** Requests served so far per `METHOD path` (paths with the node and id generalised). */
  | { op: 'paths' }
  | { op: 'close' };
export type ScaleParentMessage = ScaleChildRequest & { id: number };
export type ScaleChildMessage =
  { type: 'ready'; infos: DemoInfo[] } | { type: 'done'; id: number; value?: unknown };

const frozen = Date.now();
Date.now = () => frozen;

function send(message: ScaleChildMessage): void {
  process.send?.(message);
}

function info(c: DemoCluster): DemoInfo {
  return {
    url: c.url,
    fingerprint: c.fingerprint,
    certificatePem: c.certificatePem,
    password: c.credentials.password,
    tokenId: c.credentials.token.tokenId,
    tokenSecret: c.credentials.token.secret,
    username: c.credentials.username,
    localNode: c.localNode,
  };
}

function resourceRequests(clusters: readonly DemoCluster[]): number {
  let n = 0;
  for (const c of clusters) {
    for (const [key, count] of c.requestCounts()) {
      if (key.startsWith('GET ') && key.endsWith('/cluster/resources')) n += count;
    }
  }
  return n;
}

// `GET /api2/json/nodes/pve1/qemu/100/status/current` → `GET /nodes/<n>/qemu/<id>/status/current`.
function pathCounts(clusters: readonly DemoCluster[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of clusters) {
    for (const [key, count] of c.requestCounts()) {
      const k = key
        .replace('/api2/json/', '')
        .replace(/\/nodes\/[^/]+/, '/nodes/<n>')
        .replace(/\/(qemu|lxc)\/\d+/, '/$1/<id>')
        .replace(/\/tasks\/[^/]+/, '/tasks/<upid>');
      out[k] = (out[k] ?? 0) + count;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const list = JSON.parse(process.argv[2] ?? '[]') as DemoClusterOptions[];
  const clusters: DemoCluster[] = [];
  for (const opts of list) clusters.push(await startDemoCluster(opts));
  send({ type: 'ready', infos: clusters.map(info) });
  process.on('message', (raw: ScaleParentMessage) => {
    switch (raw.op) {
      case 'advance':
        for (const c of clusters) c.advanceClock(raw.seconds);
        send({ type: 'done', id: raw.id });
        break;
      case 'churn':
        clusters.forEach((c, i) => {
          for (const vmid of raw.vmids[i] ?? []) c.editConfig(vmid, { tags: raw.tag });
        });
        send({ type: 'done', id: raw.id });
        break;
      case 'count':
        send({ type: 'done', id: raw.id, value: resourceRequests(clusters) });
        break;
      case 'paths':
        send({ type: 'done', id: raw.id, value: pathCounts(clusters) });
        break;
      case 'close':
        void Promise.all(clusters.map((c) => c.close())).then(() => {
          send({ type: 'done', id: raw.id });
          process.disconnect();
        });
        break;
    }
  });
  process.on('disconnect', () => void Promise.all(clusters.map((c) => c.close())));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
