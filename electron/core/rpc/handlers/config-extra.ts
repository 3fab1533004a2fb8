// The Options tab's hardware calls: grow a disk (PVE's shrink refusal checked before sending; a
// resize task through the session's task writer, never sent twice), add or remove a network
// interface (one PUT with the digest read, as config.update), the node's bridges and the
// cluster's tag colours.

import { type ConfigTarget, type GuestConfig } from '../../../../shared/config';
import {
  formatBytes,
  formatNet,
  parseNet,
  resizedBytes,
  shrinkText,
} from '../../../../shared/config-hw';
import { DeckhandError, isDeckhandError } from '../../../../shared/errors';
import type { CallHandlers } from '../../../../shared/ipc';
import type { CONFIG_EXTRA_CALL_NAMES, ResizeResult } from '../../../../shared/ipc/config-extra';
import type { GuestResource } from '../../../../shared/model';
import { isDigestMismatch } from '../../pve/config';
import { getBridges, getTagColors, putResize, ResizedInRequest } from '../../pve/config-hw';
import type { ProfileSession } from '../../session/profile-session';
import type { ProfileRegistry } from '../registry';
import { ref, refreshTree, type ConfigReads } from './config-reads';

type Calls = (typeof CONFIG_EXTRA_CALL_NAMES)[number];

function noun(a: ConfigTarget, s: ProfileSession): string {
  const g = s.resource(`${a.type}/${a.vmid}`) as GuestResource | undefined;
  return `${a.type === 'lxc' ? 'CT' : 'VM'} ${a.vmid}${g?.name ? ` (${g.name})` : ''}`;
}

/** PVE's stale-digest text for the guest type (qemu-server; pve-common assert_if_modified). */
function staleText(a: ConfigTarget): string {
  return a.type === 'qemu'
    ? 'checksum mismatch (file change by other user?)'
    : 'detected modified configuration - file changed by other user? Try again.';
}

function refuse(message: string): DeckhandError {
  return new DeckhandError({ kind: 'validation', message });
}

export function configExtraHandlers(
  registry: ProfileRegistry,
  reads: ConfigReads,
): Pick<CallHandlers, Calls> {
  return {
    'config.resize': async (a): Promise<ResizeResult> => {
      const s = registry.session(a.profileId);
      const now = await reads.read(s, a);
      if (now.digest !== a.digest) return reads.conflict(s, a, a.digest, staleText(a));
      const disk = now.disks.find((d) => d.key === a.disk);
      if (!disk) throw refuse(`disk '${a.disk}' does not exist`);
      if (!disk.resizable || disk.sizeBytes === undefined) {
        throw refuse(`${a.disk} is not a storage volume PVE can resize`);
      }
      const to = resizedBytes(a.size, disk.sizeBytes);
      if (to === undefined) throw refuse(`Not a size: ${a.size}`);
      if (to < disk.sizeBytes) throw refuse(shrinkText(a.type));
      if (to === disk.sizeBytes) throw refuse('disk is already at specified size');
      try {
        const task = await s.writes.start({
          guest: ref(a),
          types: ['resize'],
          label: `Resize ${a.disk} of ${noun(a, s)} to ${formatBytes(to)}`,
          send: () => putResize(s.api, ref(a), { disk: a.disk, size: a.size, digest: a.digest }),
        });
        return { outcome: 'started', task };
      } catch (err) {
        if (err instanceof ResizedInRequest) {
          const config = await reads.read(s, a);
          refreshTree(s);
          return { outcome: 'done', config };
        }
        if (isDeckhandError(err) && isDigestMismatch(err.message)) {
          return reads.conflict(s, a, a.digest, err.message);
        }
        throw err;
      }
    },
    'config.setNet': async (a) => {
      const s = registry.session(a.profileId);
      const spec = a.net;
      const value = spec ? formatNet(a.type, spec) : undefined;
      const params = value ? { [a.key]: value } : { delete: a.key };
      const applied = (c: GuestConfig): boolean => {
        const net = c.nets.find((n) => n.key === a.key);
        if (!spec) return !net || net.pending === 'delete';
        const want = parseNet(a.type, a.key, value!);
        return (
          !!net && net.bridge === want.bridge && net.model === want.model && net.name === want.name
        );
      };
      return reads.put(
        s,
        a,
        params,
        a.digest,
        applied,
        spec ? `Adding ${a.key}` : `Removing ${a.key}`,
      );
    },
    'config.bridges': async (a) => getBridges(registry.session(a.profileId).api, a.node),
    'config.tagColors': async (a) => getTagColors(registry.session(a.profileId).api),
  };
}
