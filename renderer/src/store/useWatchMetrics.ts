// A view that shows live metrics of resources (uptime, memory, disk of a guest) holds their
// subscription while mounted: core then sends this window their metrics, and no one else's.

import { useEffect } from 'react';
import { useController } from './hooks';

export function useWatchMetrics(profileId: string, ids: readonly string[]): void {
  const controller = useController();
  const key = ids.join('\n');
  useEffect(() => {
    if (!profileId || key === '') return;
    const hold = controller.metrics.hold(profileId, key.split('\n'));
    return () => void hold.dispose();
  }, [controller, profileId, key]);
}
