// A guest's backups across the storages its node sees, read when the panel opens and again when a
// backup, restore or delete task of that guest ends (own ones and other admins'). A late answer
// never replaces a newer one.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupList } from '../../../../shared/backups';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { BACKUP_TASK_TYPES } from './backupText';

export interface BackupsState {
  list?: BackupList;
  error?: string;
  loading: boolean;
  reload(): void;
}

export function useBackups(profileId: string, guest: GuestResource): BackupsState {
  const { api } = useController();
  const [state, setState] = useState<{ list?: BackupList; error?: string; loading: boolean }>({
    loading: true,
  });
  const seq = useRef(0);
  const { node, type, vmid, id } = guest;

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    api.invoke('backups.list', { profileId, node, type, vmid }).then(
      (list) => {
        if (mine === seq.current) setState({ list, loading: false });
      },
      (err: unknown) => {
        if (mine === seq.current) {
          setState((s) => ({ ...s, error: describeError(err), loading: false }));
        }
      },
    );
  }, [api, profileId, node, type, vmid]);

  useEffect(() => {
    reload();
    const sub = api.on('task', (task) => {
      if (task.profileId !== profileId || task.status !== 'stopped') return;
      if (!BACKUP_TASK_TYPES.includes(task.type)) return;
      // A vzdump of several guests has no guest id; its end may add one of ours.
      if (task.guestId === id || (task.type === 'vzdump' && !task.guestId)) reload();
    });
    const counter = seq;
    return () => {
      counter.current++;
      void sub.dispose();
    };
  }, [api, profileId, id, reload]);

  return { ...state, reload };
}
