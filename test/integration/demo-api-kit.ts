// What the demo API tests share: the cluster they talk to, started and stopped by each file's
// hooks, and helpers to call it with the API token, find guests, power them and wait for tasks.

import { Agent } from 'undici';
import { expect } from 'vitest';
import {
  startDemoCluster,
  type DemoCluster,
  type DemoClusterOptions,
} from '../../electron/demo/index';
import { demoRequest, type Reply } from './demo-http';

export type Resource = Record<string, unknown> & { id: string; type: string };
export type TaskStatus = { status: string; exitstatus?: string; type: string };

export let cluster: DemoCluster;
export let agent: Agent;

/** Start the cluster the helpers talk to (and an HTTP agent that trusts it). */
export async function startCluster(
  opts: DemoClusterOptions = { taskTimeScale: 0.05 },
): Promise<void> {
  cluster = await startDemoCluster(opts);
  agent = new Agent({ connect: { ca: cluster.certificatePem } });
}

export async function stopCluster(): Promise<void> {
  await agent.close();
  await cluster.close();
}

export async function call(
  method: string,
  path: string,
  opts: { form?: Record<string, string>; json?: unknown; anonymous?: boolean } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (!opts.anonymous) {
    const t = cluster.credentials.token;
    headers.authorization = `PVEAPIToken=${t.tokenId}=${t.secret}`;
  }
  return demoRequest(cluster, agent, method, path, { headers, form: opts.form, json: opts.json });
}

export async function resources(type?: string): Promise<Resource[]> {
  const r = await call('GET', `/cluster/resources${type ? `?type=${type}` : ''}`);
  expect(r.status).toBe(200);
  return r.json!.data as Resource[];
}

export async function guest(vmid: number): Promise<Resource> {
  return (await resources('vm')).find((g) => g.vmid === vmid)!;
}

/** A guest on an online node matching the predicate (the layout comes from the seed). */
export async function pickGuest(pred: (g: Resource) => boolean): Promise<Resource> {
  const g = (await resources('vm')).find(
    (x) => x.status !== 'unknown' && x.template === 0 && pred(x),
  );
  if (!g) throw new Error('no such guest in the demo cluster');
  return g;
}

// Hand-rolled rather than vi.waitFor: one probe counts the process's active timers, and
// vi.waitFor's own would always be among them while it probes.
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function taskPath(node: string, upid: string, tail = ''): string {
  return `/nodes/${node}/tasks/${encodeURIComponent(upid)}${tail}`;
}

export async function taskEnd(node: string, upid: string): Promise<TaskStatus> {
  return until(`task ${upid}`, async () => {
    const s = (await call('GET', taskPath(node, upid, '/status'))).json!.data as TaskStatus;
    return s.status === 'stopped' ? s : undefined;
  });
}

/** Every line of a task's log. */
export async function taskLog(node: string, upid: string): Promise<string[]> {
  const r = await call('GET', taskPath(node, upid, '/log') + '?limit=0');
  return (r.json!.data as { t: string }[]).map((l) => l.t);
}

export async function power(
  g: Resource,
  action: string,
  form?: Record<string, string>,
): Promise<Reply> {
  return call('POST', `/nodes/${g.node as string}/${g.type}/${g.vmid as number}/status/${action}`, {
    form,
  });
}
