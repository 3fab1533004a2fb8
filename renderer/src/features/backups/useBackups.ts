// A guest's backups across the storages its node sees, read when the panel opens and again when a
// backup, restore or delete task of that guest ends (own ones and other admins').

import { useCallback } from 'react';
import type { BackupList } from '../../../../shared/backups';
import type { GuestResource, TaskInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { useTaskRefreshedList, type TaskRefreshedList } from '../../store/useTaskRefreshedList';
import { BACKUP_TASK_TYPES } from './backupText';

export type BackupsState = TaskRefreshedList<BackupList>;

export function useBackups(profileId: string, guest: GuestResource): BackupsState {
  const { api } = useController();
  const { node, type, vmid, id } = guest;
  const load = useCallback(
    () => api.invoke('backups.list', { profileId, node, type, vmid }),
    [api, profileId, node, type, vmid],
  );
  const affects = useCallback(
    (task: TaskInfo) =>
      task.profileId === profileId &&
      task.status === 'stopped' &&
      BACKUP_TASK_TYPES.includes(task.type) &&
      // A vzdump of several guests has no guest id; its end may add one of ours.
      (task.guestId === id || (task.type === 'vzdump' && !task.guestId)),
    [profileId, id],
  );
  return useTaskRefreshedList(load, affects);
}
