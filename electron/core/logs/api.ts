// The PVE endpoints of the log streams: a node's journal and time, the cluster log, stopping a
// task. Replies are validated on arrival; numbers may come as strings.

import { z } from 'zod';
import type { PveClient } from '../pve/client';
import type { PveParams } from '../pve/form';

const seg = encodeURIComponent;
const num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

export interface JournalParams {
  lastentries?: number;
  since?: number;
  until?: number;
  startcursor?: string;
  endcursor?: string;
}

export async function getJournal(
  client: PveClient,
  node: string,
  params: JournalParams,
  signal?: AbortSignal,
): Promise<string[]> {
  const p: PveParams = { ...params };
  const { data } = await client.get(`/nodes/${seg(node)}/journal`, z.array(z.string()), p, signal);
  return data;
}

/** The node's clock: epoch seconds and its UTC offset (ms), from `localtime - time`. */
export async function getNodeTime(
  client: PveClient,
  node: string,
  signal?: AbortSignal,
): Promise<{ time: number; offsetMs: number }> {
  const reply = z.object({ time: num, localtime: num.optional() });
  const { data } = await client.get(`/nodes/${seg(node)}/time`, reply, undefined, signal);
  return { time: data.time, offsetMs: ((data.localtime ?? data.time) - data.time) * 1000 };
}

/** Seconds the node has been up (GET /nodes/{node}/status). */
export async function getNodeUptime(
  client: PveClient,
  node: string,
  signal?: AbortSignal,
): Promise<number> {
  const reply = z.object({ uptime: num });
  const { data } = await client.get(`/nodes/${seg(node)}/status`, reply, undefined, signal);
  return data.uptime;
}

export interface ClusterLogItem {
  uid?: number;
  id?: string;
  time?: number;
  pri?: number;
  pid?: number;
  node?: string;
  user?: string;
  tag?: string;
  msg: string;
}

const clusterLogItem = z
  .object({
    uid: num.optional().catch(undefined),
    id: z.string().optional().catch(undefined),
    time: num.optional().catch(undefined),
    pri: num.optional().catch(undefined),
    pid: num.optional().catch(undefined),
    node: z.string().optional().catch(undefined),
    user: z.string().optional().catch(undefined),
    tag: z.string().optional().catch(undefined),
    msg: z.string().catch(''),
  })
  .passthrough();

export async function getClusterLog(
  client: PveClient,
  max: number,
  signal?: AbortSignal,
): Promise<ClusterLogItem[]> {
  const { data } = await client.get('/cluster/log', z.array(clusterLogItem), { max }, signal);
  return data.map((d) => {
    const item: ClusterLogItem = { msg: d.msg };
    for (const key of ['uid', 'time', 'pri', 'pid'] as const) {
      if (d[key] !== undefined) item[key] = d[key];
    }
    for (const key of ['id', 'node', 'user', 'tag'] as const) {
      if (d[key] !== undefined) item[key] = d[key];
    }
    return item;
  });
}

/** Stop a task (a write: sent once, never retried). */
export async function stopTask(
  client: PveClient,
  node: string,
  upid: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.request('DELETE', `/nodes/${seg(node)}/tasks/${seg(upid)}`, undefined, signal);
}
