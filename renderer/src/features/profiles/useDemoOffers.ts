// The built-in demos this host offers (demos.list), fetched once per window, and which of them have
// no profile now: the first-run screen adds them all, Add cluster offers the ones removed since.

import { useEffect, useSyncExternalStore } from 'react';
import type { DemoOffer } from '../../../../shared/ipc/demos';
import { useAppState, useController } from '../../store/hooks';

let current: DemoOffer[] | undefined;
let fetching = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The host's demos, the main one first; undefined until they arrive. */
export function useDemoOffers(): DemoOffer[] | undefined {
  const { api } = useController();
  const offers = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    if (current || fetching) return;
    fetching = true;
    api.invoke('demos.list', undefined).then(
      (list) => {
        current = list;
        for (const l of listeners) l();
      },
      () => {
        fetching = false;
      },
    );
  }, [api]);
  return offers;
}

/**
 * The demos without a profile now, once there is some profile (before, the first-run screen offers
 * them); a demo profile saved before `demo` existed is the first demo.
 */
export function useMissingDemos(): DemoOffer[] {
  const offers = useDemoOffers();
  const present = useAppState((s) =>
    s.profiles?.length
      ? s.profiles
          .filter((p) => p.isDemo)
          .map((p) => p.demo ?? current?.[0]?.id ?? '')
          .join('\n')
      : null,
  );
  if (present === null) return [];
  const have = new Set(present.split('\n'));
  return (offers ?? []).filter((o) => !have.has(o.id));
}
