// `npm run demo-cluster`: the demo cluster on its own, for development and exploring.
//   --port N  --seed N  --nodes N  --guests N  --latency MS  --task-time-scale X
//   --pve-version X.Y.Z  --vnc auto|xvnc|builtin  --direct-nodes
//   --standalone: a standalone PVE 8 node instead of the cluster;
//   --also-standalone: the cluster and, on the next port, a standalone PVE 8 node beside it.
// With --direct-nodes every node is served on its own address; lines on stdin then work the knobs:
// `offline pve2`, `online pve2`, `rotate pve2`, `join`, `unreachable`, `reachable`.

import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { STANDALONE_DEMO_OPTIONS } from './built-in';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from './index';

async function knob(cluster: DemoCluster, line: string): Promise<string> {
  const [word, node = ''] = line.split(/\s+/);
  if (word === 'offline' || word === 'online') {
    await cluster.setNodeOnline(node, word === 'online');
    return `${node} is ${word}`;
  }
  if (word === 'rotate') return `${node} now presents ${await cluster.rotateCertificate(node)}`;
  if (word === 'join') {
    const name = await cluster.addNode();
    return `${name} joined: ${cluster.nodeUrl(name)}  SHA-256 ${cluster.nodeFingerprint(name)}`;
  }
  if (word === 'unreachable' || word === 'reachable') {
    await cluster.setReachable(word === 'reachable');
    return `the cluster is ${word}`;
  }
  return `unknown knob '${line}'`;
}

/** Its URL, certificate and every login, as one block. */
function describe(cluster: DemoCluster): void {
  const c = cluster.credentials;
  const what = cluster.standalone
    ? `Deckhand demo standalone node ${cluster.localNode} (simulated Proxmox VE ${cluster.version}, in no cluster)`
    : `Deckhand demo cluster (simulated Proxmox VE ${cluster.version})`;
  console.log(`${what} on ${cluster.url}`);
  console.log(`  certificate SHA-256    ${cluster.fingerprint}`);
  console.log(`  administrator          ${c.username}  password ${c.password}`);
  console.log(
    `  read-only (PVEAuditor) ${c.readonlyUser.username}  password ${c.readonlyUser.password}`,
  );
  const t = c.tfaUser;
  console.log(`  two-factor (TOTP)      ${t.username}  password ${t.password}`);
  console.log(`    TOTP secret (base32) ${t.totpSecret}`);
  console.log(`    recovery keys        ${t.recoveryKeys.join(' ')}`);
  console.log(
    `  WebAuthn only          ${c.webauthnUser.username}  password ${c.webauthnUser.password}`,
  );
  console.log(`  API token              ${c.token.tokenId}  secret ${c.token.secret}`);
  const support = cluster.consoleSupport();
  console.log(
    `  consoles               shells ${support.pty ? 'in a pseudo-terminal' : `over pipes (${support.ptyError ?? 'no PTY'})`}, VNC ${support.vnc === 'xvnc' ? 'by TigerVNC Xvnc' : 'by the built-in RFB server'}`,
  );
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name}: expected a non-negative number, got '${v}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      nodes: { type: 'string' },
      guests: { type: 'string' },
      latency: { type: 'string' },
      'task-time-scale': { type: 'string' },
      'pve-version': { type: 'string' },
      vnc: { type: 'string' },
      'direct-nodes': { type: 'boolean' },
      standalone: { type: 'boolean' },
      'also-standalone': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'usage: npm run demo-cluster -- [--port N] [--seed N] [--nodes N] [--guests N] [--latency MS] [--task-time-scale X] [--pve-version X.Y.Z] [--vnc auto|xvnc|builtin] [--direct-nodes] [--standalone | --also-standalone]',
    );
    return;
  }
  const vnc = values.vnc;
  if (vnc !== undefined && vnc !== 'auto' && vnc !== 'xvnc' && vnc !== 'builtin') {
    console.error(`--vnc: expected auto, xvnc or builtin, got '${vnc}'`);
    process.exit(2);
  }
  if (values.standalone && values['also-standalone']) {
    console.error('--standalone and --also-standalone: pick one');
    process.exit(2);
  }
  const port = num(values.port, 'port') ?? 8006;
  const common: DemoClusterOptions = {
    latencyMs: num(values.latency, 'latency'),
    taskTimeScale: num(values['task-time-scale'], 'task-time-scale'),
    vncBackend: vnc === 'auto' || vnc === 'xvnc' || vnc === 'builtin' ? vnc : undefined,
    directNodes: values['direct-nodes'] ?? false,
  };
  const standaloneOptions = {
    ...STANDALONE_DEMO_OPTIONS,
    ...common,
    ...(values['pve-version'] !== undefined && values.standalone
      ? { version: values['pve-version'] }
      : {}),
  };
  const started: DemoCluster[] = [];
  const cluster = await startDemoCluster(
    values.standalone
      ? {
          ...standaloneOptions,
          port,
          seed: num(values.seed, 'seed'),
          guests: num(values.guests, 'guests'),
        }
      : {
          ...common,
          port,
          seed: num(values.seed, 'seed'),
          nodes: num(values.nodes, 'nodes'),
          guests: num(values.guests, 'guests'),
          version: values['pve-version'],
        },
  );
  started.push(cluster);
  if (values['also-standalone']) {
    try {
      started.push(
        await startDemoCluster({ ...standaloneOptions, port: port === 0 ? 0 : port + 1 }),
      );
    } catch (err) {
      await cluster.close();
      throw err;
    }
  }
  for (const demo of started) describe(demo);
  if (values['direct-nodes']) {
    for (const n of cluster.nodeNames()) {
      try {
        console.log(
          `  node ${n.padEnd(17)} ${cluster.nodeUrl(n)}  SHA-256 ${cluster.nodeFingerprint(n)}`,
        );
      } catch {
        // not served
      }
    }
    console.log(
      '  knobs on stdin: offline <node> | online <node> | rotate <node> | join | unreachable | reachable',
    );
    createInterface({ input: process.stdin }).on('line', (line) => {
      void knob(cluster, line.trim()).then(
        (said) => console.log(said),
        (err: unknown) => console.error(err instanceof Error ? err.message : err),
      );
    });
  }
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    Promise.all(started.map((d) => d.close())).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
