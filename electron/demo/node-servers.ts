// The demo's nodes on the wire. Each node PVE runs has its own pveproxy and its own self-signed
// pve-ssl.pem; with `directNodes` every online node is served by its own HTTPS front end on its
// own loopback address and the cluster's one port (pve1 127.0.0.1, pve2 127.0.0.2, …, which is
// each node's `ip` in /cluster/status), so a client can talk to any node directly. Without it only
// the first node is served and the others are reached through it. The knobs: a node taken offline
// and back, a node that joins later, a node's certificate rotated, the whole cluster unreachable.

import type { Disposable, Scheduler } from '../../shared/lifecycle';
import type { AuthService } from './auth';
import { createCertificate, type DemoCertificate } from './certificate';
import type { ConsoleManager } from './console/manager';
import type { FaultSet } from './faults';
import type { DemoNode } from './model';
import { NODE_STORAGES } from './seed/storages';
import { ApiServer } from './server';
import type { Simulation } from './sim';

const GiB = 1024 ** 3;

export interface NodeServersOptions {
  sim: Simulation;
  auth: AuthService;
  faults: FaultSet;
  consoles: ConsoleManager;
  latencyMs: number;
  authFailureDelayMs: number;
  scheduler: Scheduler;
  /** Serve every node on its own address (else only the first node). */
  direct: boolean;
}

/** pve1 → 127.0.0.1, pve2 → 127.0.0.2: every 127/8 address is loopback on Linux. */
function loopbackFor(index: number): string {
  return `127.0.0.${index + 1}`;
}

export class NodeServers implements Disposable {
  private readonly certs = new Map<string, DemoCertificate>();
  private readonly servers = new Map<string, ApiServer>();
  private readonly retiredCounts = new Map<string, number>();
  private unreachable = false;
  private disposed = false;
  private port = 0;

  constructor(private readonly opts: NodeServersOptions) {}

  /** Make the certificates and start the front ends; resolves with the port they share. */
  async start(port: number): Promise<number> {
    const { sim } = this.opts;
    const served = this.opts.direct ? sim.state.nodes : [sim.localNode];
    if (this.opts.direct) sim.state.nodes.forEach((n, i) => (n.ip = loopbackFor(i)));
    await Promise.all(served.map((n) => this.newCertificate(n)));
    this.port = port;
    // The first node first: it picks the port the others then share.
    await this.serve(sim.localNode);
    for (const n of served) if (n !== sim.localNode && n.online) await this.serve(n);
    return this.port;
  }

  /** Whether this node has a front end of its own (else it is reached through the first node). */
  served(node: DemoNode): boolean {
    return this.opts.direct || node === this.opts.sim.localNode;
  }

  certificate(name: string): DemoCertificate {
    const c = this.certs.get(name);
    if (!c) throw new Error(`the demo does not serve ${name} itself (start it with directNodes)`);
    return c;
  }

  url(name: string): string {
    const node = this.opts.sim.node(name);
    if (!this.served(node)) throw new Error(`${name} is reached through the first node only`);
    const host = this.opts.direct ? node.ip : '127.0.0.1';
    return `https://${host}:${this.port}`;
  }

  /** A fresh certificate for `name`; its front end restarts its connections with it. */
  async rotate(name: string): Promise<string> {
    const node = this.opts.sim.node(name);
    if (!this.served(node)) throw new Error(`the demo does not serve ${name} itself`);
    const cert = await this.newCertificate(node);
    this.servers.get(name)?.setCertificate(cert.key, cert.cert);
    return cert.fingerprint;
  }

  /** Take a node down (the cluster sees it offline, its front end stops) or bring it back. */
  async setOnline(name: string, online: boolean): Promise<void> {
    const node = this.opts.sim.node(name);
    if (node.online === online) return;
    node.online = online;
    if (!online) {
      for (const g of this.opts.sim.state.order) {
        if (g.node !== name) continue;
        g.run = 'stopped';
        g.startedAt = 0;
      }
    } else {
      node.bootedAt = this.opts.sim.clock.now();
    }
    this.opts.sim.touch();
    if (!this.served(node)) return;
    if (online) await this.serve(node);
    else await this.stop(name);
  }

  /** A node joins the cluster: no guests yet, its own certificate and (direct) front end. */
  async addNode(): Promise<string> {
    const { sim } = this.opts;
    if (sim.state.standalone) throw new Error('A standalone node has no cluster to join');
    const nodes = sim.state.nodes;
    const index = nodes.length;
    const maxcpu = 16;
    const node: DemoNode = {
      name: `pve${index + 1}`,
      nodeid: Math.max(...nodes.map((n) => n.nodeid)) + 1,
      ip: this.opts.direct ? loopbackFor(index) : `10.10.0.${11 + index}`,
      online: true,
      maxcpu,
      maxmem: maxcpu * 8 * GiB,
      maxdisk: 100 * GiB,
      bootedAt: sim.clock.now() - 600,
      fingerprint: '',
      // A fresh node: its storages as empty as the seed's base.
      storages: NODE_STORAGES.map((st) => ({
        storage: st.storage,
        plugintype: st.plugintype,
        shared: st.shared,
        content: st.content,
        maxdisk: st.maxdisk,
        usedFrac: st.usedBase,
      })),
    };
    nodes.push(node);
    if (this.opts.direct) {
      await this.newCertificate(node);
      await this.serve(node);
    } else {
      const cert = await createCertificate(node.name);
      node.fingerprint = cert.fingerprint;
    }
    sim.touch();
    return node.name;
  }

  /** Every front end stops (connections refused) or starts again. */
  async setReachable(reachable: boolean): Promise<void> {
    if (this.unreachable === !reachable) return;
    this.unreachable = !reachable;
    if (!reachable) {
      for (const name of [...this.servers.keys()]) await this.stop(name);
      return;
    }
    for (const n of this.opts.sim.state.nodes) if (n.online && this.served(n)) await this.serve(n);
  }

  requestCounts(): Map<string, number> {
    const out = new Map(this.retiredCounts);
    for (const s of this.servers.values()) {
      for (const [k, v] of s.requestCounts()) out.set(k, (out.get(k) ?? 0) + v);
    }
    return out;
  }

  /** TLS connections the running front ends accepted. */
  tlsConnections(): number {
    let n = 0;
    for (const s of this.servers.values()) n += s.tlsConnections();
    return n;
  }

  /** The first node's front end (for tests that look at its server). */
  get first(): ApiServer | undefined {
    return this.servers.get(this.opts.sim.localNode.name);
  }

  private async newCertificate(node: DemoNode): Promise<DemoCertificate> {
    const cert = await createCertificate(node.name, this.opts.direct ? node.ip : '127.0.0.1');
    this.certs.set(node.name, cert);
    node.fingerprint = cert.fingerprint;
    node.certificatePem = cert.cert;
    return cert;
  }

  private async serve(node: DemoNode): Promise<void> {
    if (this.disposed || this.unreachable || this.servers.has(node.name)) return;
    const cert = this.certificate(node.name);
    const server = new ApiServer(
      this.opts.sim,
      this.opts.auth,
      this.opts.faults,
      this.opts.consoles,
      {
        key: cert.key,
        cert: cert.cert,
        latencyMs: this.opts.latencyMs,
        authFailureDelayMs: this.opts.authFailureDelayMs,
        scheduler: this.opts.scheduler,
        localNode: node,
      },
    );
    this.servers.set(node.name, server);
    try {
      const host = this.opts.direct ? node.ip : '127.0.0.1';
      this.port = await server.listen(this.port, host);
    } catch (err) {
      this.servers.delete(node.name);
      await server.dispose();
      throw err;
    }
  }

  private async stop(name: string): Promise<void> {
    const server = this.servers.get(name);
    if (!server) return;
    this.servers.delete(name);
    for (const [k, v] of server.requestCounts()) {
      this.retiredCounts.set(k, (this.retiredCounts.get(k) ?? 0) + v);
    }
    await server.dispose();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const name of [...this.servers.keys()]) await this.stop(name);
  }
}
