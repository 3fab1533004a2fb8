// A guest's snapshot list, read when the panel opens and again whenever a snapshot task of that
// guest starts or ends (own ones and, through the cluster's task list, other admins').

import { useCallback } from 'react';
import type { GuestResource, TaskInfo } from '../../../../shared/model';
import { SNAPSHOT_TASK_TYPES, type SnapshotList } from '../../../../shared/snapshots';
import { useController } from '../../store/hooks';
import { useTaskRefreshedList, type TaskRefreshedList } from '../../store/useTaskRefreshedList';

export type SnapshotsState = TaskRefreshedList<SnapshotList>;

export function useSnapshots(profileId: string, guest: GuestResource): SnapshotsState {
  const { api } = useController();
  const { node, type, vmid, id } = guest;
  const load = useCallback(
    () => api.invoke('snapshots.list', { profileId, node, type, vmid }),
    [api, profileId, node, type, vmid],
  );
  const affects = useCallback(
    (task: TaskInfo) =>
      task.profileId === profileId &&
      task.guestId === id &&
      SNAPSHOT_TASK_TYPES.includes(task.type),
    [profileId, id],
  );
  return useTaskRefreshedList(load, affects);
}
