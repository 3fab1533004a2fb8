// The demo's cluster bulk endpoints over HTTPS (pve-manager 9.0.13+): one bulk-shutdown worker
// (bulkshutdown before 9.0.17) that runs each guest's own task and names each guest in its log as
// pve-manager's Guest.pm does, failing as PVE words it when one failed; a 9.0.10 cluster answers the path 501 like any path it does not know.

import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  cluster,
  pickGuest,
  resources,
  startCluster,
  stopCluster,
  taskEnd,
  taskPath,
  until,
} from './demo-api-kit';

describe('demo cluster: bulk actions', () => {
  afterEach(async () => {
    await stopCluster();
  });

  it('shuts down the listed guests in one task whose log names each; a locked one fails', async () => {
    await startCluster();
    const a = await pickGuest((g) => g.type === 'lxc' && g.status === 'running' && !g.hastate);
    const b = await pickGuest(
      (g) => g.type === 'lxc' && g.status === 'running' && !g.hastate && g.vmid !== a.vmid,
    );
    cluster.editConfig(b.vmid as number, { lock: 'backup' });
    const r = await call('POST', '/cluster/bulk-action/guest/shutdown', {
      json: { vms: [a.vmid, b.vmid], 'force-stop': 0 },
    });
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:bulk-shutdown::root@pam!deckhand:$/,
    );
    const end = await taskEnd('pve1', upid);
    expect(end.exitstatus).toBe(`Some guests failed to shutdown ${String(b.vmid)}`);
    const log = (await call('GET', `${taskPath('pve1', upid, '/log')}?limit=0`)).json!.data as {
      t: string;
    }[];
    const lines = log.map((l) => l.t);
    expect(lines[0]).toBe(`Shutting down guests: ${String(a.vmid)}, ${String(b.vmid)}`);
    expect(lines).toContain(`Shutting down CT ${String(a.vmid)} (Timeout = 180 seconds)`);
    // The locked one's task fails; pve-manager words a failed shutdown "Stopping … failed".
    expect(lines).toContain(`Shutting down CT ${String(b.vmid)} (Timeout = 180 seconds)`);
    expect(lines).toContain(`WARN: Stopping CT ${String(b.vmid)} failed: CT is locked (backup)`);
    await until('a stops', async () =>
      (await resources('vm')).find((g) => g.vmid === a.vmid)?.status === 'stopped'
        ? true
        : undefined,
    );
  });

  it('names the worker bulkstart before 9.0.17 and skips a guest already running', async () => {
    await startCluster({ taskTimeScale: 0.05, version: '9.0.16' });
    const on = await pickGuest((g) => g.type === 'lxc' && g.status === 'running' && !g.hastate);
    const r = await call('POST', '/cluster/bulk-action/guest/start', { json: { vms: [on.vmid] } });
    const upid = r.json!.data as string;
    expect(upid).toMatch(/:bulkstart::/);
    const end = await taskEnd('pve1', upid);
    expect(end.exitstatus).toBe('WARNINGS: 1');
    const log = (await call('GET', `${taskPath('pve1', upid, '/log')}?limit=0`)).json!.data as {
      t: string;
    }[];
    expect(log.map((l) => l.t).slice(0, 2)).toEqual([
      `Starting guests: ${String(on.vmid)}`,
      `WARN: Skipping CT ${String(on.vmid)}, already running.`,
    ]);
  });

  it('answers 501 before 9.0.13', async () => {
    await startCluster({ taskTimeScale: 0.05, version: '9.0.10' });
    const r = await call('POST', '/cluster/bulk-action/guest/start', { json: { vms: [100] } });
    expect(r.status).toBe(501);
    expect(r.reason).toBe("Method 'POST /cluster/bulk-action/guest/start' not implemented");
  });
});
