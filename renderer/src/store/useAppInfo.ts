// The host facts hook (app.info), for features that show the version or the host kind.

import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/model';
import { useController } from './hooks';

/** The host's facts (app.info), fetched once per mount; undefined until they arrive. */
export function useAppInfo(): AppInfo | undefined {
  const { api } = useController();
  const [info, setInfo] = useState<AppInfo>();
  useEffect(() => {
    let live = true;
    api.invoke('app.info', undefined).then(
      (value) => {
        if (live) setInfo(value);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return info;
}
