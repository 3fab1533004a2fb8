// The machine's own lateness, for the scale bench's UI-thread figure (scale.ts): a separate Node
// process that does nothing but run the same event-loop delay monitor. On a 2-core machine
// shared with the simulated clusters, a timer can fire late because the thread was not given a
// core; what this idle process sees then is not any work of the client's.

import { spawn, type ChildProcess } from 'node:child_process';

const PROBE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
process.on('message', () => { process.send(h.max / 1e6); h.reset(); });
process.on('disconnect', () => process.exit(0));
`;

export interface ReferenceProbe {
  /** The idle process's longest delay since the last call (ms), and start again. */
  take(): Promise<number>;
  close(): Promise<void>;
}

export async function startReferenceProbe(): Promise<ReferenceProbe> {
  const child: ChildProcess = spawn(process.execPath, ['-e', PROBE], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  return {
    take: () =>
      new Promise<number>((resolve) => {
        child.once('message', (ms) => resolve(Number(ms)));
        child.send('take');
      }),
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
