// A guest's options, read when the panel opens and again when one of the guest's tasks ends (a
// reboot applies pending changes), plus the save / revert calls and the conflict they may answer.
// A late answer never replaces a newer one; nothing is re-sent on its own.

import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ConfigChange,
  GuestConfig,
  OptionChanges,
  RevertKey,
} from '../../../../shared/config';
import type { NetSpec } from '../../../../shared/config-hw';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

export interface Conflict {
  message: string;
  changed: ConfigChange[];
  fresh: GuestConfig;
  /** the user's changes that were refused */
  mine: OptionChanges;
  /** a refused hardware change (resize, interface): what it was and how to send it again */
  redo?: { what: string; run(digest: string): Promise<boolean> };
}

export interface GuestConfigState {
  config?: GuestConfig;
  error?: string;
  busy: boolean;
  conflict?: Conflict;
  reload(): void;
  /** resolves true when saved */
  save(changes: OptionChanges, digest: string): Promise<boolean>;
  revert(keys: RevertKey[]): Promise<void>;
  /** remove a VM's stale lock (root only) */
  unlock(): Promise<void>;
  /** take the fresh config from a conflict (the user's changes are kept by the form) */
  takeFresh(): void;
  /** grow a disk; resolves true once the resize task started (its end re-reads the config) */
  resize(disk: string, size: string, digest: string): Promise<boolean>;
  /** add (spec) or remove (null) a network interface; resolves true when saved */
  setNet(key: string, net: NetSpec | null, digest: string): Promise<boolean>;
}

export function useGuestConfig(profileId: string, guest: GuestResource): GuestConfigState {
  const { api } = useController();
  const [config, setConfig] = useState<GuestConfig>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Conflict>();
  const seq = useRef(0);
  const { node, type, vmid, id } = guest;
  const target = useCallback(
    () => ({ profileId, node, type, vmid }),
    [profileId, node, type, vmid],
  );

  const reload = useCallback(() => {
    const mine = ++seq.current;
    api.invoke('config.get', target()).then(
      (c) => {
        if (mine !== seq.current) return;
        setConfig(c);
        setError(undefined);
      },
      (err: unknown) => {
        if (mine === seq.current) setError(describeError(err));
      },
    );
  }, [api, target]);

  useEffect(() => {
    reload();
    const sub = api.on('task', (task) => {
      if (task.profileId === profileId && task.guestId === id && task.status === 'stopped') {
        reload();
      }
    });
    const counter = seq;
    return () => {
      counter.current++;
      void sub.dispose();
    };
  }, [api, profileId, id, reload]);

  /**
   * One write as the panel sees it: busy while it runs, its error shown, an answer that a newer
   * call overtook dropped (false). `apply` takes the answer and says whether it succeeded.
   */
  const guarded = useCallback(
    async <T>(call: () => Promise<T>, apply: (value: T) => boolean): Promise<boolean> => {
      const mine = ++seq.current;
      setBusy(true);
      try {
        const value = await call();
        return mine === seq.current && apply(value);
      } catch (err) {
        if (mine === seq.current) setError(describeError(err));
        return false;
      } finally {
        if (mine === seq.current) setBusy(false);
      }
    },
    [],
  );

  /** A write went through: its config is the one shown, and no conflict or error stays. */
  const settled = useCallback((c?: GuestConfig): true => {
    if (c) setConfig(c);
    setConflict(undefined);
    setError(undefined);
    return true;
  }, []);

  const save = useCallback(
    (changes: OptionChanges, digest: string): Promise<boolean> =>
      guarded(
        () => api.invoke('config.update', { ...target(), changes, digest }),
        (res) => {
          if (res.outcome === 'saved') return settled(res.config);
          setConflict({
            message: res.message,
            changed: res.changed,
            fresh: res.fresh,
            mine: changes,
          });
          return false;
        },
      ),
    [api, target, guarded, settled],
  );

  const revert = useCallback(
    async (keys: RevertKey[]) => {
      await guarded(
        () => api.invoke('config.revert', { ...target(), keys }),
        (c) => {
          setConfig(c);
          return true;
        },
      );
    },
    [api, target, guarded],
  );

  const unlock = useCallback(async () => {
    await guarded(
      () => api.invoke('config.unlock', target()),
      (c) => {
        setConfig(c);
        return true;
      },
    );
  }, [api, target, guarded]);

  const takeFresh = useCallback(() => {
    if (conflict) setConfig(conflict.fresh);
    setConflict(undefined);
  }, [conflict]);

  const resize = useCallback(
    (disk: string, size: string, digest: string): Promise<boolean> =>
      guarded(
        () => api.invoke('config.resize', { ...target(), disk, size, digest }),
        (res) => {
          if (res.outcome === 'conflict') {
            setConflict({
              message: res.message,
              changed: res.changed,
              fresh: res.fresh,
              mine: {},
              redo: { what: `Resize ${disk} (${size})`, run: (d) => resize(disk, size, d) },
            });
            return false;
          }
          return settled(res.outcome === 'done' ? res.config : undefined);
        },
      ),
    [api, target, guarded, settled],
  );

  const setNet = useCallback(
    (key: string, net: NetSpec | null, digest: string): Promise<boolean> =>
      guarded(
        () => api.invoke('config.setNet', { ...target(), key, net, digest }),
        (res) => {
          if (res.outcome === 'saved') return settled(res.config);
          setConflict({
            message: res.message,
            changed: res.changed,
            fresh: res.fresh,
            mine: {},
            redo: {
              what: net ? `Add ${key} on ${net.bridge}` : `Remove ${key}`,
              run: (d) => setNet(key, net, d),
            },
          });
          return false;
        },
      ),
    [api, target, guarded, settled],
  );

  return {
    config,
    error,
    busy,
    conflict,
    reload,
    save,
    revert,
    unlock,
    takeFresh,
    resize,
    setNet,
  };
}
