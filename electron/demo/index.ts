// The demo cluster: a simulated Proxmox VE 9 cluster over HTTPS on 127.0.0.1.
// See api.ts for the public surface and ../../../shared/spec/pve-protocols.md for what it mimics.
// Everything a cluster starts (auth's key jobs, the task timers, the consoles, the HTTPS servers
// of node-servers.ts)
// is in one DisposableStore; close() and dispose() dispose it.

import { DisposableStore, systemScheduler } from '../../shared/lifecycle';
import type { DemoCluster, DemoClusterOptions, FaultRule } from './api';
import { AuthService } from './auth';
import { SimClock } from './clock';
import { ConsoleManager } from './console/manager';
import { DEFAULT_PVE_VERSION, parseVersion } from './console/version';
import { setStorageAvail } from './backups-model';
import { editAsOtherClient } from './config';
import { FaultSet } from './faults';
import { NodeServers } from './node-servers';
import { Simulation } from './sim';

export type {
  ConsoleSessionInfo,
  ConsoleSupport,
  DemoCluster,
  DemoClusterOptions,
  DemoCredentials,
  FaultRule,
} from './api';

export async function startDemoCluster(opts: DemoClusterOptions = {}): Promise<DemoCluster> {
  const nodes = opts.standalone ? 1 : (opts.nodes ?? 3);
  const version = opts.version ?? DEFAULT_PVE_VERSION;
  parseVersion(version);
  const scheduler = opts.scheduler ?? systemScheduler;
  const clock = new SimClock();
  const store = new DisposableStore('demo cluster');
  try {
    return await start(opts, { nodes, version, scheduler, clock, store });
  } catch (err) {
    // A start that fails half-way stops what it had started.
    await store.dispose();
    throw err;
  }
}

async function start(
  opts: DemoClusterOptions,
  c: {
    nodes: number;
    version: string;
    scheduler: NonNullable<DemoClusterOptions['scheduler']>;
    clock: SimClock;
    store: DisposableStore;
  },
): Promise<DemoCluster> {
  const { nodes, version, scheduler, clock, store } = c;
  // Disposed newest first: the consoles end, the server goes, then auth and the task timers.
  const sim = new Simulation(clock, {
    seed: opts.seed ?? 1,
    nodes,
    guests: opts.guests ?? 30,
    offlineNodes: opts.offlineNodes ?? (nodes >= 3 ? 1 : 0),
    taskTimeScale: opts.taskTimeScale ?? 1,
    ...(opts.journalLinesPerSecond !== undefined
      ? { journalLinesPerSecond: opts.journalLinesPerSecond }
      : {}),
    statsIntervalMs: opts.statsIntervalMs ?? 1000,
    version,
    scheduler,
    ...(opts.standalone ? { standalone: true } : {}),
    ...(opts.standaloneName !== undefined ? { standaloneName: opts.standaloneName } : {}),
    ...(opts.firstBlueprint !== undefined ? { firstBlueprint: opts.firstBlueprint } : {}),
  });
  store.add(sim);
  const localName = sim.localNode.name;
  const [auth] = await Promise.all([
    // In the store as soon as it exists, so a failing certificate still stops its key job.
    AuthService.create(clock, opts.password).then((a) => store.add(a)),
    ConsoleManager.prepare(),
  ]);
  const faults = new FaultSet();
  // Made just below; the consoles only ask for the PEM once a console opens.
  const nodesRef: { servers?: NodeServers } = {};
  const consoles = new ConsoleManager(sim, auth, {
    version,
    vncBackend: opts.vncBackend ?? 'auto',
    pty: opts.pty ?? true,
    certificatePem: () => nodesRef.servers?.certificate(localName).cert ?? '',
    scheduler,
  });
  const nodeServers = store.add(
    new NodeServers({
      sim,
      auth,
      faults,
      consoles,
      latencyMs: opts.latencyMs ?? 0,
      authFailureDelayMs: opts.authFailureDelayMs ?? 0,
      scheduler,
      direct: opts.directNodes ?? false,
    }),
  );
  nodesRef.servers = nodeServers;
  store.add(consoles);
  const port = await nodeServers.start(opts.port ?? 0);

  const close = (): Promise<void> => store.dispose();
  const cluster: DemoCluster = {
    url: `https://127.0.0.1:${port}`,
    port,
    get fingerprint() {
      return nodeServers.certificate(localName).fingerprint;
    },
    get certificatePem() {
      return nodeServers.certificate(localName).cert;
    },
    localNode: localName,
    standalone: sim.state.standalone,
    credentials: {
      username: 'root@pam',
      realm: 'pam',
      password: auth.rootPassword,
      readonlyUser: { username: 'audit@pve', realm: 'pve', password: auth.auditPassword },
      tfaUser: {
        username: 'tfa@pve',
        realm: 'pve',
        password: auth.tfaPassword,
        totpSecret: auth.totpSecret,
        recoveryKeys: auth.recoveryKeys,
      },
      webauthnUser: { username: 'webauthn@pve', realm: 'pve', password: auth.tfaPassword },
      token: { tokenId: auth.tokenId, secret: auth.tokenSecret },
    },
    addFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setPassword: (userid: string, password: string) => auth.setPassword(userid, password),
    expireTickets: () => auth.expireAll(),
    advanceClock: (seconds: number) => clock.advance(seconds),
    rotateCertificate: async (node?: string) => {
      const name = node ?? localName;
      if (store.isDisposed) return nodeServers.certificate(name).fingerprint;
      return nodeServers.rotate(name);
    },
    nodeNames: () => sim.state.nodes.map((n) => n.name),
    nodeUrl: (node: string) => nodeServers.url(node),
    nodeFingerprint: (node: string) => nodeServers.certificate(node).fingerprint,
    setNodeOnline: (node: string, online: boolean) => nodeServers.setOnline(node, online),
    addNode: () => nodeServers.addNode(),
    setReachable: (reachable: boolean) => nodeServers.setReachable(reachable),
    requestCounts: () => nodeServers.requestCounts(),
    tlsConnections: () => nodeServers.tlsConnections(),
    setJournalRate: (linesPerSecond: number) => sim.journals.setRate(linesPerSecond),
    holdTasks: (hold: boolean) => sim.tasks.hold(hold),
    ignoreShutdown: (vmid: number, ignore: boolean) => {
      const g = sim.state.guests.get(vmid);
      if (!g) throw new Error(`no guest ${String(vmid)}`);
      g.ignoresShutdown = ignore;
    },
    editConfig: (vmid: number, changes: Record<string, string>) =>
      editAsOtherClient(sim, vmid, changes),
    setStorageAvail: (node: string, storage: string, bytes: number) =>
      setStorageAvail(sim, node, storage, bytes),
    version,
    consoleSupport: () => consoles.support(),
    consoleSessions: () => consoles.list(),
    dropConsoleSockets: () => consoles.dropSockets(),
    stallConsoleSockets: () => consoles.stallSockets(),
    shellInput: () => consoles.shellInput(),
    close,
    dispose: close,
  };
  return cluster;
}
