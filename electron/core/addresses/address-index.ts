// One profile's address index: every guest's addresses and the nodes' addresses, kept in the
// background so the tree filter can find a guest by IP or host name. It scales by never asking per
// guest per tick: each refresh tick only tells it what the cluster looks like (`observe`), and it
// reads a guest again when it appears, changes status or node, on a slow refresh (minutes), or a
// few times after a VM started with its agent not up yet; at most `concurrency` reads at once.
// Changes leave batched, as one AddressEvent, and only when something changed.

import type {
  AddressEvent,
  AddressSnapshot,
  GuestAddresses,
  NodeAddress,
} from '../../../shared/addresses';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import { isGuest, type GuestResource, type Resource } from '../../../shared/model';
import type { PveClient } from '../pve/client';
import type { Logger } from '../session/logger';
import { TimerSlot } from '../session/timer-slot';
import { fetchGuestAddresses, fetchNodeAddresses, type GuestTarget } from './fetch';

export interface AddressTimings {
  /** Reads in flight at once, per profile (each read sends one request at a time). */
  concurrency: number;
  /** Running guests and the nodes read again this often (ms)… */
  refreshMs: number;
  /** …and stopped guests (whose addresses only a config edit changes) every this many rounds. */
  stoppedEvery: number;
  /** A running VM whose agent did not answer is asked again after this long (ms)… */
  agentRetryMs: number;
  /** …this many times, then only on the slow refresh. */
  agentRetries: number;
  /** Changes are gathered this long before one event leaves (ms). */
  batchMs: number;
}

// Slow on purpose: addresses change with a status change (read then), rarely otherwise; an open
// detail view re-reads its guest. 500 guests cost about one request a second, not five.
export const DEFAULT_ADDRESS_TIMINGS: AddressTimings = {
  concurrency: 2,
  refreshMs: 30 * 60_000,
  stoppedEvery: 4,
  agentRetryMs: 20_000,
  agentRetries: 3,
  batchMs: 250,
};

export interface AddressIndexOptions {
  profileId: string;
  client: PveClient;
  scheduler: Scheduler;
  now: () => number;
  signal: AbortSignal;
  log: Logger;
  /** False while the session cannot talk to PVE (logging in, offline, halted). */
  canFetch: () => boolean;
  onChange: (event: AddressEvent) => void;
  timings?: Partial<AddressTimings>;
}

interface Known {
  /** Its node and status as last seen: a change of either means the addresses may have changed */
  target: GuestTarget;
  /** The observe round that last saw it (one not seen in a round is gone). */
  round: number;
}

/** A JSON form without the read time, to tell a real change from a re-read. */
function contentOf(g: GuestAddresses): string {
  const { fetchedAt: _omit, ...rest } = g;
  void _omit;
  return JSON.stringify(rest);
}

export class AddressIndex implements Disposable {
  private readonly o: AddressIndexOptions;
  private readonly t: AddressTimings;
  private readonly store = new DisposableStore('AddressIndex');
  private readonly known = new Map<string, Known>();
  private readonly entries = new Map<string, GuestAddresses>();
  private nodes: NodeAddress[] = [];
  /** The node names last seen; undefined until the first observe (which reads them). */
  private nodeNames: string | undefined;
  /** Guest ids waiting for a read, in order; `nodes` is the /cluster/status read. */
  private readonly queue = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly agentRetry = new Map<string, { at: number; count: number }>();
  private readonly changed = new Map<string, GuestAddresses>();
  private readonly removed = new Set<string>();
  private nodesChanged = false;
  private readonly flushSlot: TimerSlot;
  private seq = 0;
  private rounds = 0;
  /** Counts observe calls (Known.round). */
  private observed = 0;
  private refreshing: Disposable | undefined;
  private disposed = false;

  constructor(opts: AddressIndexOptions) {
    this.o = opts;
    this.t = { ...DEFAULT_ADDRESS_TIMINGS, ...opts.timings };
    this.flushSlot = this.store.add(new TimerSlot(opts.scheduler, { label: 'address batch' }));
  }

  /**
   * What the last refresh saw: read guests that are new or changed status or node. With
   * `changed` false (the tick changed no name, status, node or membership) only the retries due
   * are queued: the guests are not walked.
   */
  observe(resources: Iterable<Resource>, changed = true): void {
    if (this.disposed) return;
    if (changed) this.walk(resources);
    const now = this.o.now();
    for (const [id, retry] of this.agentRetry) if (retry.at <= now) this.queue.add(id);
    if (!this.refreshing) {
      this.refreshing = this.store.add(
        this.o.scheduler.setInterval(() => this.refreshAll(), this.t.refreshMs, {
          label: 'address refresh',
          unref: true,
        }),
      );
    }
    this.pump();
  }

  private walk(resources: Iterable<Resource>): void {
    // Nothing is allocated for a guest that did not change.
    const round = ++this.observed;
    let seen = 0;
    const nodes: string[] = [];
    for (const r of resources) {
      if (r.type === 'node') nodes.push(r.node);
      if (!isGuest(r) || r.template) continue;
      if (this.see(r, round)) seen++;
    }
    if (seen !== this.known.size) {
      for (const [id, k] of [...this.known]) {
        if (k.round === round) continue;
        this.known.delete(id);
        this.queue.delete(id);
        this.agentRetry.delete(id);
        if (this.entries.delete(id)) {
          this.changed.delete(id);
          this.removed.add(id);
          this.scheduleFlush();
        }
      }
    }
    const names = nodes.sort().join(',');
    if (names !== this.nodeNames) {
      this.nodeNames = names;
      this.queue.add('nodes');
    }
  }

  /** True when the guest is known after this (not an offline node's `unknown` one). */
  private see(g: GuestResource, round: number): boolean {
    const prev = this.known.get(g.id);
    // An offline node's guests report `unknown`: their last addresses stay until it is back.
    if (g.status === 'unknown') {
      if (prev) prev.round = round;
      return prev !== undefined;
    }
    if (prev && prev.target.node === g.node && prev.target.status === g.status) {
      prev.round = round;
      return true;
    }
    const target: GuestTarget = {
      profileId: this.o.profileId,
      guestId: g.id,
      node: g.node,
      type: g.type,
      vmid: g.vmid,
      status: g.status,
    };
    this.known.set(g.id, { target, round });
    this.agentRetry.delete(g.id);
    this.queue.add(g.id);
    return true;
  }

  /** The slow refresh: running guests and the nodes (stopped ones less often), bounded queue. */
  private refreshAll(): void {
    this.rounds++;
    const stoppedToo = this.rounds % Math.max(1, this.t.stoppedEvery) === 0;
    this.queue.add('nodes');
    for (const [id, k] of this.known) {
      if (stoppedToo || k.target.status !== 'stopped') this.queue.add(id);
    }
    this.pump();
  }

  snapshot(): AddressSnapshot {
    return { seq: this.seq, guests: [...this.entries.values()], nodes: [...this.nodes] };
  }

  /**
   * One guest's addresses, read now unless the last read is younger than `maxAgeMs` (the detail
   * view opening). Undefined for a guest the index does not know (a template, an unknown id).
   */
  async guest(guestId: string, maxAgeMs: number): Promise<GuestAddresses | undefined> {
    const entry = this.entries.get(guestId);
    if (entry && this.o.now() - entry.fetchedAt <= maxAgeMs) return entry;
    // Unknown (a template), or the session cannot talk to PVE now: what the index has.
    if (!this.known.has(guestId) || !this.o.canFetch()) return entry;
    const running = this.inFlight.get(guestId);
    if (running) await running;
    else {
      this.queue.delete(guestId);
      await this.run(guestId);
    }
    return this.entries.get(guestId);
  }

  private pump(): void {
    if (this.disposed || !this.o.canFetch()) return;
    for (const id of this.queue) {
      if (this.inFlight.size >= this.t.concurrency) return;
      // Being read with what was known before: read again once that read is done.
      if (this.inFlight.has(id)) continue;
      this.queue.delete(id);
      void this.run(id).then(() => this.pump());
    }
  }

  private run(id: string): Promise<void> {
    const job = (id === 'nodes' ? this.readNodes() : this.readGuest(id)).finally(() => {
      this.inFlight.delete(id);
    });
    this.inFlight.set(id, job);
    return job;
  }

  private async readGuest(id: string): Promise<void> {
    const known = this.known.get(id);
    if (!known) return;
    let entry: GuestAddresses;
    try {
      entry = await fetchGuestAddresses(this.o.client, known.target, this.o.now, this.o.signal);
    } catch (err) {
      // Kept as it was; the next status change or slow refresh reads it again.
      this.agentRetry.delete(id);
      if (!this.disposed) this.o.log('debug', `Addresses of ${id}: ${String(err)}`);
      return;
    }
    // Gone, or moved or changed status meanwhile: that read is queued already.
    if (this.disposed || this.known.get(id)?.target !== known.target) return;
    this.noteAgent(id, entry);
    const before = this.entries.get(id);
    this.entries.set(id, entry);
    if (before && contentOf(before) === contentOf(entry)) return;
    this.removed.delete(id);
    this.changed.set(id, entry);
    this.scheduleFlush();
  }

  /** A running VM whose agent is not up yet (it just booted): ask again a few times. */
  private noteAgent(id: string, entry: GuestAddresses): void {
    if (entry.agent !== 'not-running') {
      this.agentRetry.delete(id);
      return;
    }
    const count = (this.agentRetry.get(id)?.count ?? 0) + 1;
    if (count > this.t.agentRetries) this.agentRetry.delete(id);
    else this.agentRetry.set(id, { at: this.o.now() + this.t.agentRetryMs, count });
  }

  private async readNodes(): Promise<void> {
    let nodes: NodeAddress[];
    try {
      nodes = await fetchNodeAddresses(this.o.client, this.o.signal);
    } catch (err) {
      // Without Sys.Audit on / there are no node addresses; nothing else depends on them.
      if (!this.disposed) this.o.log('debug', `Node addresses: ${String(err)}`);
      return;
    }
    if (this.disposed) return;
    nodes.sort((a, b) => a.node.localeCompare(b.node));
    if (JSON.stringify(nodes) === JSON.stringify(this.nodes)) return;
    this.nodes = nodes;
    this.nodesChanged = true;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushSlot.pending) this.flushSlot.set(() => this.flush(), this.t.batchMs);
  }

  private flush(): void {
    if (this.disposed) return;
    if (this.changed.size === 0 && this.removed.size === 0 && !this.nodesChanged) return;
    this.seq++;
    const event: AddressEvent = {
      profileId: this.o.profileId,
      seq: this.seq,
      guests: [...this.changed.values()],
      removed: [...this.removed],
      ...(this.nodesChanged ? { nodes: [...this.nodes] } : {}),
    };
    this.changed.clear();
    this.removed.clear();
    this.nodesChanged = false;
    this.o.onChange(event);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.clear();
    await this.store.dispose();
    // Reads in flight end with the session's abort; wait so none outlives the index.
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
