// Parent side of demo-child.ts: start the demo cluster in a child process and drive its clock.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConsoleSessionInfo, ConsoleSupport, DemoClusterOptions } from '../../electron/demo';

export interface DemoInfo {
  url: string;
  fingerprint: string;
  certificatePem: string;
  password: string;
  tokenId: string;
  tokenSecret: string;
  /** root@pam */
  username: string;
  /** The node the demo answers as (console proxies run there). */
  localNode: string;
}

/** What the console bench asks the demo: console support, the live proxies, its CPU time. */
export interface DemoConsoles {
  support: ConsoleSupport;
  sessions: ConsoleSessionInfo[];
  /** CPU time (user+sys) the demo's process has used so far, ms. */
  cpuMs: number;
}

type Request = { op: 'advance'; seconds: number } | { op: 'consoles' } | { op: 'close' };
export type ParentMessage = Request & { id: number };

export type ChildMessage =
  { type: 'ready'; info: DemoInfo } | { type: 'done'; id: number; value?: unknown };

export interface DemoProcess {
  readonly info: DemoInfo;
  /** Move the simulated clock (new stats bucket, uptimes grow). */
  advance(seconds: number): Promise<void>;
  /** The demo's console support, the console proxies alive in it now, and its CPU time. */
  consoles(): Promise<DemoConsoles>;
  /** Close the cluster and wait for the child to exit. */
  close(): Promise<void>;
}

export async function startDemoProcess(opts: DemoClusterOptions): Promise<DemoProcess> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./demo-child.ts', import.meta.url)),
    [JSON.stringify(opts)],
    { execArgv: ['--import', import.meta.resolve('tsx')], stdio: 'inherit' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;

  const info = await new Promise<DemoInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`demo cluster process exited (${code})`)));
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m.info);
      else pending.get(m.id)?.(m.value);
    });
  });

  const call = (request: Request) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value);
      });
      child.send({ ...request, id } satisfies ParentMessage);
    });

  return {
    info,
    advance: async (seconds) => {
      await call({ op: 'advance', seconds });
    },
    consoles: async () => (await call({ op: 'consoles' })) as DemoConsoles,
    async close() {
      if (child.connected) await call({ op: 'close' });
      await exited;
    },
  };
}
