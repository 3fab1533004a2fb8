// A clock for views of running tasks: the current time, ticking while something needs it.

import { useEffect, useState } from 'react';
import { useController } from '../../store/hooks';

/** Current epoch seconds, ticking every second while `active`. */
export function useNowSeconds(active: boolean): number {
  const { scheduler } = useController();
  const [now, setNow] = useState(() => scheduler.now() / 1000);
  useEffect(() => {
    if (!active) return;
    const ticking = scheduler.setInterval(() => setNow(scheduler.now() / 1000), 1000, {
      label: 'task clock',
    });
    return () => void ticking.dispose();
  }, [active, scheduler]);
  return now;
}
