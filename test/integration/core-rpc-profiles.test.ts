// profiles.update and profiles.remove through the contract (the hosts' dispatcher) and core's
// events, against the demo cluster: re-approving a changed certificate, replacing credentials
// (wrong password, missing secret after a restart), renaming, and removing a profile with its
// secrets and events.

import { describe, expect, it } from 'vitest';
import { passwordKey, tokenKey } from '../../electron/core';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/store/memory';
import type { GuestResource, ProfileInfo } from '../../shared/model';
import { viaContract } from './contract-client';
import { failure, useCores, waitFor, type RecordedCore } from './helpers';

const { start, startDemo, demos } = useCores();

/** The first snapshot of a profile at or after event index `from`. */
function snapshotOf(r: RecordedCore, profileId: string, from = 0) {
  return r.events.resources
    .slice(from)
    .find((e) => e.profileId === profileId && e.kind === 'snapshot');
}

function stateOf(r: RecordedCore, profileId: string, from = 0) {
  return r.events.connection.slice(from).filter((s) => s.profileId === profileId);
}

describe('start-up', () => {
  it('starts, and connects the other profiles, when one stored secret cannot be read', async () => {
    const demo = await startDemo();
    const profile = (id: string): ProfileInfo => ({
      id,
      name: id,
      url: demo.url,
      authMode: 'password',
      username: 'root',
      realm: 'pam',
      fingerprint: demo.fingerprint,
      isDemo: false,
    });
    // The OS keyring is locked for one value (safeStorage rejects it); the other reads fine.
    class LockedSecrets extends MemorySecretStore {
      override async get(key: string): Promise<string | undefined> {
        if (key === passwordKey('locked')) throw new Error('keyring is locked');
        return super.get(key);
      }
    }
    const secrets = new LockedSecrets();
    await secrets.set(passwordKey('lab'), demo.credentials.password);
    await secrets.set(passwordKey('locked'), demo.credentials.password);
    const r = await start({
      settings: new MemorySettingsStore([profile('locked'), profile('lab')]),
      secrets,
    });
    await waitFor('snapshot of the readable profile', () => snapshotOf(r, 'lab'));
    expect(await viaContract(r.core)['session.state']({ profileId: 'locked' })).toMatchObject({
      status: 'offline',
      errorKind: 'auth',
    });
  });
});

describe('profiles.update', () => {
  it('re-approves a changed certificate only with the fingerprint the server presents now', async () => {
    const r = await start();
    const { core } = r;
    const profile = await viaContract(core)['profiles.addDemo']();
    await waitFor('first snapshot', () => snapshotOf(r, profile.id));
    const demo = demos[0]!;
    const pinned = demo.fingerprint;

    const presented = await demo.rotateCertificate();
    const offline = await waitFor('offline after rotation', () =>
      stateOf(r, profile.id).find((s) => s.status === 'offline'),
    );
    // The state carries both fingerprints, so the UI can show what changed.
    expect(offline).toMatchObject({
      errorKind: 'tls',
      fingerprint: presented,
      expectedFingerprint: pinned,
    });

    const savedBefore = await r.settings.loadProfiles();
    const connectionEvents = r.events.connection.length;

    expect(
      await failure(
        viaContract(core)['profiles.update']({ profileId: profile.id, fingerprint: 'AA' }),
      ),
    ).toMatchObject({ kind: 'validation' });

    // The renderer's word is not enough: the old (or any other) fingerprint is refused.
    const refused = await failure(
      viaContract(core)['profiles.update']({ profileId: profile.id, fingerprint: pinned }),
    );
    expect(refused).toMatchObject({ kind: 'tls', fingerprint: presented });
    expect(refused.message).toContain('Nothing was changed');
    expect(await r.settings.loadProfiles()).toEqual(savedBefore);
    expect((await viaContract(core)['profiles.list']())[0]?.fingerprint).toBe(pinned);
    expect(await viaContract(core)['session.state']({ profileId: profile.id })).toMatchObject({
      status: 'offline',
      errorKind: 'tls',
    });
    expect(r.events.connection.length).toBe(connectionEvents);

    // The real one (in any case) is pinned, the session restarts and the resources flow again.
    const resourceEvents = r.events.resources.length;
    const updated = await viaContract(core)['profiles.update']({
      profileId: profile.id,
      fingerprint: presented.toLowerCase(),
    });
    expect(updated).toMatchObject({ id: profile.id, name: profile.name, fingerprint: presented });
    expect(r.events.profiles.at(-1)).toEqual([updated]);
    expect((await r.settings.loadProfiles())[0]?.fingerprint).toBe(presented);
    await waitFor('snapshot after re-approval', () => snapshotOf(r, profile.id, resourceEvents));
    const back = await waitFor('back up', () =>
      stateOf(r, profile.id, connectionEvents).find(
        (s) => s.status === 'online' || s.status === 'degraded',
      ),
    );
    expect(back.errorKind).toBeUndefined();
    expect(back.fingerprint).toBeUndefined();
  });

  it('saves profiles only with working credentials, replaces them only after they log in, never returns a secret', async () => {
    const r = await start();
    const { core, secrets } = r;
    await viaContract(core)['profiles.addDemo']();
    const demo = demos[0]!;
    // A wrong password is refused at once and nothing is saved.
    const before = (await viaContract(core)['profiles.list']()).length;
    const typo = await failure(
      viaContract(core)['profiles.add']({
        name: 'Typo',
        url: demo.url,
        fingerprint: demo.fingerprint,
        auth: { mode: 'password', username: 'root', realm: 'pam', password: 'wrong-password' },
      }),
    );
    expect(typo).toMatchObject({ kind: 'auth' });
    expect(await viaContract(core)['profiles.list']()).toHaveLength(before);

    // Saved with the right password; then the server's admin changes it (and old tickets lapse).
    const audit = demo.credentials.readonlyUser;
    const added = await viaContract(core)['profiles.add']({
      name: 'Auditor',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'password', username: 'audit', realm: 'pve', password: audit.password },
    });
    demo.setPassword('audit@pve', 'changed-on-the-server');
    demo.expireTickets();
    await waitFor('offline on wrong password', () =>
      stateOf(r, added.id).find((s) => s.status === 'offline' && s.errorKind === 'auth'),
    );

    const refused = await failure(
      viaContract(core)['profiles.update']({
        profileId: added.id,
        auth: { mode: 'password', username: 'audit', realm: 'pve', password: 'still-wrong' },
      }),
    );
    expect(refused).toMatchObject({ kind: 'auth' });
    expect(await secrets.get(passwordKey(added.id))).toBe(audit.password);

    const resourceEvents = r.events.resources.length;
    const fixed = await viaContract(core)['profiles.update']({
      profileId: added.id,
      auth: {
        mode: 'password',
        username: 'audit',
        realm: 'pve',
        password: 'changed-on-the-server',
      },
    });
    expect(fixed).toMatchObject({ authMode: 'password', username: 'audit', realm: 'pve' });
    await waitFor('snapshot with the new password', () => snapshotOf(r, added.id, resourceEvents));
    expect(await secrets.get(passwordKey(added.id))).toBe('changed-on-the-server');
    expect(await viaContract(core)['session.state']({ profileId: added.id })).toMatchObject({
      identity: 'audit@pve',
    });

    // Switching to an API token replaces the password in the secret store.
    const { tokenId, secret } = demo.credentials.token;
    const tokened = await viaContract(core)['profiles.update']({
      profileId: added.id,
      auth: { mode: 'token', tokenId, secret },
    });
    expect(tokened).toMatchObject({ authMode: 'token', username: tokenId });
    expect(tokened.realm).toBeUndefined();
    expect(secrets.keys()).toContain(tokenKey(added.id));
    expect(secrets.keys()).not.toContain(passwordKey(added.id));
    await waitFor('logged in with the token', () =>
      stateOf(r, added.id).find((s) => s.identity === tokenId),
    );

    const all = JSON.stringify({ fixed, tokened, events: r.events });
    expect(all).not.toContain(demo.credentials.password);
    expect(all).not.toContain(secret);
  });

  it('renames without reconnecting, and brings back a profile whose secret is missing', async () => {
    const demo = await startDemo();
    // A profile saved by an earlier run whose secret did not survive (the browser host keeps
    // secrets in memory only).
    const saved: ProfileInfo = {
      id: 'lab',
      name: 'Lab',
      url: demo.url,
      authMode: 'password',
      username: 'root',
      realm: 'pam',
      fingerprint: demo.fingerprint,
      isDemo: false,
    };
    const r = await start({ settings: new MemorySettingsStore([saved]) });
    const { core } = r;
    expect(await viaContract(core)['session.state']({ profileId: 'lab' })).toMatchObject({
      status: 'offline',
      errorKind: 'auth',
    });

    const renamed = await viaContract(core)['profiles.update']({
      profileId: 'lab',
      name: 'Home lab',
    });
    expect(renamed).toEqual({ ...saved, name: 'Home lab' });
    expect(r.events.profiles.at(-1)).toEqual([renamed]);

    await viaContract(core)['profiles.update']({
      profileId: 'lab',
      auth: {
        mode: 'password',
        username: 'root',
        realm: 'pam',
        password: demo.credentials.password,
      },
    });
    await waitFor('snapshot once the secret is back', () => snapshotOf(r, 'lab'));

    // A rename keeps the live session: its resources are still there right after.
    const before = await viaContract(core)['resources.snapshot']({ profileId: 'lab' });
    const again = await viaContract(core)['profiles.update']({ profileId: 'lab', name: 'Lab 2' });
    expect(again.name).toBe('Lab 2');
    const after = await viaContract(core)['resources.snapshot']({ profileId: 'lab' });
    expect(after.items.length).toBe(before.items.length);
    expect(after.seq).toBeGreaterThanOrEqual(before.seq);
    expect((await r.settings.loadProfiles())[0]?.name).toBe('Lab 2');

    expect(
      await failure(viaContract(core)['profiles.update']({ profileId: 'nope', name: 'x' })),
    ).toMatchObject({ kind: 'not-found' });
    expect(await failure(viaContract(core)['profiles.update']({ profileId: 'lab' }))).toMatchObject(
      {
        kind: 'validation',
      },
    );
  });
});

describe('profiles.remove', () => {
  it('deletes the secrets, stops the events, and may remove the demo profile too', async () => {
    const r = await start();
    const { core, secrets } = r;
    const demoProfile = await viaContract(core)['profiles.addDemo']();
    const demo = demos[0]!;
    const added = await viaContract(core)['profiles.add']({
      name: 'Token',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'token', ...demo.credentials.token },
    });
    await waitFor('both snapshots', () => snapshotOf(r, added.id) && snapshotOf(r, demoProfile.id));
    expect(secrets.keys()).toContain(tokenKey(added.id));

    await viaContract(core)['profiles.remove']({ profileId: added.id });
    expect(secrets.keys().filter((k) => k.includes(added.id))).toEqual([]);
    // The pins its session took from the cluster may have been saved with it meanwhile (core/trust).
    const left = r.events.profiles.at(-1)?.map(({ nodeFingerprints: _pins, ...p }) => p);
    expect(left).toEqual([demoProfile]);
    const mark = {
      connection: r.events.connection.length,
      resources: r.events.resources.length,
      task: r.events.task.length,
    };

    // A change every live session would report: start a stopped container.
    const { items } = await viaContract(core)['resources.snapshot']({ profileId: demoProfile.id });
    const ct = items.find(
      (x): x is GuestResource =>
        x.type === 'lxc' && x.status === 'stopped' && !x.template && !x.lock && x.node !== 'pve3',
    );
    if (!ct) throw new Error('demo has no stopped container');
    await viaContract(core)['guest.action']({
      profileId: demoProfile.id,
      node: ct.node,
      type: 'lxc',
      vmid: ct.vmid,
      action: 'start',
    });
    await waitFor('the demo profile sees the container running', () =>
      r.events.resources
        .slice(mark.resources)
        .some(
          (e) =>
            e.profileId === demoProfile.id &&
            e.kind === 'delta' &&
            e.changed.some((c) => c.id === ct.id && c.set.status === 'running'),
        ),
    );
    const late = [
      ...r.events.connection.slice(mark.connection),
      ...r.events.resources.slice(mark.resources),
      ...r.events.task.slice(mark.task),
    ].filter((e) => e.profileId === added.id);
    expect(late).toEqual([]);
    expect(
      await failure(viaContract(core)['resources.snapshot']({ profileId: added.id })),
    ).toMatchObject({ kind: 'not-found' });

    await viaContract(core)['profiles.remove']({ profileId: demoProfile.id });
    expect(await viaContract(core)['profiles.list']()).toEqual([]);
    expect(r.events.profiles.at(-1)).toEqual([]);
    expect(secrets.keys()).toEqual([]);
  });
});
