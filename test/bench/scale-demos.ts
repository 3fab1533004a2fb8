// Parent side of scale-demo-child.ts: N demo clusters spread over a few child processes, driven
// together (advance every clock, churn 1 % of the guests, count the resource reads).

import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DemoClusterOptions } from '../../electron/demo';
import type { DemoInfo } from './demo-process';
import type { ScaleChildMessage, ScaleChildRequest, ScaleParentMessage } from './scale-demo-child';

export interface ScaleDemos {
  /** One per cluster, in order. */
  readonly infos: readonly DemoInfo[];
  advance(seconds: number): Promise<void>;
  /** Tag these guests of each cluster (one vmid list per cluster, in `infos` order). */
  churn(vmids: readonly (readonly number[])[], tag: string): Promise<void>;
  /** GET /cluster/resources requests served so far by all clusters. */
  resourceRequests(): Promise<number>;
  /** Requests served so far by all clusters per `METHOD path` (node and ids generalised). */
  pathCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

interface Child {
  infos: DemoInfo[];
  call(request: ScaleChildRequest): Promise<unknown>;
  close(): Promise<void>;
}

async function startChild(list: DemoClusterOptions[]): Promise<Child> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./scale-demo-child.ts', import.meta.url)),
    [JSON.stringify(list)],
    { execArgv: ['--import', import.meta.resolve('tsx')], stdio: 'inherit' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  const infos = await new Promise<DemoInfo[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`demo cluster process exited (${code})`)));
    child.on('message', (m: ScaleChildMessage) => {
      if (m.type === 'ready') resolve(m.infos);
      else pending.get(m.id)?.(m.value);
    });
  });
  if (child.pid !== undefined) lowestPriority(child.pid);
  const call = (request: ScaleChildRequest) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value);
      });
      child.send({ ...request, id } satisfies ScaleParentMessage);
    });
  return {
    infos,
    call,
    async close() {
      if (child.connected) await call({ op: 'close' });
      await exited;
    },
  };
}

/**
 * The clusters stand for servers on other machines. At the lowest priority (every thread of
 * their process) they get only the CPU the client leaves, so that what the bench sees of the
 * client's threads waiting is the client's own doing, not the simulated servers' (Linux only).
 */
function lowestPriority(pid: number): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      setPriority(Number(tid), 19);
    } catch {
      // a thread that just ended
    }
  }
}

/** `count` clusters of `guests` guests each (seeds 1..count), in `children` processes. */
export async function startScaleDemos(
  count: number,
  guests: number,
  children = 2,
): Promise<ScaleDemos> {
  const all: DemoClusterOptions[] = Array.from({ length: count }, (_, i) => ({
    seed: i + 1,
    nodes: 3,
    offlineNodes: 0,
    guests,
  }));
  const parts: DemoClusterOptions[][] = Array.from({ length: Math.min(children, count) }, () => []);
  all.forEach((o, i) => parts[i % parts.length]!.push(o));
  const started = await Promise.allSettled(parts.map(startChild));
  const kids = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(kids.map((k) => k.close()));
    throw failed.reason;
  }
  // Cluster i lives in child i % n, at index floor(i / n).
  const n = kids.length;
  const infos = all.map((_, i) => kids[i % n]!.infos[Math.floor(i / n)]!);
  const split = <T>(perCluster: readonly T[]): T[][] =>
    kids.map((_, k) => perCluster.filter((_, i) => i % n === k));
  return {
    infos,
    advance: async (seconds) => {
      await Promise.all(kids.map((k) => k.call({ op: 'advance', seconds })));
    },
    churn: async (vmids, tag) => {
      const parts = split(vmids);
      await Promise.all(
        kids.map((k, i) => k.call({ op: 'churn', vmids: parts[i]!.map((v) => [...v]), tag })),
      );
    },
    resourceRequests: async () => {
      const counts = await Promise.all(kids.map((k) => k.call({ op: 'count' })));
      return counts.reduce<number>((a, b) => a + (b as number), 0);
    },
    pathCounts: async () => {
      const all = (await Promise.all(kids.map((k) => k.call({ op: 'paths' })))) as Record<
        string,
        number
      >[];
      const out: Record<string, number> = {};
      for (const part of all) for (const [k, v] of Object.entries(part)) out[k] = (out[k] ?? 0) + v;
      return out;
    },
    close: async () => {
      await Promise.all(kids.map((k) => k.close()));
    },
  };
}
