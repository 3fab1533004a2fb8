// GET /cluster/resources (spec §3, §4): the one listing every client's refresh loop reads, so it
// is built as text from per-guest constant parts, cached between state changes, with the stats of
// the current stats bucket.

import type { Guest } from './model';
import type { NodeViews } from './node-views';
import type { Simulation } from './sim';
import { guestStats } from './stats';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

type Json = Record<string, unknown>;

export class ResourceListing {
  private readonly cache = new Map<string, { key: string; body: string }>();
  private readonly parts = new Map<Guest, { head: string; tail: string }>();
  private partsVersion = -1;

  constructor(
    private readonly sim: Simulation,
    private readonly nodes: NodeViews,
  ) {}

  /**
   * The `data` array of GET /cluster/resources, serialised. Built by string concatenation with
   * per-guest constant parts cached between state changes: at 5,000 guests this is the hot path
   * of every client's refresh loop.
   */
  resourcesJson(type: string | undefined, withStats: boolean): string {
    const sc = this.sim.statsClock();
    const key = `${sc.bucket}:${this.sim.state.version}`;
    const cacheKey = `${type ?? ''}:${withStats ? 1 : 0}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.key === key) return cached.body;
    if (this.partsVersion !== this.sim.state.version) this.rebuildParts();

    const out: string[] = [];
    const nodeLoad = new Map<string, { threads: number; mem: number }>();
    const poolAgg = new Map<
      string,
      { mem: number; maxmem: number; maxcpu: number; cpuw: number; uptime: number }
    >();
    const online = new Set(this.sim.state.nodes.filter((n) => n.online).map((n) => n.name));
    if (!type || type === 'vm' || type === 'node') {
      const wantVm = !type || type === 'vm';
      for (const g of this.sim.state.order) {
        const parts = this.parts.get(g)!;
        if (!online.has(g.node)) {
          if (wantVm) out.push(parts.head + parts.tail);
          continue;
        }
        const s = guestStats(this.sim.opts.seed, g, sc);
        if (wantVm) {
          out.push(
            `${parts.head},"status":"${g.run}","uptime":${s.uptime},"template":${g.template ? 1 : 0},` +
              `"maxcpu":${g.cores},"cpu":${s.cpu},"maxmem":${g.memoryMiB * MiB},"mem":${s.mem},` +
              `"maxdisk":${g.diskGiB * GiB},"disk":${s.disk},"netin":${s.netin},"netout":${s.netout},` +
              `"diskread":${s.diskread},"diskwrite":${s.diskwrite}` +
              (g.type === 'qemu' && this.sim.pve9 ? `,"memhost":${s.memhost}` : '') +
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
      for (const n of this.sim.state.nodes) {
        const load = nodeLoad.get(n.name) ?? { threads: 0, mem: 0 };
        rest.push(this.nodes.nodeEntry(n, load.threads, load.mem, sc, withStats));
      }
    }
    if (!type || type === 'storage') {
      for (const n of this.sim.state.nodes) {
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
      for (const n of this.sim.state.nodes) {
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
      for (const pool of this.sim.state.pools) {
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
    this.cache.set(cacheKey, { key, body });
    return body;
  }

  /** The constant beginning and end of each guest's resource entry, as JSON text. */
  private rebuildParts(): void {
    const online = new Set(this.sim.state.nodes.filter((n) => n.online).map((n) => n.name));
    for (const g of this.sim.state.order) {
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
    this.partsVersion = this.sim.state.version;
  }
}
