// Two-factor logins through the contract against the demo's tfa@pve and webauthn@pve (spec §1 "TFA
// flow"): a profile whose login answers NeedTFA waits in state 'tfa' for session.answerTfa; TOTP
// and recovery-key answers, a wrong code, a spent recovery key, the WebAuthn-only message, and the
// test/add path.

import { describe, expect, it } from 'vitest';
import { totpCode } from '../../electron/demo/tfa';
import type { DemoCluster } from '../../electron/demo';
import type { ProfileInput } from '../../shared/model';
import { viaContract } from './contract-client';
import { failure, useCores, waitFor, type RecordedCore } from './helpers';

const { start, startDemo } = useCores();

function tfaInput(demo: DemoCluster, user = demo.credentials.tfaUser): ProfileInput {
  return {
    name: 'Two-factor',
    url: demo.url,
    fingerprint: demo.fingerprint,
    auth: {
      mode: 'password',
      username: user.username.split('@')[0]!,
      realm: user.realm,
      password: user.password,
    },
  };
}

function nowCode(demo: DemoCluster): string {
  return totpCode(demo.credentials.tfaUser.totpSecret, Math.floor(Date.now() / 1000));
}

function statesOf(r: RecordedCore, profileId: string) {
  return r.events.connection.filter((s) => s.profileId === profileId);
}

/** Add the tfa@pve profile and wait until it asks for the second factor. */
async function addTfaProfile(r: RecordedCore, demo: DemoCluster) {
  const profile = await viaContract(r.core)['profiles.add'](tfaInput(demo));
  const asking = await waitFor('asks for the second factor', () =>
    statesOf(r, profile.id).find((s) => s.errorKind === 'tfa'),
  );
  return { profile, asking };
}

function snapshotOf(r: RecordedCore, profileId: string) {
  return r.events.resources.find((e) => e.profileId === profileId && e.kind === 'snapshot');
}

describe('two-factor login', () => {
  it('saves a TFA profile on its password, asks once for the code, and connects with a TOTP code', async () => {
    const demo = await startDemo();
    const r = await start();
    const { profile, asking } = await addTfaProfile(r, demo);
    expect(asking).toMatchObject({
      status: 'offline',
      reason: 'tfa@pve needs a second factor: enter a TOTP code or a recovery key.',
      tfa: { totp: true, recovery: 10 },
    });
    await viaContract(r.core)['session.answerTfa']({
      profileId: profile.id,
      kind: 'totp',
      code: nowCode(demo),
    });
    await waitFor('tree after the code', () => snapshotOf(r, profile.id));
    const state = await viaContract(r.core)['session.state']({ profileId: profile.id });
    expect(state).toMatchObject({ status: 'degraded', identity: 'tfa@pve' });
    // Asked once: one 'tfa' state, not one per refresh.
    expect(statesOf(r, profile.id).filter((s) => s.errorKind === 'tfa')).toHaveLength(1);
  });

  it('asks once more when the ticket is revoked, not on every refresh, and keeps the ticket on reconnect', async () => {
    const demo = await startDemo();
    const r = await start();
    const { profile } = await addTfaProfile(r, demo);
    const answer = { profileId: profile.id, kind: 'totp' as const };
    await viaContract(r.core)['session.answerTfa']({ ...answer, code: nowCode(demo) });
    await waitFor('tree after the code', () => snapshotOf(r, profile.id));
    // A reconnect (network hiccup, Retry) reuses the live ticket instead of asking again.
    await viaContract(r.core)['session.reconnect']({ profileId: profile.id });
    await waitFor('online again', () =>
      statesOf(r, profile.id)
        .slice(-1)
        .find((s) => s.status === 'degraded'),
    );
    expect(statesOf(r, profile.id).filter((s) => s.errorKind === 'tfa')).toHaveLength(1);

    demo.expireTickets();
    await waitFor('asks again', () =>
      statesOf(r, profile.id).filter((s) => s.errorKind === 'tfa').length === 2 ? true : undefined,
    );
    expect(statesOf(r, profile.id).slice(-1)[0]).toMatchObject({
      status: 'offline',
      errorKind: 'tfa',
    });
    await viaContract(r.core)['session.answerTfa']({ ...answer, code: nowCode(demo) });
    await waitFor('back after the second code', () =>
      statesOf(r, profile.id)
        .slice(-1)
        .find((s) => s.status === 'degraded'),
    );
  });

  it('refuses a wrong code with a message for the field, then takes the right one', async () => {
    const demo = await startDemo();
    const r = await start();
    const { profile } = await addTfaProfile(r, demo);
    const wrong = nowCode(demo) === '000000' ? '111111' : '000000';
    const refused = await failure(
      viaContract(r.core)['session.answerTfa']({
        profileId: profile.id,
        kind: 'totp',
        code: wrong,
      }),
    );
    expect(refused.kind).toBe('tfa');
    expect(refused.message).toBe(
      'This code was not accepted (authentication failure). Check the code (and the clock of your authenticator) and try again.',
    );
    await viaContract(r.core)['session.answerTfa']({
      profileId: profile.id,
      kind: 'totp',
      code: nowCode(demo),
    });
    await waitFor('tree after the code', () => snapshotOf(r, profile.id));
  });

  it('logs in with a recovery key, which is refused the next time', async () => {
    const demo = await startDemo();
    const r = await start();
    const { profile } = await addTfaProfile(r, demo);
    const key = demo.credentials.tfaUser.recoveryKeys[0]!;
    const answer = { profileId: profile.id, kind: 'recovery' as const, code: key };
    await viaContract(r.core)['session.answerTfa'](answer);
    await waitFor('tree after the key', () => snapshotOf(r, profile.id));

    // A second profile of the same user: the spent key no longer works.
    const again = await viaContract(r.core)['profiles.add']({ ...tfaInput(demo), name: 'Again' });
    const asking = await waitFor('second profile asks', () =>
      statesOf(r, again.id).find((s) => s.errorKind === 'tfa'),
    );
    expect(asking.tfa).toEqual({ totp: true, recovery: 9 });
    const refused = await failure(
      viaContract(r.core)['session.answerTfa']({ ...answer, profileId: again.id }),
    );
    expect(refused.message).toBe(
      'This recovery key was not accepted (authentication failure). A recovery key works only once; try another one.',
    );
  });

  it('tells a WebAuthn-only user to use TOTP or an API token, and does not save the profile', async () => {
    const demo = await startDemo();
    const r = await start();
    const before = (await viaContract(r.core)['profiles.list']()).length;
    const refused = await failure(
      viaContract(r.core)['profiles.add'](
        tfaInput(demo, { ...demo.credentials.webauthnUser, totpSecret: '', recoveryKeys: [] }),
      ),
    );
    expect(refused.kind).toBe('auth');
    expect(refused.message).toBe(
      'webauthn@pve logs in with a WebAuthn security key, which Deckhand does not support. Add a TOTP factor (or recovery keys) to this user in PVE, or use an API token.',
    );
    expect(await viaContract(r.core)['profiles.list']()).toHaveLength(before);
  });

  it('says in the connection test that the code is asked for after adding', async () => {
    const demo = await startDemo();
    const r = await start();
    const tested = await failure(viaContract(r.core)['profiles.test'](tfaInput(demo)));
    expect(tested.kind).toBe('tfa');
    expect(tested.message).toBe(
      'The password is right. tfa@pve needs a second factor (a TOTP code or a recovery key), which Deckhand asks for once the profile is added.',
    );
  });
});
