// An expired login that cannot be renewed (the password was changed on the server) leads to one
// "log in again" state for that profile, not a stream of errors: the session stops trying (no
// login POST per refresh, which would lock the account), while another profile of the same
// cluster goes on refreshing. New credentials bring it back.

import { expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/model';
import { viaContract } from './contract-client';
import { useCores, waitFor } from './helpers';

const { start, startDemo } = useCores();

it('asks once to log in again when the password no longer works, and stops trying until fixed', async () => {
  const demo = await startDemo();
  const r = await start();
  const api = viaContract(r.core);
  const audit = demo.credentials.readonlyUser;
  const [root, auditor] = [
    await api['profiles.add']({
      name: 'Root',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: {
        mode: 'password',
        username: 'root',
        realm: 'pam',
        password: demo.credentials.password,
      },
    }),
    await api['profiles.add']({
      name: 'Auditor',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'password', username: 'audit', realm: 'pve', password: audit.password },
    }),
  ];
  const statesOf = (id: string): ConnectionState[] =>
    r.events.connection.filter((s) => s.profileId === id);
  const count = (key: string): number => demo.requestCounts().get(key) ?? 0;
  const resourceGets = () => count('GET /api2/json/cluster/resources');
  const logins = () => count('POST /api2/json/access/ticket');
  for (const p of [root, auditor]) {
    await waitFor(`${p.name} live`, () => statesOf(p.id).some((s) => s.status === 'degraded'));
  }

  // The server's admin changes the auditor's password; every ticket lapses.
  demo.setPassword('audit@pve', 'changed-on-the-server');
  demo.expireTickets();
  const prompt = await waitFor('log in again', () =>
    statesOf(auditor.id).find((s) => s.status === 'offline' && s.errorKind === 'auth'),
  );
  expect(prompt.reason).toBe('Login failed: wrong user name or password');
  // Root logs in again behind the scenes and goes on; wait for that, then for twenty of its
  // refreshes (longer than the back-off's first pause of 3 s).
  await waitFor('root refreshing again', () => {
    const s = statesOf(root.id).at(-1);
    return s?.status === 'degraded' && s.errorKind === undefined;
  });
  const loginsAfter = logins();
  const gets = resourceGets();
  await waitFor('twenty more refreshes of Root', () => resourceGets() >= gets + 20);
  // One prompt, and no login tried since: the auditor's session waits for the user.
  expect(statesOf(auditor.id).filter((s) => s.errorKind === 'auth')).toHaveLength(1);
  expect(statesOf(auditor.id).at(-1)).toMatchObject({ status: 'offline', errorKind: 'auth' });
  expect(logins()).toBe(loginsAfter);
  expect(statesOf(root.id).filter((s) => s.status === 'offline')).toEqual([]);

  await api['profiles.update']({
    profileId: auditor.id,
    auth: { mode: 'password', username: 'audit', realm: 'pve', password: 'changed-on-the-server' },
  });
  await waitFor('auditor back', () => statesOf(auditor.id).at(-1)?.status === 'degraded');
});
