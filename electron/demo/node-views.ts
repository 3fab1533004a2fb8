// The node views the API serves (spec §3): a node's entry in /cluster/resources and GET /nodes,
// and GET /nodes/{node}/status, derived from the node's record and its guests' stats.

import type { DemoNode } from './model';
import { CPU_FLAGS, KERNEL_RELEASE, KERNEL_VERSION } from './seed/node-hardware';
import type { Simulation } from './sim';
import { guestStats, nodeStats, type StatsClock } from './stats';

const GiB = 1024 ** 3;

type Json = Record<string, unknown>;

export class NodeViews {
  constructor(private readonly sim: Simulation) {}

  /** A node's entry in /cluster/resources (and, trimmed, in GET /nodes). */
  nodeEntry(n: DemoNode, threads: number, mem: number, sc: StatsClock, withStats: boolean): Json {
    const e: Json = {
      id: `node/${n.name}`,
      node: n.name,
      type: 'node',
      status: n.online ? 'online' : 'offline',
    };
    if (!n.online) {
      // pve-manager PVE/API2Tools.pm extract_node_stats: an offline member keeps the level and
      // the capacities of its last RRD entry; live figures (uptime, cpu, mem, disk) are dropped.
      e.level = '';
      if (withStats) Object.assign(e, { maxcpu: n.maxcpu, maxmem: n.maxmem, maxdisk: n.maxdisk });
      return e;
    }
    if (withStats) {
      const s = nodeStats(this.sim.opts.seed, n, threads, mem, sc);
      Object.assign(e, {
        uptime: s.uptime,
        cpu: s.cpu,
        maxcpu: n.maxcpu,
        mem: s.mem,
        maxmem: n.maxmem,
        disk: s.disk,
        maxdisk: n.maxdisk,
      });
    }
    e.level = '';
    e['cgroup-mode'] = 2;
    e['host-arch'] = 'x86_64';
    e.hastate = 'online';
    return e;
  }

  /** What the node's running guests use: CPU threads and memory. */
  nodeLoad(node: DemoNode, sc: StatsClock): { threads: number; mem: number } {
    let threads = 0;
    let mem = 0;
    for (const g of this.sim.state.order) {
      if (g.node !== node.name || g.run === 'stopped') continue;
      const s = guestStats(this.sim.opts.seed, g, sc);
      threads += s.cpu * g.cores;
      mem += g.type === 'qemu' ? s.memhost : s.mem;
    }
    return { threads, mem };
  }

  nodesList(): Json[] {
    const sc = this.sim.statsClock();
    return this.sim.state.nodes.map((n) => {
      const load = n.online ? this.nodeLoad(n, sc) : { threads: 0, mem: 0 };
      const e = this.nodeEntry(n, load.threads, load.mem, sc, true);
      delete e['cgroup-mode'];
      delete e['host-arch'];
      delete e.hastate;
      e.ssl_fingerprint = n.fingerprint;
      return e;
    });
  }

  nodeStatus(node: DemoNode): Json {
    const sc = this.sim.statsClock();
    const load = this.nodeLoad(node, sc);
    const s = nodeStats(this.sim.opts.seed, node, load.threads, load.mem, sc);
    const rootUsed = s.disk;
    return {
      uptime: s.uptime,
      idle: 0,
      loadavg: s.loadavg,
      kversion: `Linux ${KERNEL_RELEASE} ${KERNEL_VERSION}`,
      'current-kernel': {
        sysname: 'Linux',
        release: KERNEL_RELEASE,
        version: KERNEL_VERSION,
        machine: 'x86_64',
      },
      'boot-info': { mode: 'efi', secureboot: 0 },
      cpuinfo: {
        model: 'AMD EPYC 7302P 16-Core Processor',
        sockets: 1,
        cores: node.maxcpu / 2,
        cpus: node.maxcpu,
        mhz: '2999.998',
        user_hz: 100,
        flags: CPU_FLAGS,
        hvm: '1',
      },
      cpu: s.cpu,
      wait: s.wait,
      memory: {
        total: node.maxmem,
        used: s.mem,
        free: node.maxmem - s.mem,
        available: node.maxmem - s.mem,
      },
      swap: { total: 8 * GiB, used: 0, free: 8 * GiB },
      ksm: { shared: 0 },
      rootfs: {
        total: node.maxdisk,
        used: rootUsed,
        free: node.maxdisk - rootUsed,
        avail: node.maxdisk - rootUsed - Math.floor(node.maxdisk * 0.05),
      },
      pveversion: `pve-manager/${this.sim.opts.version}/9e2c1a0d5b5d1f1e`,
    };
  }
}
