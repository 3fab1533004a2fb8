// The window's first frame before core is up. Core starts on its own thread, and a window opened
// meanwhile must not wait for it to paint what it showed last time: the UI thread reads the saved
// frame from the cache directory itself and makes it true as core would (first-frame-store.ts),
// against the saved profiles, with each profile's state as old as its cache says (the time core's
// session will start from). Nothing here parses a profile's items: only each cache's head.

import type { FirstFrame } from '../../../shared/first-frame';
import { cachedSavedAt } from '../cache/cached-state';
import { FileCacheStore } from '../cache/file-cache-store';
import type { SettingsStore } from '../store/ports';
import { FirstFrameStore } from './first-frame-store';

export interface EarlyFirstFrameOptions {
  /** the directory core keeps its profile cache in (the frame is saved there beside it) */
  cacheDir: string;
  settings: SettingsStore;
  log?: (message: string) => void;
}

/** The saved first frame as true now, or undefined (none saved, unreadable, nothing left of it). */
export async function readEarlyFirstFrame(
  opts: EarlyFirstFrameOptions,
): Promise<FirstFrame | undefined> {
  const cache = new FileCacheStore(opts.cacheDir);
  const store = new FirstFrameStore(cache, opts.log);
  const [, profiles] = await Promise.all([store.load(), opts.settings.loadProfiles()]);
  const shown = new Set(store.profileIds());
  if (shown.size === 0) return undefined;
  const seen = new Map<string, number>();
  await Promise.all(
    profiles
      .filter((p) => shown.has(p.id) && !p.disabled)
      .map(async (p) => {
        const text = await cache.read(p.id).catch(() => undefined);
        const at = text === undefined ? undefined : cachedSavedAt(p.id, text);
        if (at !== undefined) seen.set(p.id, at);
      }),
  );
  return store.current({ profiles: () => profiles, lastSeen: (id) => seen.get(id) });
}
