// Managing profiles through the contract, against the demo cluster: a password that is not
// remembered (kept for this run, asked for at the next), disabling and enabling a profile (no
// session, no request, then connected again), duplicating one, and the user's order of profiles.

import { describe, expect, it } from 'vitest';
import { passwordKey } from '../../electron/core';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/store/memory';
import type { ProfileInput } from '../../shared/model';
import { viaContract } from './contract-client';
import { failure, useCores, waitFor, type RecordedCore } from './helpers';

const { start, startDemo } = useCores();

function snapshotOf(r: RecordedCore, profileId: string, from = 0) {
  return r.events.resources
    .slice(from)
    .find((e) => e.profileId === profileId && e.kind === 'snapshot');
}

async function input(name: string, extra: Partial<ProfileInput> = {}): Promise<ProfileInput> {
  const demo = await startDemo();
  return {
    name,
    url: demo.url,
    fingerprint: demo.fingerprint,
    auth: { mode: 'password', username: 'root', realm: 'pam', password: demo.credentials.password },
    ...extra,
  };
}

describe('a password that is not remembered', () => {
  it('is used for this run only, never stored, and asked for after a restart', async () => {
    const settings = new MemorySettingsStore();
    const secrets = new MemorySecretStore();
    const r = await start({ settings, secrets });
    const args = await input('Lab', { rememberSecret: false });
    const added = await viaContract(r.core)['profiles.add'](args);
    expect(added.rememberSecret).toBe(false);
    await waitFor('connected this run', () => snapshotOf(r, added.id));
    expect(secrets.keys()).toEqual([]);

    // The next start: the profile is there, and says what it needs.
    await r.core.dispose();
    const again = await start({ settings, secrets });
    expect(await viaContract(again.core)['session.state']({ profileId: added.id })).toMatchObject({
      status: 'offline',
      errorKind: 'auth',
      reason: 'Deckhand does not remember this password: enter it to connect',
    });
    // Entering it connects, and still stores nothing.
    await viaContract(again.core)['profiles.update']({ profileId: added.id, auth: args.auth });
    await waitFor('connected again', () => snapshotOf(again, added.id));
    expect(secrets.keys()).toEqual([]);

    // Turned on later: the password in use is stored now.
    await viaContract(again.core)['profiles.update']({ profileId: added.id, rememberSecret: true });
    expect(secrets.keys()).toEqual([passwordKey(added.id)]);
  });
});

describe('disabling a profile', () => {
  it('stops its session and requests, keeps it listed, and enabling connects it again', async () => {
    const r = await start();
    const added = await viaContract(r.core)['profiles.add'](await input('Lab'));
    await waitFor('connected', () => snapshotOf(r, added.id));

    const disabled = await viaContract(r.core)['profiles.update']({
      profileId: added.id,
      disabled: true,
    });
    expect(disabled.disabled).toBe(true);
    expect(await viaContract(r.core)['session.state']({ profileId: added.id })).toMatchObject({
      status: 'offline',
      reason: 'Disabled: Deckhand does not connect to it until it is enabled',
    });
    expect(
      await failure(viaContract(r.core)['resources.snapshot']({ profileId: added.id })),
    ).toBeDefined();
    expect((await viaContract(r.core)['profiles.list']()).map((p) => p.name)).toEqual(['Lab']);

    const from = r.events.resources.length;
    await viaContract(r.core)['profiles.update']({ profileId: added.id, disabled: false });
    await waitFor('connected after enabling', () => snapshotOf(r, added.id, from));
  });

  it('is not connected at start while disabled', async () => {
    const settings = new MemorySettingsStore();
    const secrets = new MemorySecretStore();
    const first = await start({ settings, secrets });
    const added = await viaContract(first.core)['profiles.add'](
      await input('Lab', { disabled: true }),
    );
    await first.core.dispose();
    const r = await start({ settings, secrets });
    expect(await viaContract(r.core)['session.state']({ profileId: added.id })).toMatchObject({
      status: 'offline',
      reason: 'Disabled: Deckhand does not connect to it until it is enabled',
    });
    expect(r.events.resources.filter((e) => e.profileId === added.id)).toEqual([]);
  });
});

describe('duplicating and ordering profiles', () => {
  it('duplicates a profile with its server, pin and secret under a new name', async () => {
    const r = await start();
    const added = await viaContract(r.core)['profiles.add'](
      await input('Lab', { production: true }),
    );
    const copy = await viaContract(r.core)['profiles.duplicate']({ profileId: added.id });
    expect(copy).toMatchObject({
      name: 'Lab (copy)',
      url: added.url,
      fingerprint: added.fingerprint,
      production: true,
      authMode: 'password',
      username: 'root',
    });
    expect(copy.id).not.toBe(added.id);
    expect(copy.color).not.toBe(added.color);
    await waitFor('the copy connected', () => snapshotOf(r, copy.id));

    const demo = await viaContract(r.core)['profiles.addDemo']();
    const refused = await failure(
      viaContract(r.core)['profiles.duplicate']({ profileId: demo.id }),
    );
    expect(refused.message).toBe(
      'The demo profile cannot be duplicated: its cluster is made anew at every start.',
    );
  });

  it('keeps the order the user gives, across a restart', async () => {
    const settings = new MemorySettingsStore();
    const secrets = new MemorySecretStore();
    const r = await start({ settings, secrets });
    const a = await viaContract(r.core)['profiles.add'](await input('A'));
    const b = await viaContract(r.core)['profiles.add'](await input('B'));
    const c = await viaContract(r.core)['profiles.add'](await input('C'));
    const list = await viaContract(r.core)['profiles.reorder']({ profileIds: [c.id, a.id] });
    expect(list.map((p) => p.name)).toEqual(['C', 'A', 'B']);
    expect(r.events.profiles.at(-1)?.map((p) => p.name)).toEqual(['C', 'A', 'B']);
    void b;
    await r.core.dispose();
    const again = await start({ settings, secrets });
    expect((await viaContract(again.core)['profiles.list']()).map((p) => p.name)).toEqual([
      'C',
      'A',
      'B',
    ]);
  });
});
