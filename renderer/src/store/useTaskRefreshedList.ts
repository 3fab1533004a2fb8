// A list read through the contract when a view opens and again whenever a task event says it may
// have changed (own tasks and, through the cluster's task list, other admins'). A late answer
// never replaces a newer one; nothing polls.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskInfo } from '../../../shared/model';
import { describeError } from '../ui/describeError';
import { useController } from './hooks';

export interface TaskRefreshedList<T> {
  list?: T;
  error?: string;
  loading: boolean;
  reload(): void;
}

/**
 * `load` and `affects` should be stable (useCallback): a new `load` reads again, as a new key
 * would.
 */
export function useTaskRefreshedList<T>(
  load: () => Promise<T>,
  affects: (task: TaskInfo) => boolean,
): TaskRefreshedList<T> {
  const { api } = useController();
  const [state, setState] = useState<{ list?: T; error?: string; loading: boolean }>({
    loading: true,
  });
  const seq = useRef(0);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (list) => {
        if (mine === seq.current) setState({ list, loading: false });
      },
      (err: unknown) => {
        if (mine === seq.current) {
          setState((s) => ({ ...s, error: describeError(err), loading: false }));
        }
      },
    );
  }, [load]);

  useEffect(() => {
    reload();
    const sub = api.on('task', (task) => {
      if (affects(task)) reload();
    });
    const counter = seq;
    return () => {
      counter.current++;
      void sub.dispose();
    };
  }, [api, affects, reload]);

  return { ...state, reload };
}
