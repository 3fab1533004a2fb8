// Saves the per-node pins a session learnt into its profile's settings (they are not secret), in
// the profile's queue of changes so they never race an edit; the session keeps running.

import type { ProfileRegistry } from '../rpc/registry';
import type { Logger } from '../session/logger';

export function saveNodePins(
  registry: ProfileRegistry,
  profileId: string,
  pins: Record<string, string>,
  log: Logger,
): Promise<void> {
  return registry
    .exclusive(profileId, async () => {
      const profile = registry.find((p) => p.id === profileId);
      if (!profile) return;
      if (JSON.stringify(profile.nodeFingerprints ?? {}) === JSON.stringify(pins)) return;
      await registry.change({ ...profile, nodeFingerprints: pins }, { restart: false });
    })
    .catch((err: unknown) => {
      log('warn', `Could not save the node certificates of profile ${profileId}: ${String(err)}`);
    });
}
