// The demo cluster's state machine over real HTTPS: power tasks and their lifecycles, HA,
// stopping tasks, faults and clean shutdown (spec §2, §4).

import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster } from '../../electron/demo/index';
import {
  call,
  cluster,
  guest,
  pickGuest,
  power,
  startCluster,
  stopCluster,
  taskEnd,
  taskPath,
  until,
  type TaskStatus,
} from './demo-api-kit';

describe('demo cluster: power and tasks', () => {
  beforeEach(async () => {
    await startCluster();
  });
  afterEach(async () => {
    await stopCluster();
  });

  it('starts a stopped VM: a running qmstart task, then TASK OK and the VM running', async () => {
    const g = await pickGuest(
      (x) => x.type === 'qemu' && x.status === 'stopped' && !x.hastate && !x.lock,
    );
    // Held, the task stays running while the test looks, however slow the machine.
    cluster.holdTasks(true);
    const r = await power(g, 'start');
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toMatch(
      new RegExp(
        `^UPID:${g.node as string}:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmstart:${g.vmid as number}:root@pam!deckhand:$`,
      ),
    );

    const first = (await call('GET', taskPath(g.node as string, upid, '/status'))).json!
      .data as TaskStatus;
    expect(first.status).toBe('running');
    const active = await call('GET', `/nodes/${g.node as string}/tasks?source=active`);
    expect((active.json!.data as { upid: string }[]).some((t) => t.upid === upid)).toBe(true);

    cluster.holdTasks(false);
    const end = await taskEnd(g.node as string, upid);
    expect(end.exitstatus).toBe('OK');
    expect((await guest(g.vmid as number)).status).toBe('running');
    const log = (await call('GET', taskPath(g.node as string, upid, '/log'))).json!.data as {
      t: string;
    }[];
    expect(log.at(-1)!.t).toBe('TASK OK');
  });

  it('fails a second start of a running VM in the task, and a CT start synchronously', async () => {
    const vm = await pickGuest(
      (x) => x.type === 'qemu' && x.status === 'running' && !x.hastate && !x.lock,
    );
    const r = await power(vm, 'start');
    expect(r.status).toBe(200);
    const end = await taskEnd(vm.node as string, r.json!.data as string);
    expect(end.exitstatus).toBe(`VM ${vm.vmid as number} already running`);
    const log = (await call('GET', taskPath(vm.node as string, r.json!.data as string, '/log')))
      .json!.data as { t: string }[];
    expect(log.at(-1)!.t).toBe(`TASK ERROR: VM ${vm.vmid as number} already running`);

    const ct = await pickGuest((x) => x.type === 'lxc' && x.status === 'running' && !x.lock);
    const sync = await power(ct, 'start');
    expect(sync.status).toBe(500);
    expect(sync.json!.message).toBe(`CT ${ct.vmid as number} already running\n`);

    const stopped = await pickGuest((x) => x.type === 'qemu' && x.status === 'stopped');
    const reset = await power(stopped, 'reset');
    expect(reset.status).toBe(500);
    expect(reset.json!.message).toBe(`VM ${stopped.vmid as number} not running\n`);
  });

  it('refuses to operate a locked guest', async () => {
    const locked = await pickGuest((x) => x.lock === 'backup');
    const r = await power(locked, 'stop');
    const end = await taskEnd(locked.node as string, r.json!.data as string);
    expect(end.exitstatus).toBe('VM is locked (backup)');
    expect((await guest(locked.vmid as number)).status).toBe('running');
  });

  it('pauses and resumes a VM; a paused VM refuses a plain shutdown', async () => {
    const vm = await pickGuest(
      (x) => x.type === 'qemu' && x.status === 'running' && !x.hastate && !x.lock,
    );
    const s = await power(vm, 'suspend');
    expect(s.json!.data).toMatch(/:qmpause:/);
    await taskEnd(vm.node as string, s.json!.data as string);
    expect((await guest(vm.vmid as number)).status).toBe('paused');

    const shut = await power(vm, 'shutdown');
    expect(shut.status).toBe(500);
    expect(shut.json!.message).toBe('VM is paused - cannot shutdown\n');

    const resume = await power(vm, 'resume');
    expect((await taskEnd(vm.node as string, resume.json!.data as string)).exitstatus).toBe('OK');
    expect((await guest(vm.vmid as number)).status).toBe('running');
  });

  it('shuts down and starts HA-managed guests through hastop/hastart', async () => {
    const ha = await pickGuest((x) => x.hastate === 'started' && x.status === 'running' && !x.lock);
    const stop = await power(ha, 'shutdown', { timeout: '30' });
    expect(stop.json!.data).toMatch(/:hastop:/);
    expect((await taskEnd(ha.node as string, stop.json!.data as string)).exitstatus).toBe('OK');
    await until('HA guest stopped', async () => {
      const g = await guest(ha.vmid as number);
      return g.status === 'stopped' && g.hastate === 'stopped' ? g : undefined;
    });

    const start = await power(ha, 'start');
    expect(start.json!.data).toMatch(/:hastart:/);
    await until('HA guest running', async () => {
      const g = await guest(ha.vmid as number);
      return g.status === 'running' && g.hastate === 'started' ? g : undefined;
    });
  });

  it('stops a running task with DELETE: the task ends interrupted and the guest stays stopped', async () => {
    await stopCluster();
    // Slow tasks so the task is surely still running when it is stopped.
    await startCluster({ taskTimeScale: 5 });
    const ct = await pickGuest(
      (x) => x.type === 'lxc' && x.status === 'stopped' && !x.hastate && !x.lock,
    );
    const r = await power(ct, 'start');
    const upid = r.json!.data as string;
    const del = await call('DELETE', taskPath(ct.node as string, upid));
    expect(del.status).toBe(200);
    const end = await taskEnd(ct.node as string, upid);
    expect(end.exitstatus).toBe('received interrupt');
    expect((await guest(ct.vmid as number)).status).toBe('stopped');
  });

  it('injects faults: 5xx, 595, dropped sockets, malformed JSON, slow replies, with `times`', async () => {
    cluster.addFault({ kind: 'status', status: 503, path: /\/cluster\/resources$/, times: 1 });
    const first = await call('GET', '/cluster/resources');
    expect(first.status).toBe(503);
    expect(first.json!.message).toBe('Service Unavailable\n');
    expect((await call('GET', '/cluster/resources')).status).toBe(200);

    const remove = cluster.addFault({ kind: 'status', status: 595, path: /\/nodes\/pve2\// });
    const unreachable = await call('GET', '/nodes/pve2/status');
    expect(unreachable.status).toBe(595);
    expect(unreachable.text).toBe('');
    remove();
    expect((await call('GET', '/nodes/pve2/status')).status).toBe(200);

    cluster.addFault({ kind: 'drop', path: /\/version$/, times: 1 });
    await expect(call('GET', '/version')).rejects.toThrow();
    expect((await call('GET', '/version')).status).toBe(200);

    cluster.addFault({ kind: 'malformed', method: 'GET', path: /\/nodes$/, times: 1 });
    const bad = await call('GET', '/nodes');
    expect(bad.status).toBe(200);
    expect(() => JSON.parse(bad.text) as unknown).toThrow();

    cluster.addFault({ kind: 'slow', delayMs: 300, path: /\/version$/, times: 1 });
    const t0 = Date.now();
    expect((await call('GET', '/version')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);

    cluster.clearFaults();
    // Dropped, plain and slow requests to /version were all seen.
    expect(cluster.requestCounts().get('GET /api2/json/version')).toBe(3);
  });

  it('close() releases the port, sockets and timers', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const extra = await startDemoCluster({ taskTimeScale: 0.05 });
    const a = new Agent({ connect: { ca: extra.certificatePem } });
    const t = extra.credentials.token;
    const g = await request(`${extra.url}/api2/json/nodes/pve1/qemu/100/status/reset`, {
      method: 'POST',
      headers: { authorization: `PVEAPIToken=${t.tokenId}=${t.secret}` },
      dispatcher: a,
    });
    await g.body.dump();
    await extra.close();
    await a.close();
    await expect(
      request(`${extra.url}/api2/json/access/domains`, {
        dispatcher: new Agent({ connect: { ca: extra.certificatePem } }),
      }),
    ).rejects.toThrow();
    await until('handles released', async () =>
      process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length <= before
        ? true
        : undefined,
    );
  });
});
