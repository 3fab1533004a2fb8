// The demo's cluster bulk migrate over HTTPS, in pve-manager's words (Guest.pm `migrate`): one
// worker (`bulk-migrate`, `bulkmigrate` before 9.0.17) that migrates each listed guest, `online`
// as a VM's live migration and a CT's restart mode; a guest already on the target is a warning
// and no task, a failed migration "WARN: Migrating VM N failed: …", the end "Some guests failed
// to migrate N".

import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  pickGuest,
  resources,
  startCluster,
  stopCluster,
  taskEnd,
  taskLog,
  until,
} from './demo-api-kit';

describe('demo cluster: bulk migrate', () => {
  afterEach(async () => {
    await stopCluster();
  });

  it('migrates the listed guests; one already there is skipped, one fails with PVE’s message', async () => {
    await startCluster();
    const plain = (g: Record<string, unknown>) => !g.hastate && !g.lock && !g.template;
    const ct = await pickGuest(
      (g) => plain(g) && g.type === 'lxc' && g.status === 'running' && g.node === 'pve2',
    );
    const vm = await pickGuest(
      (g) => plain(g) && g.type === 'qemu' && g.status === 'running' && g.node === 'pve2',
    );
    const here = await pickGuest((g) => plain(g) && g.type === 'lxc' && g.node === 'pve1');
    const ids = [ct, vm, here].map((g) => g.vmid as number).sort((a, b) => a - b);
    const r = await call('POST', '/cluster/bulk-action/guest/migrate', {
      json: { target: 'pve1', vms: ids, online: 1 },
    });
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:bulk-migrate::root@pam!deckhand:$/,
    );
    const end = await taskEnd('pve1', upid);
    expect(end.exitstatus).toBe(`Some guests failed to migrate ${String(vm.vmid)}`);
    const lines = await taskLog('pve1', upid);
    expect(lines[0]).toBe(`Migrating guests to pve1: ${ids.join(', ')}`);
    expect(lines).toContain(`Migrating CT ${String(ct.vmid)}`);
    expect(lines).toContain(`Migrating VM ${String(vm.vmid)}`);
    expect(lines).toContain(`WARN: CT ${String(here.vmid)} already on pve1, skipping.`);
    const failed = lines.find((l) =>
      l.startsWith(`WARN: Migrating VM ${String(vm.vmid)} failed: `),
    );
    // The bulk worker logs the guest task's exit status: a migration's is a bare 'migration aborted'.
    expect(failed).toBe(`WARN: Migrating VM ${String(vm.vmid)} failed: migration aborted`);
    await until('the CT is on pve1, running again', async () => {
      const g = (await resources('vm')).find((x) => x.vmid === ct.vmid);
      return g?.node === 'pve1' && g.status === 'running' ? true : undefined;
    });
    expect((await resources('vm')).find((x) => x.vmid === vm.vmid)?.node).toBe('pve2');
  });

  it('names its worker bulkmigrate before 9.0.17', async () => {
    await startCluster({ taskTimeScale: 0.05, version: '9.0.14' });
    const g = await pickGuest(
      (x) => x.status === 'stopped' && !x.template && x.node === 'pve2' && !x.hastate,
    );
    const r = await call('POST', '/cluster/bulk-action/guest/migrate', {
      json: { target: 'pve1', vms: [g.vmid] },
    });
    const upid = r.json!.data as string;
    expect(upid).toMatch(/:bulkmigrate::/);
    expect((await taskEnd('pve1', upid)).exitstatus).toBe('OK');
  });
});
