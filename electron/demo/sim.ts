// The simulation: cluster state, clock, tasks and the read-side views the API serves
// (spec §3 and §4 field rules). Power actions live in power.ts.

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
import { guestStats, nodeStats, type StatsClock } from './stats';
import { TaskManager } from './tasks';
import { createHash } from 'node:crypto';

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
}

type Json = Record<string, unknown>;

export class Simulation {
  readonly state: ClusterState;
  readonly tasks: TaskManager;
  /** the node this server is (it answers for the others as pveproxy would by proxying) */
  readonly localNode: DemoNode;
  private resourcesCache = new Map<string, { key: string; body: string }>();
  private parts = new Map<Guest, { head: string; tail: string }>();
  private partsVersion = -1;

  constructor(
    readonly clock: SimClock,
    readonly opts: SimOptions,
  ) {
    this.state = createCluster({ ...opts, now: clock.now() });
    this.localNode = this.state.nodes[0]!;
    this.tasks = new TaskManager(clock, this.state.nodes, opts.taskTimeScale, opts.seed);
    this.seedHistory();
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

  // ---- /cluster/resources --------------------------------------------------------------------

  /**
   * The `data` array of GET /cluster/resources, serialised. Built by string concatenation with
   * per-guest constant parts cached between state changes: at 5,000 guests this is the hot path
   * of every client's refresh loop.
   */
  resourcesJson(type: string | undefined, withStats: boolean): string {
    const sc = this.statsClock();
    const key = `${sc.bucket}:${this.state.version}`;
    const cacheKey = `${type ?? ''}:${withStats ? 1 : 0}`;
    const cached = this.resourcesCache.get(cacheKey);
    if (cached && cached.key === key) return cached.body;
    if (this.partsVersion !== this.state.version) this.rebuildParts();

    const out: string[] = [];
    const nodeLoad = new Map<string, { threads: number; mem: number }>();
    const poolAgg = new Map<
      string,
      { mem: number; maxmem: number; maxcpu: number; cpuw: number; uptime: number }
    >();
    const online = new Set(this.state.nodes.filter((n) => n.online).map((n) => n.name));
    if (!type || type === 'vm' || type === 'node') {
      const wantVm = !type || type === 'vm';
      for (const g of this.state.order) {
        const parts = this.parts.get(g)!;
        if (!online.has(g.node)) {
          if (wantVm) out.push(parts.head + parts.tail);
          continue;
        }
        const s = guestStats(this.opts.seed, g, sc);
        if (wantVm) {
          out.push(
            `${parts.head},"status":"${g.run}","uptime":${s.uptime},"template":${g.template ? 1 : 0},` +
              `"maxcpu":${g.cores},"cpu":${s.cpu},"maxmem":${g.memoryMiB * MiB},"mem":${s.mem},` +
              `"maxdisk":${g.diskGiB * GiB},"disk":${s.disk},"netin":${s.netin},"netout":${s.netout},` +
              `"diskread":${s.diskread},"diskwrite":${s.diskwrite}` +
              (g.type === 'qemu' ? `,"memhost":${s.memhost}` : '') +
              parts.tail,
          );
        }
        if (g.run !== 'stopped') {
          const load = nodeLoad.get(g.node) ?? { threads: 0, mem: 0 };
          load.threads += s.cpu * g.cores;
          load.mem += s.mem;
          nodeLoad.set(g.node, load);
        }
        if (g.pool) {
          const p = poolAgg.get(g.pool) ?? { mem: 0, maxmem: 0, maxcpu: 0, cpuw: 0, uptime: 0 };
          p.maxmem += g.memoryMiB * MiB;
          p.maxcpu += g.cores;
          p.mem += s.mem;
          p.cpuw += s.cpu * g.cores;
          p.uptime = Math.max(p.uptime, s.uptime);
          poolAgg.set(g.pool, p);
        }
      }
    }
    const rest: Json[] = [];
    if (!type || type === 'node') {
      for (const n of this.state.nodes) {
        const load = nodeLoad.get(n.name) ?? { threads: 0, mem: 0 };
        rest.push(this.nodeEntry(n, load.threads, load.mem, sc, withStats));
      }
    }
    if (!type || type === 'storage') {
      for (const n of this.state.nodes) {
        for (const st of n.storages) {
          const e: Json = {
            id: `storage/${n.name}/${st.storage}`,
            storage: st.storage,
            node: n.name,
            type: 'storage',
            status: n.online ? 'available' : 'unknown',
            shared: st.shared ? 1 : 0,
            content: st.content,
            plugintype: st.plugintype,
          };
          if (n.online) {
            e.disk = Math.floor(st.maxdisk * st.usedFrac);
            e.maxdisk = st.maxdisk;
          }
          rest.push(e);
        }
      }
    }
    if (!type || type === 'sdn') {
      for (const n of this.state.nodes) {
        if (!n.online) continue;
        rest.push({
          id: `sdn/${n.name}/localnetwork`,
          sdn: 'localnetwork',
          node: n.name,
          type: 'sdn',
          status: 'ok',
        });
      }
    }
    if (!type) {
      for (const pool of this.state.pools) {
        const p = poolAgg.get(pool);
        const e: Json = { id: `/pool/${pool}`, pool, type: 'pool' };
        if (p) {
          e.maxmem = p.maxmem;
          e.mem = p.mem;
          e.maxcpu = p.maxcpu;
          e.cpu = p.maxcpu > 0 ? Math.round((p.cpuw / p.maxcpu) * 1e6) / 1e6 : 0;
          e.uptime = p.uptime;
        }
        rest.push(e);
      }
    }
    for (const e of rest) out.push(JSON.stringify(e));
    const body = `[${out.join(',')}]`;
    this.resourcesCache.set(cacheKey, { key, body });
    return body;
  }

  /** The constant beginning and end of each guest's resource entry, as JSON text. */
  private rebuildParts(): void {
    const online = new Set(this.state.nodes.filter((n) => n.online).map((n) => n.name));
    for (const g of this.state.order) {
      let head = `{"id":"${g.type}/${g.vmid}","vmid":${g.vmid},"node":${JSON.stringify(g.node)},"type":"${g.type}"`;
      let tail = '';
      if (!online.has(g.node)) {
        // No RRD broadcast from a dead node: only what the cluster file system knows.
        head += `,"status":"unknown","name":${JSON.stringify(g.name)},"template":${g.template ? 1 : 0}`;
      } else {
        head += `,"name":${JSON.stringify(g.name)}`;
      }
      if (g.tags.length) tail += `,"tags":${JSON.stringify(g.tags.join(';'))}`;
      if (g.pool) tail += `,"pool":${JSON.stringify(g.pool)}`;
      if (g.lock) tail += `,"lock":${JSON.stringify(g.lock)}`;
      if (g.ha) tail += `,"hastate":"${g.ha}"`;
      this.parts.set(g, { head, tail: tail + '}' });
    }
    this.partsVersion = this.state.version;
  }

  private nodeEntry(
    n: DemoNode,
    threads: number,
    mem: number,
    sc: StatsClock,
    withStats: boolean,
  ): Json {
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
      const s = nodeStats(this.opts.seed, n, threads, mem, sc);
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

  private nodeLoad(node: DemoNode, sc: StatsClock): { threads: number; mem: number } {
    let threads = 0;
    let mem = 0;
    for (const g of this.state.order) {
      if (g.node !== node.name || g.run === 'stopped') continue;
      const s = guestStats(this.opts.seed, g, sc);
      threads += s.cpu * g.cores;
      mem += s.mem;
    }
    return { threads, mem };
  }

  // ---- nodes ---------------------------------------------------------------------------------

  nodesList(): Json[] {
    const sc = this.statsClock();
    return this.state.nodes.map((n) => {
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
    const sc = this.statsClock();
    const load = this.nodeLoad(node, sc);
    const s = nodeStats(this.opts.seed, node, load.threads, load.mem, sc);
    const rootUsed = s.disk;
    return {
      uptime: s.uptime,
      idle: 0,
      loadavg: s.loadavg,
      kversion: 'Linux 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)',
      'current-kernel': {
        sysname: 'Linux',
        release: '6.14.11-4-pve',
        version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)',
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
        flags:
          'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif v_spec_ctrl umip rdpid overflow_recov succor smca sev sev_es',
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
      pveversion: `pve-manager/${this.opts.version}/9e2c1a0d5b5d1f1e`,
    };
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
      e.memhost = s.memhost;
      // qemu-server vmstatus sets `serial: 1` only when a serial port is configured.
      if (g.serial) e.serial = 1;
    }
    if (running) e.pid = g.pid;
    if (g.tags.length) e.tags = g.tags.join(';');
    if (g.lock) e.lock = g.lock;
    if (g.template) e.template = 1;
    if (g.type === 'qemu' && (current || full) && running) {
      e.qmpstatus = g.run;
      e['running-machine'] = 'pc-i440fx-10.0+pve0';
      e['running-qemu'] = '10.0.2';
    }
    if (current) {
      e.ha = g.ha ? { managed: 1, state: g.ha } : { managed: 0 };
      if (g.type === 'qemu' && g.agent) e.agent = 1;
      if (running) {
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

  // ---- history -------------------------------------------------------------------------------

  /** Last night's backups and a few older starts, so task lists and logs have something to show. */
  private seedHistory(): void {
    const now = this.clock.now();
    const midnight = now - (now % 86400) - 86400 + 3600;
    for (const node of this.state.nodes) {
      if (!node.online) continue;
      const mine = this.state.order.filter((g) => g.node === node.name && !g.template).slice(0, 4);
      let t = midnight;
      for (const g of mine) {
        const secs = 40 + ((g.vmid * 37) % 200);
        const kind = g.type === 'qemu' ? 'qemu' : 'lxc';
        const ext = g.type === 'qemu' ? 'vma.zst' : 'tar.zst';
        const stamp = new Date(t * 1000)
          .toISOString()
          .replace(/T/, '_')
          .replace(/:/g, '_')
          .slice(0, 19)
          .replace(/-/g, '_');
        const failed = g.lock !== undefined;
        const log = [
          `INFO: starting new backup job: vzdump ${g.vmid} --storage nas-backup --mode snapshot --compress zstd --node ${node.name}`,
          `INFO: Starting Backup of VM ${g.vmid} (${kind})`,
          `INFO: Backup started at ${new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19)}`,
          `INFO: status = ${g.run === 'stopped' ? 'stopped' : 'running'}`,
          `INFO: VM Name: ${g.name}`,
          `INFO: include disk 'scsi0' 'local-lvm:vm-${g.vmid}-disk-0' ${g.diskGiB}G`,
          'INFO: backup mode: snapshot',
          'INFO: ionice priority: 7',
          `INFO: creating vzdump archive '/mnt/pve/nas-backup/dump/vzdump-${kind}-${g.vmid}-${stamp}.${ext}'`,
        ];
        for (let p = 10; p <= 100; p += 10) {
          log.push(
            `INFO: ${String(p).padStart(3)}% (${((g.diskGiB * p) / 100).toFixed(1)} GiB of ${g.diskGiB}.0 GiB) in ${Math.round((secs * p) / 100)}s`,
          );
        }
        if (failed) {
          this.tasks.addHistoric(
            node.name,
            'vzdump',
            String(g.vmid),
            'root@pam',
            t,
            secs,
            log.slice(0, 12),
            `job errors`,
          );
        } else {
          log.push(
            `INFO: backup is sparse: ${(g.diskGiB * 0.4).toFixed(2)} GiB (40%) total zero data`,
          );
          log.push(
            `INFO: Finished Backup of VM ${g.vmid} (00:0${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')})`,
          );
          log.push('INFO: Backup job finished successfully');
          this.tasks.addHistoric(node.name, 'vzdump', String(g.vmid), 'root@pam', t, secs, log);
        }
        t += secs + 5;
      }
      const started = mine.find((g) => g.run !== 'stopped');
      if (started) {
        const type = started.type === 'qemu' ? 'qmstart' : 'vzstart';
        this.tasks.addHistoric(
          node.name,
          type,
          String(started.vmid),
          'root@pam',
          Math.max(started.startedAt, node.bootedAt + 60),
          2,
          [],
        );
      }
    }
  }
}

export type { Guest, GuestType, DemoNode };
