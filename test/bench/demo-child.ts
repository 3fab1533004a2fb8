// The demo cluster in its own process, so its work (building a 5,000-guest reply) neither shares
// the bench's event loop nor shows up in the bench's CPU time. Driven by demo-process.ts over IPC.

import { startDemoCluster, type DemoClusterOptions } from '../../electron/demo';
import type { ChildMessage, ParentMessage } from './demo-process';

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as DemoClusterOptions;
  const cluster = await startDemoCluster(opts);
  send({
    type: 'ready',
    info: {
      url: cluster.url,
      fingerprint: cluster.fingerprint,
      certificatePem: cluster.certificatePem,
      password: cluster.credentials.password,
      tokenId: cluster.credentials.token.tokenId,
      tokenSecret: cluster.credentials.token.secret,
      username: cluster.credentials.username,
      localNode: cluster.localNode,
    },
  });
  process.on('message', (raw: ParentMessage) => {
    switch (raw.op) {
      case 'advance':
        cluster.advanceClock(raw.seconds);
        send({ type: 'done', id: raw.id });
        break;
      case 'consoles': {
        const cpu = process.cpuUsage();
        send({
          type: 'done',
          id: raw.id,
          value: {
            support: cluster.consoleSupport(),
            sessions: cluster.consoleSessions(),
            cpuMs: (cpu.user + cpu.system) / 1000,
          },
        });
        break;
      }
      case 'close':
        void cluster.close().then(() => {
          send({ type: 'done', id: raw.id });
          process.disconnect();
        });
        break;
    }
  });
  // The parent going away (crash, Ctrl-C) must not leave a server behind.
  process.on('disconnect', () => void cluster.close());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
