// A guest's snapshot list, read when the panel opens and again whenever a snapshot task of that
// guest starts or ends (own ones and, through the cluster's task list, other admins'). A late
// answer never replaces a newer one.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { GuestResource } from '../../../../shared/model';
import { SNAPSHOT_TASK_TYPES, type SnapshotList } from '../../../../shared/snapshots';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

export interface SnapshotsState {
  list?: SnapshotList;
  error?: string;
  loading: boolean;
  reload(): void;
}

export function useSnapshots(profileId: string, guest: GuestResource): SnapshotsState {
  const { api } = useController();
  const [state, setState] = useState<{ list?: SnapshotList; error?: string; loading: boolean }>({
    loading: true,
  });
  const seq = useRef(0);
  const { node, type, vmid, id } = guest;

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    api.invoke('snapshots.list', { profileId, node, type, vmid }).then(
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
      if (task.profileId === profileId && task.guestId === id) {
        if (SNAPSHOT_TASK_TYPES.includes(task.type)) reload();
      }
    });
    const counter = seq;
    return () => {
      counter.current++;
      void sub.dispose();
    };
  }, [api, profileId, id, reload]);

  return { ...state, reload };
}
