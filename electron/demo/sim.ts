// The simulation: cluster state, clock, tasks and the read-side views the API serves
// (spec §3 and §4 field rules). Power actions live in power.ts, the node views in node-views.ts,
// /cluster/resources in resources.ts, the seeded task history in seed/history.ts.

import { createHash } from 'node:crypto';
import type { Disposable, Scheduler } from '../../shared/lifecycle';
import type { SimClock } from './clock';
import { fail } from './errors';
import {
  configObject,
  configText,
  createCluster,
  findNode,
  type ClusterState,
  type DemoNode,
  type Guest,
  type GuestType,
} from './model';
import { DemoJournals } from './journal';
import { NodeViews } from './node-views';
import { ResourceListing } from './resources';
import { seedHistory } from './seed/history';
import { guestStats, type StatsClock } from './stats';
import { TaskManager } from './tasks';
import { parseVersion } from './console/version';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface SimOptions {
  seed: number;
  nodes: number;
  guests: number;
  offlineNodes: number;
  taskTimeScale: number;
  statsIntervalMs: number;
  /** pve-manager version reported by GET /version and node status */
  version: string;
  /** journal lines per second per node (default 0.5) */
  journalLinesPerSecond?: number;
  /** where task steps get their timers */
  scheduler: Scheduler;
  /** one node in no cluster (model.ts) */
  standalone?: boolean;
  standaloneName?: string;
  firstBlueprint?: number;
}

type Json = Record<string, unknown>;

export class Simulation implements Disposable {
  readonly state: ClusterState;
  readonly tasks: TaskManager;
  /** the nodes' journals (journal.ts) */
  readonly journals: DemoJournals;
  /** the node this server is (it answers for the others as pveproxy would by proxying) */
  readonly localNode: DemoNode;
  /** pve-manager 9 or later: `memhost` and the pressure (PSI) figures exist; QEMU 10 */
  readonly pve9: boolean;
  private readonly nodes = new NodeViews(this);
  private readonly resources = new ResourceListing(this, this.nodes);

  constructor(
    readonly clock: SimClock,
    readonly opts: SimOptions,
  ) {
    this.state = createCluster({ ...opts, now: clock.now() });
    this.pve9 = (parseVersion(opts.version)[0] ?? 9) >= 9;
    this.localNode = this.state.nodes[0]!;
    this.tasks = new TaskManager(
      clock,
      this.state.nodes,
      opts.taskTimeScale,
      opts.seed,
      opts.scheduler,
    );
    seedHistory(this.state, this.tasks, clock.now());
    this.journals = new DemoJournals(opts.seed, clock, opts.journalLinesPerSecond ?? 0.5);
  }

  /** Stop the task timers (running tasks stay as they are). */
  dispose(): void {
    this.tasks.dispose();
  }

  statsClock(): StatsClock {
    const interval = Math.max(1, this.opts.statsIntervalMs);
    const bucket = Math.floor(this.clock.nowMs() / interval);
    return { bucket, time: Math.floor((bucket * interval) / 1000) };
  }

  touch(): void {
    this.state.version++;
  }

  // ---- lookups with PVE's errors -------------------------------------------------------------

  node(name: string): DemoNode {
    const n = findNode(this.state, name);
    if (!n) {
      throw fail(
        `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`,
      );
    }
    return n;
  }

  /** The guest as the node's config file system sees it: wrong node or type → no such file. */
  guest(node: string, type: GuestType, vmid: number): Guest {
    const g = this.state.guests.get(vmid);
    if (!g || g.node !== node || g.type !== type) {
      const dir = type === 'qemu' ? 'qemu-server' : 'lxc';
      throw fail(`Configuration file 'nodes/${node}/${dir}/${vmid}.conf' does not exist`);
    }
    return g;
  }

  /** The `data` array of GET /cluster/resources, serialised (resources.ts). */
  resourcesJson(type: string | undefined, withStats: boolean): string {
    return this.resources.resourcesJson(type, withStats);
  }

  nodesList(): Json[] {
    return this.nodes.nodesList();
  }

  nodeStatus(node: DemoNode): Json {
    return this.nodes.nodeStatus(node);
  }

  // ---- guests --------------------------------------------------------------------------------

  /** GET /nodes/{node}/qemu|lxc and …/status/current share this shape (vmstatus). */
  guestStatus(g: Guest, current: boolean, full: boolean): Json {
    const s = guestStats(this.opts.seed, g, this.statsClock());
    const running = g.run !== 'stopped';
    const e: Json = {
      // Both cast the id to int (pve-container since 81aa4bd, Dec 2023, "fix return type of
      // vmid for container index API endpoint").
      vmid: g.vmid,
      name: g.name,
      status: running ? 'running' : 'stopped',
      uptime: s.uptime,
      cpu: s.cpu,
      cpus: g.cores,
      mem: s.mem,
      maxmem: g.memoryMiB * MiB,
      disk: s.disk,
      maxdisk: g.diskGiB * GiB,
      diskread: s.diskread,
      diskwrite: s.diskwrite,
      netin: s.netin,
      netout: s.netout,
    };
    if (g.type === 'lxc') {
      e.type = 'lxc';
      e.swap = 0;
      e.maxswap = 512 * MiB;
    } else {
      if (this.pve9) e.memhost = s.memhost;
      // qemu-server vmstatus sets `serial: 1` only when a serial port is configured.
      if (g.serial) e.serial = 1;
    }
    if (running) e.pid = g.pid;
    if (g.tags.length) e.tags = g.tags.join(';');
    if (g.lock) e.lock = g.lock;
    if (g.template) e.template = 1;
    if (g.type === 'qemu' && (current || full) && running) {
      e.qmpstatus = g.run;
      e['running-machine'] = this.pve9 ? 'pc-i440fx-10.0+pve0' : 'pc-i440fx-9.2+pve1';
      e['running-qemu'] = this.pve9 ? '10.0.2' : '9.2.0';
    }
    if (current) {
      e.ha = g.ha ? { managed: 1, state: g.ha } : { managed: 0 };
      if (g.type === 'qemu' && g.agent) e.agent = 1;
      if (g.type === 'qemu' && running) {
        e.balloon = g.memoryMiB * MiB;
        // The balloon driver's figures (qemu-server vmstatus): only when the guest reports them.
        if (g.agent)
          Object.assign(e, balloonInfo(g.memoryMiB * MiB, s.guestUsed, this.clock.now()));
      }
      // PSI figures in status/current came with PVE 9.
      if (running && this.pve9) {
        const r = s.cpu;
        const pressure = Math.round(r * 20 * 100) / 100;
        e.pressurecpusome = pressure;
        e.pressurecpufull = Math.round(pressure * 50) / 100;
        e.pressureiosome = 0;
        e.pressureiofull = 0;
        e.pressurememorysome = 0;
        e.pressurememoryfull = 0;
      }
    }
    return e;
  }

  guestConfig(g: Guest): Json {
    const text = configText(g);
    return { ...configObject(text), digest: createHash('sha1').update(text).digest('hex') };
  }
}

/** `ballooninfo` and `freemem` of a VM whose guest reports its memory (mem = total − free). */
function balloonInfo(maxmem: number, used: number, now: number): Json {
  const total = maxmem - 64 * MiB; // what the guest kernel sees after its reservations
  const free = Math.max(0, total - used);
  return {
    freemem: free,
    ballooninfo: {
      actual: maxmem,
      max_mem: maxmem,
      total_mem: total,
      free_mem: free,
      mem_swapped_in: 0,
      mem_swapped_out: 0,
      major_page_faults: 412,
      minor_page_faults: 1_834_112,
      last_update: now,
    },
  };
}

export type { Guest, GuestType, DemoNode };
