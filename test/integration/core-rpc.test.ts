// createCore end to end against the demo cluster, through the contract as a host binds it (its
// dispatcher) and core's events: add the demo, see resources, start a container and watch its
// task and row, errors, cleanup.

import { describe, expect, it } from 'vitest';
import type { GuestResource, ResourceEvent, TaskInfo } from '../../shared/model';
import { isGuest } from '../../shared/model';
import { viaContract } from './contract-client';
import { failure, useCores, waitFor } from './helpers';

const { start, demos, cores } = useCores();

function firstSnapshot(events: ResourceEvent[]) {
  const s = events.find((e) => e.kind === 'snapshot');
  return s?.kind === 'snapshot' ? s : undefined;
}

describe('createCore with the demo cluster', () => {
  it('adds the demo, starts a stopped container, reports the task and the row turning running', async () => {
    const { core, events } = await start();
    const profile = await viaContract(core)['profiles.addDemo']();
    expect(profile).toMatchObject({
      name: 'Demo cluster',
      isDemo: true,
      authMode: 'password',
      username: 'root',
      realm: 'pam',
    });
    expect(profile.fingerprint).toBe(demos[0]!.fingerprint);
    expect(events.profiles.at(-1)).toEqual([profile]);

    await waitFor('snapshot', () => firstSnapshot(events.resources));
    const snap = await viaContract(core)['resources.snapshot']({ profileId: profile.id });
    expect(snap.items.some((r) => r.type === 'node')).toBe(true);
    const ct = snap.items.find(
      (r): r is GuestResource =>
        r.type === 'lxc' && r.status === 'stopped' && !r.template && !r.lock && r.node !== 'pve3',
    );
    if (!ct) throw new Error('demo has no stopped container');

    const task = await viaContract(core)['guest.action']({
      profileId: profile.id,
      node: ct.node,
      type: 'lxc',
      vmid: ct.vmid,
      action: 'start',
    });
    expect(task).toMatchObject({ status: 'running', own: true, guestId: ct.id, type: 'vzstart' });
    expect(task.label).toBe(`Start CT ${ct.vmid}${ct.name ? ` (${ct.name})` : ''}`);

    const ended = await waitFor('task end', () =>
      events.task.find((t) => t.upid === task.upid && t.status === 'stopped'),
    );
    expect(ended).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(ended.logTail?.at(-1)).toBe('TASK OK');

    const delta = await waitFor('running row', () =>
      events.resources.find(
        (e) =>
          e.kind === 'delta' && e.changed.some((c) => c.id === ct.id && c.set.status === 'running'),
      ),
    );
    expect(delta.seq).toBeGreaterThan(snap.seq);

    const list = await viaContract(core)['tasks.list']({ profileId: profile.id });
    expect(list[0]).toMatchObject({ upid: task.upid, own: true, ok: true });
    for (let i = 1; i < list.length; i++) {
      expect(list[i - 1]!.starttime).toBeGreaterThanOrEqual(list[i]!.starttime);
    }
    const log = await viaContract(core)['tasks.log']({ profileId: profile.id, upid: task.upid });
    expect(log.lines.map((l) => l.t)).toContain('TASK OK');
    expect(log.total).toBe(log.lines.length);
  });

  it("surfaces PVE's message: synchronously for a running container, in the task for a running VM", async () => {
    const { core, events } = await start();
    const profile = await viaContract(core)['profiles.addDemo']();
    await waitFor('snapshot', () => firstSnapshot(events.resources));
    const { items } = await viaContract(core)['resources.snapshot']({ profileId: profile.id });
    const guests = items.filter(isGuest).filter((g) => g.node !== 'pve3' && !g.template);
    const runningCt = guests.find((g) => g.type === 'lxc' && g.status === 'running');
    const runningVm = guests.find(
      // Not HA-managed (PVE would run an `hastart` task instead) and not locked.
      (g) => g.type === 'qemu' && g.status === 'running' && !g.hastate && !g.lock,
    );
    if (!runningCt || !runningVm) throw new Error('demo lacks running guests');

    const err = await failure(
      viaContract(core)['guest.action']({
        profileId: profile.id,
        node: runningCt.node,
        type: 'lxc',
        vmid: runningCt.vmid,
        action: 'start',
      }),
    );
    expect(err).toMatchObject({
      kind: 'api',
      status: 500,
      message: `CT ${runningCt.vmid} already running`,
    });

    const task = await viaContract(core)['guest.action']({
      profileId: profile.id,
      node: runningVm.node,
      type: 'qemu',
      vmid: runningVm.vmid,
      action: 'start',
    });
    const ended = await waitFor('task end', () =>
      events.task.find((t): t is TaskInfo => t.upid === task.upid && t.status === 'stopped'),
    );
    expect(ended.ok).toBe(false);
    expect(ended.exitstatus).toBe(`VM ${runningVm.vmid} already running`);
    expect(ended.logTail?.at(-1)).toBe(`TASK ERROR: VM ${runningVm.vmid} already running`);
  });

  it('reconnects a saved demo profile on the next start, with the new URL and certificate', async () => {
    const first = await start();
    const profile = await viaContract(first.core)['profiles.addDemo']();
    await first.core.dispose();
    const second = await start({ settings: first.settings, secrets: first.secrets });
    const [reloaded] = await viaContract(second.core)['profiles.list']();
    expect(reloaded?.id).toBe(profile.id);
    expect(reloaded?.url).toBe(demos[1]!.url);
    expect(reloaded?.fingerprint).toBe(demos[1]!.fingerprint);
    await waitFor('snapshot', () => firstSnapshot(second.events.resources));
    const state = await viaContract(second.core)['session.state']({ profileId: profile.id });
    expect(state.status).toBe('degraded');
    expect(state.clusterName).toBeTruthy();
  });

  it('adds a profile with an API token, and removing it deletes its secret', async () => {
    const { core, events, secrets } = await start();
    const demoProfile = await viaContract(core)['profiles.addDemo']();
    const demo = demos[0]!;
    const probe = await viaContract(core)['profiles.probe']({
      url: demo.url.replace('https://', ''),
    });
    expect(probe.url).toBe(demo.url);
    expect(probe.certificate).toMatchObject({ fingerprint: demo.fingerprint, trusted: false });
    expect(probe.realms).toBeUndefined();
    const approved = await viaContract(core)['profiles.probe']({
      url: demo.url,
      fingerprint: demo.fingerprint,
    });
    expect(approved.realms?.map((r) => r.realm)).toContain('pam');

    const input = {
      name: 'Token',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: {
        mode: 'token' as const,
        tokenId: demo.credentials.token.tokenId,
        secret: demo.credentials.token.secret,
      },
    };
    const tested = await viaContract(core)['profiles.test'](input);
    expect(tested).toMatchObject({ identity: demo.credentials.token.tokenId, nodes: 3 });

    const added = await viaContract(core)['profiles.add'](input);
    expect(added).toMatchObject({ authMode: 'token', username: demo.credentials.token.tokenId });
    await waitFor('token session snapshot', () =>
      events.resources.find((e) => e.profileId === added.id && e.kind === 'snapshot'),
    );
    expect(secrets.keys()).toContain(`profile:${added.id}:token`);

    await viaContract(core)['profiles.remove']({ profileId: added.id });
    expect(secrets.keys()).not.toContain(`profile:${added.id}:token`);
    expect((await viaContract(core)['profiles.list']()).map((p) => p.id)).toEqual([demoProfile.id]);
    expect(
      await failure(viaContract(core)['session.state']({ profileId: added.id })),
    ).toMatchObject({
      kind: 'not-found',
    });
  });

  it('tests wrong credentials with a clear auth error', async () => {
    const { core } = await start();
    await viaContract(core)['profiles.addDemo']();
    const demo = demos[0]!;
    const err = await failure(
      viaContract(core)['profiles.test']({
        name: 'x',
        url: demo.url,
        fingerprint: demo.fingerprint,
        auth: { mode: 'password', username: 'root', realm: 'pam', password: 'nope' },
      }),
    );
    expect(err).toMatchObject({
      kind: 'auth',
      message: 'Login failed: wrong user name or password',
    });
  });

  it('never lets a secret out in results or events', async () => {
    const { core, events } = await start();
    const profile = await viaContract(core)['profiles.addDemo']();
    await waitFor('snapshot', () => firstSnapshot(events.resources));
    const results = [
      profile,
      await viaContract(core)['profiles.list'](),
      await viaContract(core)['session.state']({ profileId: profile.id }),
      await viaContract(core)['tasks.list']({ profileId: profile.id }),
    ];
    const all = JSON.stringify({ results, events });
    const demo = demos[0]!;
    expect(all).not.toContain(demo.credentials.password);
    expect(all).not.toContain(demo.credentials.token.secret);
    expect(all).not.toMatch(/PVE:root@pam:[0-9A-F]{8}::/); // a ticket
  });

  it('dispose stops sessions and the demo and leaves no handles behind', async () => {
    const handles = (): number =>
      (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
    const baseline = handles();
    const { core, events } = await start();
    await viaContract(core)['profiles.addDemo']();
    await waitFor('snapshot', () => firstSnapshot(events.resources));
    await core.dispose();
    cores.splice(0);
    demos.splice(0);
    await waitFor('handles back to baseline', () => handles() <= baseline);
  });
});
