// Parent side of demo-child.ts: start the demo cluster in a child process and drive its clock.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DemoClusterOptions } from '../../electron/demo';

export interface DemoInfo {
  url: string;
  fingerprint: string;
  certificatePem: string;
  password: string;
  tokenId: string;
  tokenSecret: string;
}

type Request = { op: 'advance'; seconds: number } | { op: 'close' };
export type ParentMessage = Request & { id: number };

export type ChildMessage = { type: 'ready'; info: DemoInfo } | { type: 'done'; id: number };

export interface DemoProcess {
  readonly info: DemoInfo;
  /** Move the simulated clock (new stats bucket, uptimes grow). */
  advance(seconds: number): Promise<void>;
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
  const pending = new Map<number, () => void>();
  let nextId = 1;

  const info = await new Promise<DemoInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`demo cluster process exited (${code})`)));
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m.info);
      else pending.get(m.id)?.();
    });
  });

  const call = (request: Request) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      pending.set(id, () => {
        pending.delete(id);
        resolve();
      });
      child.send({ ...request, id } satisfies ParentMessage);
    });

  return {
    info,
    advance: (seconds) => call({ op: 'advance', seconds }),
    async close() {
      if (child.connected) await call({ op: 'close' });
      await exited;
    },
  };
}
