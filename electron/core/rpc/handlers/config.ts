// A guest's options: read (values, running values, pending keys, digest), write (one PUT with the
// digest read, never sent twice; a stale digest answers `conflict` with the fresh config and what
// someone else changed) and revert pending changes.

import { DeckhandError, isDeckhandError } from '../../../../shared/errors';
import {
  OPTION_KEYS,
  sameOption,
  type ConfigChange,
  type ConfigTarget,
  type ConfigUpdateResult,
  type GuestConfig,
  type OptionChanges,
} from '../../../../shared/config';
import type { CallHandlers } from '../../../../shared/ipc';
import {
  changeParams,
  getGuestConfig,
  isDigestMismatch,
  pveKey,
  putGuestConfig,
} from '../../pve/config';
import { isInDoubt } from '../../pve/errors';
import type { ProfileSession } from '../../session/profile-session';
import type { ProfileRegistry } from '../registry';

type ConfigCalls = 'config.get' | 'config.update' | 'config.revert' | 'config.unlock';

function ref(a: ConfigTarget) {
  return { node: a.node, type: a.type, vmid: a.vmid };
}

/** The configs served lately, by digest: the base a conflict is compared with. */
const READ_CACHE_MAX = 64;

export function configHandlers(registry: ProfileRegistry): Pick<CallHandlers, ConfigCalls> {
  const served = new Map<string, GuestConfig>();
  const remember = (c: GuestConfig): GuestConfig => {
    served.delete(c.digest);
    served.set(c.digest, c);
    while (served.size > READ_CACHE_MAX) served.delete(served.keys().next().value!);
    return c;
  };
  const read = async (s: ProfileSession, a: ConfigTarget) =>
    remember(await getGuestConfig(s.api, ref(a)));
  const refreshTree = (s: ProfileSession) => void s.tick().catch(() => undefined);

  return {
    'config.get': async (a) => read(registry.session(a.profileId), a),
    'config.update': async (a): Promise<ConfigUpdateResult> => {
      const s = registry.session(a.profileId);
      const params = { ...changeParams(ref(a), a.changes), digest: a.digest };
      try {
        await putGuestConfig(s.api, ref(a), params);
      } catch (err) {
        if (isDeckhandError(err) && !isInDoubt(err) && isDigestMismatch(err.message)) {
          const fresh = await read(s, a);
          const base = served.get(a.digest);
          return { outcome: 'conflict', message: err.message, fresh, changed: diff(base, fresh) };
        }
        if (!isInDoubt(err)) throw err;
        // The reply was lost: look, never send again.
        const now = await read(s, a).catch(() => undefined);
        if (now && applied(a.changes, now)) {
          refreshTree(s);
          return { outcome: 'saved', config: now };
        }
        throw new DeckhandError({
          kind: err.kind,
          message: `The change to ${a.type === 'qemu' ? 'VM' : 'CT'} ${a.vmid} may not have been saved (${err.message}); it was not sent again. Check the options before saving again.`,
        });
      }
      const config = await read(s, a);
      refreshTree(s);
      return { outcome: 'saved', config };
    },
    'config.revert': async (a) => {
      const s = registry.session(a.profileId);
      const revert = a.keys.map((k) => pveKey(a.type, k)).join(',');
      await putGuestConfig(s.api, ref(a), {
        revert,
        ...(a.digest !== undefined ? { digest: a.digest } : {}),
      });
      const config = await read(s, a);
      refreshTree(s);
      return config;
    },
    'config.unlock': async (a) => {
      const s = registry.session(a.profileId);
      if (a.type === 'lxc') {
        // pve-container's PUT …/config checks the lock and has no skiplock: only `pct unlock`.
        throw new DeckhandError({
          kind: 'validation',
          message: `PVE removes a container's lock only on its node: run 'pct unlock ${a.vmid}' as root on ${a.node}.`,
        });
      }
      await putGuestConfig(s.api, ref(a), { delete: 'lock', skiplock: 1 });
      const config = await read(s, a);
      refreshTree(s);
      return config;
    },
  };
}

/** Options that differ between the config read and the fresh one. */
function diff(base: GuestConfig | undefined, fresh: GuestConfig): ConfigChange[] {
  if (!base) return [];
  return OPTION_KEYS.filter((k) => !sameOption(base.values[k], fresh.values[k])).map((key) => ({
    key,
    before: base.values[key],
    after: fresh.values[key],
  }));
}

/** Whether every change is what the config now holds (pending applied). */
function applied(changes: OptionChanges, c: GuestConfig): boolean {
  return OPTION_KEYS.every((k) => !(k in changes) || sameOption(changes[k], c.values[k]));
}
