// The cluster's tag colours (`/cluster/options` tag-style color-map, via config.tagColors), read
// once per profile and shared by every chip in the tree and the detail header. Text colour is
// resolved here (black or white by contrast when the map gives none), so chips only paint.

import { useEffect, useSyncExternalStore } from 'react';
import type { DeckhandApi } from '../../../../shared/ipc';
import type { TagColor } from '../../../../shared/ipc/config-extra';
import { useController } from '../../store/hooks';
import { textColorFor } from '../config/tagColors';

export type ResolvedTagColors = Readonly<Record<string, Required<TagColor>>>;

const NONE: ResolvedTagColors = {};

type Api = Pick<DeckhandApi, 'invoke'>;

class TagColorCache {
  private readonly colors = new Map<string, ResolvedTagColors>();
  private readonly asked = new Set<string>();
  private readonly listeners = new Set<() => void>();

  get(profileId: string): ResolvedTagColors {
    return this.colors.get(profileId) ?? NONE;
  }

  /** Read the profile's colours unless already read or asked for. */
  load(api: Api, profileId: string): void {
    if (this.asked.has(profileId)) return;
    this.asked.add(profileId);
    api.invoke('config.tagColors', { profileId }).then(
      (map) => {
        const resolved: Record<string, Required<TagColor>> = {};
        for (const [tag, c] of Object.entries(map)) {
          resolved[tag] = { bg: c.bg, fg: c.fg ?? textColorFor(c.bg) };
        }
        this.colors.set(profileId, resolved);
        for (const l of this.listeners) l();
      },
      // Without Sys.Audit on / the options may be refused: the tags keep the palette colours;
      // a later mount asks again.
      () => this.asked.delete(profileId),
    );
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}

const caches = new WeakMap<object, TagColorCache>();

function cacheFor(api: object): TagColorCache {
  let c = caches.get(api);
  if (!c) caches.set(api, (c = new TagColorCache()));
  return c;
}

/** The profile's tag colours as read so far (the first frame's chips, firstFrame.ts). */
export function clusterTagColors(api: object, profileId: string): ResolvedTagColors {
  return cacheFor(api).get(profileId);
}

/** The profile's tag colours (empty until read, or when the cluster sets none). */
export function useClusterTagColors(profileId: string): ResolvedTagColors {
  const { api } = useController();
  const cache = cacheFor(api);
  useEffect(() => cache.load(api, profileId), [cache, api, profileId]);
  return useSyncExternalStore(cache.subscribe, () => cache.get(profileId));
}
