// The pins a session takes from the cluster are saved with the profile, in its settings (they are
// not secret), through core's own profile registry.

import { describe, expect, it } from 'vitest';
import { MemorySettingsStore } from '../../electron/core/store/memory';
import type { ProfileInfo } from '../../shared/model';
import { useCores, waitFor } from './helpers';

const { start, demos } = useCores();

/** The settings as last saved, readable at once by a waitFor probe. */
class RecordingSettings extends MemorySettingsStore {
  last: ProfileInfo[] = [];
  override async saveProfiles(profiles: ProfileInfo[]): Promise<void> {
    this.last = structuredClone(profiles);
    await super.saveProfiles(profiles);
  }
}

describe('per-node pins in the profile settings', () => {
  it("saves the other nodes' fingerprints, as the cluster reports them, with the profile", async () => {
    const settings = new RecordingSettings();
    const { core } = await start({ settings }, { directNodes: true, offlineNodes: 0 });
    const profile = await core.handlers['profiles.addDemo'](undefined);
    const demo = demos[0]!;
    const pins = await waitFor('pins saved', () => {
      const p = settings.last.find((x) => x.id === profile.id)?.nodeFingerprints;
      return p && Object.keys(p).length === 3 ? p : undefined;
    });
    expect(pins).toEqual({
      pve1: demo.fingerprint,
      pve2: demo.nodeFingerprint('pve2'),
      pve3: demo.nodeFingerprint('pve3'),
    });
    // The demo's password went to the secret store, not beside the pins.
    expect(JSON.stringify(settings.last)).not.toContain(demo.credentials.password);
  });
});
