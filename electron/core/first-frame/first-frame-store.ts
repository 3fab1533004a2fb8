// The window's first frame (shared/first-frame.ts) between runs: the last one a window saved,
// kept in the profile cache's store under its own key (names and states only: no secrets, no
// metrics), read once at start. What is served is made true at serve time: rows of profiles that
// are gone are dropped, names and the disabled flag follow the profiles of now, and each profile
// row carries when its state was last seen live (its session's last refresh).

import type { FirstFrame, FirstFrameRow } from '../../../shared/first-frame';
import { firstFrameSchema } from '../../../shared/ipc-schema/app';
import type { ProfileInfo } from '../../../shared/model';
import type { CacheStore } from '../cache/ports';

/** The store's key: not a profile id (those are UUIDs or `[A-Za-z0-9_-]` names of the tests). */
export const FIRST_FRAME_KEY = 'deckhand.first-frame';

export interface FirstFrameNow {
  profiles(): readonly ProfileInfo[];
  /** epoch ms of the profile's last live refresh, if any */
  lastSeen(profileId: string): number | undefined;
}

export class FirstFrameStore {
  private frame: FirstFrame | undefined;

  constructor(
    private readonly store: CacheStore,
    private readonly log: (msg: string) => void = () => undefined,
  ) {}

  /** Reads the saved frame; anything unreadable is ignored (no first frame then). */
  async load(): Promise<void> {
    try {
      const text = await this.store.read(FIRST_FRAME_KEY);
      if (text === undefined) return;
      const parsed = firstFrameSchema.safeParse(JSON.parse(text));
      if (parsed.success) this.frame = parsed.data;
    } catch (err) {
      this.log(`The first frame could not be read: ${String(err)}`);
    }
  }

  async save(frame: FirstFrame): Promise<void> {
    this.frame = frame;
    await this.store.write(FIRST_FRAME_KEY, JSON.stringify(frame));
  }

  /** The profiles the saved frame shows rows of. */
  profileIds(): string[] {
    return this.frame ? [...new Set(this.frame.rows.map((r) => r.profileId))] : [];
  }

  /** The frame as true now, or undefined when there is none (or nothing of it is left). */
  current(now: FirstFrameNow): FirstFrame | undefined {
    if (!this.frame) return undefined;
    const profiles = new Map(now.profiles().map((p) => [p.id, p]));
    const rows: FirstFrameRow[] = [];
    for (const row of this.frame.rows) {
      const profile = profiles.get(row.profileId);
      if (!profile) continue;
      if (row.kind !== 'profile') {
        // A disabled profile's rows are not shown (it has no session, nothing is known).
        if (!profile.disabled) rows.push(row);
        continue;
      }
      const seenAt = now.lastSeen(row.profileId);
      const { seenAt: _saved, disabled: _was, ...rest } = row;
      rows.push({
        ...rest,
        name: profile.name,
        ...(profile.disabled ? { disabled: true, expanded: false } : {}),
        ...(seenAt !== undefined && !profile.disabled ? { seenAt } : {}),
      });
    }
    return rows.length > 0 ? { ...this.frame, rows } : undefined;
  }
}
