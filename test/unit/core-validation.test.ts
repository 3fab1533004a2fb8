import { afterEach, describe, expect, it } from 'vitest';
import { isDeckhandError } from '../../shared/errors';
import type { CallHandlers } from '../../shared/ipc';
import type { Core } from '../../electron/core';
import { createTestCore } from '../kit/core';
import { viaContract } from '../integration/contract-client';

// The renderer is untrusted: the contract (the hosts' dispatcher) refuses malformed arguments
// before any handler runs.
describe('createCore argument validation', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.dispose();
    core = undefined;
  });

  async function handlers(): Promise<CallHandlers> {
    ({ core } = await createTestCore());
    return viaContract(core);
  }

  async function rejection(p: Promise<unknown>): Promise<unknown> {
    try {
      await p;
    } catch (err) {
      return err;
    }
    throw new Error('expected a rejection');
  }

  // Loose casts: the point is to send what a compromised renderer could send.
  type Loose = (args: unknown) => Promise<unknown>;

  it.each([
    ['profiles.probe', { url: 42 }, 'url'],
    ['profiles.probe', { url: 'pve1', fingerprint: 'nope' }, 'fingerprint'],
    ['profiles.add', { name: 'x', url: 'pve1', auth: { mode: 'magic' } }, 'auth'],
    [
      'profiles.add',
      { name: 'x', url: 'pve1', auth: { mode: 'token', tokenId: 'root', secret: 's' } },
      'auth.tokenId',
    ],
    [
      'profiles.test',
      {
        name: '',
        url: 'pve1',
        auth: { mode: 'password', username: 'root', realm: 'pam', password: 'x' },
      },
      'name',
    ],
    [
      'guest.action',
      { profileId: 'p', node: 'pve1', type: 'qemu', vmid: 100, action: 'explode' },
      'action',
    ],
    [
      'guest.action',
      { profileId: 'p', node: '../etc', type: 'qemu', vmid: 100, action: 'start' },
      'node',
    ],
    [
      'guest.action',
      { profileId: 'p', node: 'pve1', type: 'qemu', vmid: 1.5, action: 'start' },
      'vmid',
    ],
    [
      'guest.action',
      {
        profileId: 'p',
        node: 'pve1',
        type: 'lxc',
        vmid: 101,
        action: 'start',
        params: { evil: 1 },
      },
      'params',
    ],
    ['profiles.update', { profileId: 'p', fingerprint: 'AA:BB' }, 'fingerprint'],
    ['profiles.update', { profileId: 'p', name: '  ' }, 'name'],
    ['profiles.update', { profileId: 'p', url: 'https://elsewhere:8006' }, 'arguments'],
    ['profiles.update', { profileId: 'p' }, 'arguments'],
    [
      'profiles.update',
      { profileId: 'p', auth: { mode: 'token', tokenId: 'root@pam!tok', secret: '' } },
      'auth.secret',
    ],
    ['tasks.log', { profileId: 'p', upid: 'x', start: -1 }, 'start'],
    ['session.state', null, 'arguments'],
  ] as const)('%s rejects %j (field %s)', async (name, args, field) => {
    const h = await handlers();
    const err = await rejection((h[name] as unknown as Loose)(args));
    expect(isDeckhandError(err, 'validation')).toBe(true);
    expect((err as Error).message).toContain(field);
  });

  it('the error never echoes a secret', async () => {
    const h = await handlers();
    const err = await rejection(
      (h['profiles.add'] as unknown as Loose)({
        name: 'x',
        url: 'http://pve1',
        auth: { mode: 'password', username: 'root', realm: 'pam', password: 'hunter2-secret' },
      }),
    );
    expect(isDeckhandError(err, 'validation')).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain('hunter2-secret');
  });

  it('unknown profiles are not-found', async () => {
    const h = await handlers();
    const err = await rejection(h['session.state']({ profileId: 'nope' }));
    expect(isDeckhandError(err, 'not-found')).toBe(true);
  });

  it('answers app.info, saying where secrets are kept', async () => {
    const h = await handlers();
    expect(await h['app.info']()).toEqual({
      version: '0.0.0-test',
      host: 'browser',
      platform: process.platform,
      secrets: 'memory',
    });
  });
});
