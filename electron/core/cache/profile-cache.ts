// Each profile's last known state between runs: read once at start (a corrupt or foreign file is
// ignored and removed, never fatal), handed to the profile's first session as its seed, and
// written back through the host's CacheStore — at most once per `delayMs` while the tree
// changes, only when what the tree needs changed, and once more when core stops.

import type { Disposable, Scheduler } from '../../../shared/lifecycle';
import type { Resource } from '../../../shared/model';
import type { Logger } from '../session/logger';
import { TimerSlot } from '../session/timer-slot';
import {
  itemsText,
  parseCacheText,
  toCacheText,
  type CachedState,
  type KnownNodes,
} from './cached-state';
import type { CacheStore } from './ports';

/** What a profile's session shows now; undefined when there is nothing worth keeping. */
export interface LiveState {
  items: Iterable<Resource>;
  /** epoch ms of its last successful refresh (absent: never refreshed, nothing is saved) */
  lastRefresh?: number;
  clusterName?: string;
  version?: string;
  standalone?: boolean;
  /** The cluster's node addresses the session knows (kept for failover at the next start). */
  nodes?: KnownNodes;
}

export interface ProfileCacheOptions {
  store: CacheStore;
  scheduler: Scheduler;
  log: Logger;
  current(profileId: string): LiveState | undefined;
  /** Shortest pause between two writes of one profile (ms). Default 10 000. */
  delayMs?: number;
  /** Largest state kept per profile; a bigger one is not written (and says so once). */
  maxItems?: number;
  maxBytes?: number;
}

export const CACHE_LIMITS = { maxItems: 50_000, maxBytes: 32 * 1024 * 1024 } as const;

export class ProfileCache implements Disposable {
  private readonly seeds = new Map<string, CachedState>();
  private readonly timers = new Map<string, TimerSlot>();
  /** The items text and facts last written per profile: an unchanged state is not rewritten. */
  private readonly written = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private readonly tooBig = new Set<string>();
  private readonly writes = new Set<Promise<void>>();
  private disposed = false;

  constructor(private readonly opts: ProfileCacheOptions) {}

  /** Read the cached state of these profiles (at start, before their sessions exist). */
  async load(profileIds: readonly string[]): Promise<void> {
    await Promise.all(profileIds.map((id) => this.loadOne(id)));
  }

  private async loadOne(profileId: string): Promise<void> {
    let text: string | undefined;
    try {
      text = await this.opts.store.read(profileId);
    } catch (err) {
      this.opts.log('warn', `Profile ${profileId}: cached state unreadable (${String(err)})`);
      return;
    }
    if (text === undefined) return;
    const parsed = parseCacheText(profileId, text);
    if ('error' in parsed) {
      this.opts.log('warn', `Profile ${profileId}: cached state ignored: ${parsed.error}`);
      await this.opts.store.remove(profileId).catch(() => undefined);
      return;
    }
    this.seeds.set(profileId, parsed.state);
  }

  /** The cached state of a profile, once: its first session starts from it. */
  take(profileId: string): CachedState | undefined {
    const seed = this.seeds.get(profileId);
    this.seeds.delete(profileId);
    return seed;
  }

  /** The profile's resources changed: write them within `delayMs` (changes meanwhile join in). */
  changed(profileId: string): void {
    if (this.disposed) return;
    this.dirty.add(profileId);
    let timer = this.timers.get(profileId);
    if (timer?.pending) return;
    if (!timer) {
      timer = new TimerSlot(this.opts.scheduler, { label: 'profile cache write', unref: true });
      this.timers.set(profileId, timer);
    }
    timer.set(() => this.track(this.save(profileId)), this.opts.delayMs ?? 10_000);
  }

  /** A removed profile: its cached state goes too. */
  async forget(profileId: string): Promise<void> {
    this.seeds.delete(profileId);
    this.dirty.delete(profileId);
    this.written.delete(profileId);
    this.timers.get(profileId)?.dispose();
    this.timers.delete(profileId);
    await Promise.all(this.writes);
    await this.opts.store.remove(profileId);
  }

  /** Write every profile seen changing now (ages included), and wait for all writes. */
  async flush(): Promise<void> {
    for (const id of this.timers.keys()) this.track(this.save(id, true));
    await Promise.all(this.writes);
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  private async save(profileId: string, always = false): Promise<void> {
    this.timers.get(profileId)?.clear();
    if (!always && !this.dirty.has(profileId)) return;
    this.dirty.delete(profileId);
    const live = this.opts.current(profileId);
    if (!live || live.lastRefresh === undefined) return;
    const { text: items, count } = itemsText(live.items);
    const maxItems = this.opts.maxItems ?? CACHE_LIMITS.maxItems;
    const maxBytes = this.opts.maxBytes ?? CACHE_LIMITS.maxBytes;
    if (count > maxItems || items.length > maxBytes) {
      if (!this.tooBig.has(profileId)) {
        this.tooBig.add(profileId);
        this.opts.log(
          'warn',
          `Profile ${profileId}: last state not cached (${count} items, ${items.length} bytes is over the limit)`,
        );
      }
      return;
    }
    this.tooBig.delete(profileId);
    const facts = {
      clusterName: live.clusterName,
      version: live.version,
      standalone: live.standalone,
      nodes: live.nodes,
    };
    const key = `${JSON.stringify(facts)}\n${items}`;
    // A state the file already holds is not written again while running (only its age would move).
    if (!always && this.written.get(profileId) === key) return;
    const text = toCacheText(
      profileId,
      {
        savedAt: live.lastRefresh,
        ...(live.clusterName !== undefined ? { clusterName: live.clusterName } : {}),
        ...(live.version !== undefined ? { version: live.version } : {}),
        ...(live.standalone ? { standalone: true } : {}),
        ...(live.nodes !== undefined ? { nodes: live.nodes } : {}),
      },
      items,
    );
    try {
      await this.opts.store.write(profileId, text);
      this.written.set(profileId, key);
    } catch (err) {
      this.opts.log('warn', `Profile ${profileId}: last state not cached (${String(err)})`);
    }
  }

  /** Write what changed (and every profile's age) one last time, then stop. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.flush();
    for (const timer of this.timers.values()) timer.dispose();
    this.timers.clear();
  }
}
