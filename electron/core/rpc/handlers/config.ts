// A guest's options: read (values, running values, pending keys, digest), write (one PUT with the
// digest read, never sent twice; a stale digest answers `conflict` with the fresh config and what
// someone else changed) and revert pending changes; the hardware calls are config-extra.ts.

import { DeckhandError } from '../../../../shared/errors';
import {
  NET_KEY_RE,
  OPTION_KEYS,
  type OptionKey,
  sameOption,
  type ConfigUpdateResult,
  type GuestConfig,
  type OptionChanges,
} from '../../../../shared/config';
import type { CallHandlers } from '../../../../shared/ipc';
import { CONFIG_EXTRA_CALL_NAMES } from '../../../../shared/ipc/config-extra';
import { changeParams, pveKey, putGuestConfig } from '../../pve/config';
import type { ProfileRegistry } from '../registry';
import { configExtraHandlers } from './config-extra';
import { ConfigReads, ref, refreshTree } from './config-reads';

type ConfigCalls =
  | 'config.get'
  | 'config.update'
  | 'config.revert'
  | 'config.unlock'
  | (typeof CONFIG_EXTRA_CALL_NAMES)[number];

export function configHandlers(registry: ProfileRegistry): Pick<CallHandlers, ConfigCalls> {
  const reads = new ConfigReads();

  return {
    ...configExtraHandlers(registry, reads),
    'config.get': async (a) => reads.read(registry.session(a.profileId), a),
    'config.update': async (a): Promise<ConfigUpdateResult> => {
      const s = registry.session(a.profileId);
      return reads.put(
        s,
        a,
        changeParams(ref(a), a.changes),
        a.digest,
        (now) => applied(a.changes, now),
        'The change',
      );
    },
    'config.revert': async (a) => {
      const s = registry.session(a.profileId);
      const revert = a.keys
        .map((k) => (NET_KEY_RE.test(k) ? k : pveKey(a.type, k as OptionKey)))
        .join(',');
      await putGuestConfig(s.api, ref(a), {
        revert,
        ...(a.digest !== undefined ? { digest: a.digest } : {}),
      });
      const config = await reads.read(s, a);
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
      const config = await reads.read(s, a);
      refreshTree(s);
      return config;
    },
  };
}

/** Whether every change is what the config now holds (pending applied). */
function applied(changes: OptionChanges, c: GuestConfig): boolean {
  return OPTION_KEYS.every((k) => !(k in changes) || sameOption(changes[k], c.values[k]));
}
