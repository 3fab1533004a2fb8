// The demo cluster: a simulated Proxmox VE 9 cluster over HTTPS on 127.0.0.1.
// See api.ts for the public surface and ../../../shared/spec/pve-protocols.md for what it mimics.

import type { DemoCluster, DemoClusterOptions, FaultRule } from './api';
import { AuthService } from './auth';
import { createCertificate, type DemoCertificate } from './certificate';
import { SimClock } from './clock';
import { ConsoleManager } from './console/sessions';
import { DEFAULT_PVE_VERSION, parseVersion } from './console/version';
import { FaultSet } from './faults';
import { ApiServer } from './server';
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
  const nodes = opts.nodes ?? 3;
  const version = opts.version ?? DEFAULT_PVE_VERSION;
  parseVersion(version);
  const clock = new SimClock();
  const sim = new Simulation(clock, {
    seed: opts.seed ?? 1,
    nodes,
    guests: opts.guests ?? 30,
    offlineNodes: opts.offlineNodes ?? (nodes >= 3 ? 1 : 0),
    taskTimeScale: opts.taskTimeScale ?? 1,
    statsIntervalMs: opts.statsIntervalMs ?? 1000,
    version,
  });
  const localName = sim.localNode.name;
  const [auth, firstCert] = await Promise.all([
    AuthService.create(clock, opts.password),
    createCertificate(localName),
    ConsoleManager.prepare(),
  ]);
  let cert: DemoCertificate = firstCert;
  sim.localNode.fingerprint = cert.fingerprint;
  const faults = new FaultSet();
  let consoles: ConsoleManager;
  try {
    consoles = new ConsoleManager(sim, auth, {
      version,
      vncBackend: opts.vncBackend ?? 'auto',
      pty: opts.pty ?? true,
      certificatePem: () => cert.cert,
    });
  } catch (err) {
    sim.tasks.close();
    await auth.close();
    throw err;
  }
  const api = new ApiServer(sim, auth, faults, consoles, {
    key: cert.key,
    cert: cert.cert,
    latencyMs: opts.latencyMs ?? 0,
    authFailureDelayMs: opts.authFailureDelayMs ?? 0,
  });
  let port: number;
  try {
    port = await api.listen(opts.port ?? 0);
  } catch (err) {
    sim.tasks.close();
    await consoles.close();
    await auth.close();
    throw err;
  }

  let closed: Promise<void> | undefined;
  const cluster: DemoCluster = {
    url: `https://127.0.0.1:${port}`,
    port,
    get fingerprint() {
      return cert.fingerprint;
    },
    get certificatePem() {
      return cert.cert;
    },
    localNode: localName,
    credentials: {
      username: 'root@pam',
      realm: 'pam',
      password: auth.rootPassword,
      readonlyUser: { username: 'audit@pve', realm: 'pve', password: auth.auditPassword },
      token: { tokenId: auth.tokenId, secret: auth.tokenSecret },
    },
    addFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setPassword: (userid: string, password: string) => auth.setPassword(userid, password),
    expireTickets: () => auth.expireAll(),
    advanceClock: (seconds: number) => clock.advance(seconds),
    async rotateCertificate() {
      const next = await createCertificate(localName);
      if (closed) return cert.fingerprint;
      cert = next;
      sim.localNode.fingerprint = cert.fingerprint;
      api.setCertificate(cert.key, cert.cert);
      return cert.fingerprint;
    },
    requestCounts: () => api.requestCounts(),
    version,
    consoleSupport: () => consoles.support(),
    consoleSessions: () => consoles.list(),
    dropConsoleSockets: () => consoles.dropSockets(),
    stallConsoleSockets: () => consoles.stallSockets(),
    close() {
      closed ??= (async () => {
        await consoles.close();
        sim.tasks.close();
        await api.close();
        await auth.close();
      })();
      return closed;
    },
  };
  return cluster;
}
