// The host facts hook (app.info), for features that show the version, the host kind or where
// secrets go. One copy for the window: a call that changes them (secrets.setWeakPolicy) publishes
// the new facts, and every component showing them follows.

import { useEffect, useSyncExternalStore } from 'react';
import type { AppInfo } from '../../../shared/model';
import { useController } from './hooks';

let current: AppInfo | undefined;
let fetching = false;
const listeners = new Set<() => void>();

/** New host facts for every component that shows them. */
export function publishAppInfo(info: AppInfo): void {
  current = info;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The host's facts (app.info), fetched once per window; undefined until they arrive. */
export function useAppInfo(): AppInfo | undefined {
  const { api } = useController();
  const info = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    if (current || fetching) return;
    fetching = true;
    api.invoke('app.info', undefined).then(publishAppInfo, () => {
      fetching = false;
    });
  }, [api]);
  return info;
}
