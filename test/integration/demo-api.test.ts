// The demo cluster's API and state machine over real HTTPS: resource listing rules, parameter
// verification, PVE's error statuses, power tasks and their lifecycles, faults and clean shutdown
// (spec §2, §3, §4).

import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo/index';
import { demoRequest, type Reply } from './demo-http';

type Resource = Record<string, unknown> & { id: string; type: string };
type TaskStatus = { status: string; exitstatus?: string; type: string };

let cluster: DemoCluster;
let agent: Agent;

async function call(
  method: string,
  path: string,
  opts: { form?: Record<string, string>; json?: unknown; anonymous?: boolean } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (!opts.anonymous) {
    const t = cluster.credentials.token;
    headers.authorization = `PVEAPIToken=${t.tokenId}=${t.secret}`;
  }
  return demoRequest(cluster, agent, method, path, { headers, form: opts.form, json: opts.json });
}

async function resources(type?: string): Promise<Resource[]> {
  const r = await call('GET', `/cluster/resources${type ? `?type=${type}` : ''}`);
  expect(r.status).toBe(200);
  return r.json!.data as Resource[];
}

async function guest(vmid: number): Promise<Resource> {
  return (await resources('vm')).find((g) => g.vmid === vmid)!;
}

/** A guest on an online node matching the predicate (the layout comes from the seed). */
async function pickGuest(pred: (g: Resource) => boolean): Promise<Resource> {
  const g = (await resources('vm')).find(
    (x) => x.status !== 'unknown' && x.template === 0 && pred(x),
  );
  if (!g) throw new Error('no such guest in the demo cluster');
  return g;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function taskPath(node: string, upid: string, tail = ''): string {
  return `/nodes/${node}/tasks/${encodeURIComponent(upid)}${tail}`;
}

async function taskEnd(node: string, upid: string): Promise<TaskStatus> {
  return until(`task ${upid}`, async () => {
    const s = (await call('GET', taskPath(node, upid, '/status'))).json!.data as TaskStatus;
    return s.status === 'stopped' ? s : undefined;
  });
}

async function power(g: Resource, action: string, form?: Record<string, string>): Promise<Reply> {
  return call('POST', `/nodes/${g.node as string}/${g.type}/${g.vmid as number}/status/${action}`, {
    form,
  });
}

describe('demo cluster: read side', () => {
  beforeAll(async () => {
    cluster = await startDemoCluster({ taskTimeScale: 0.05 });
    agent = new Agent({ connect: { ca: cluster.certificatePem } });
  });
  afterAll(async () => {
    await agent.close();
    await cluster.close();
  });

  it('lists guests, nodes, storage and pools with PVE field rules', async () => {
    const all = await resources();
    const guests = all.filter((r) => r.type === 'qemu' || r.type === 'lxc');
    expect(guests.length).toBe(30);
    expect(guests.filter((g) => g.template === 1).length).toBeGreaterThanOrEqual(2);
    for (const g of guests) {
      expect(g.id).toBe(`${g.type}/${g.vmid as number}`);
      expect(typeof g.vmid).toBe('number');
      if (g.type === 'qemu' && g.status !== 'unknown') expect(g.disk).toBe(0);
      if (g.tags !== undefined)
        expect(g.tags).toMatch(/^[a-z0-9_][a-z0-9_\-+.]*(;[a-z0-9_][a-z0-9_\-+.]*)*$/);
    }
    const offline = guests.filter((g) => g.node === 'pve3');
    expect(offline.length).toBeGreaterThan(0);
    const allowed = [
      'id',
      'vmid',
      'node',
      'type',
      'status',
      'name',
      'tags',
      'template',
      'lock',
      'pool',
      'hastate',
    ];
    for (const g of offline) {
      expect(g.status).toBe('unknown');
      expect(Object.keys(g).filter((k) => !allowed.includes(k))).toEqual([]);
    }
    expect(guests.some((g) => g.lock === 'backup')).toBe(true);
    expect(guests.filter((g) => g.hastate === 'started').length).toBeGreaterThanOrEqual(2);
    expect(new Set(guests.map((g) => g.status))).toEqual(
      new Set(['running', 'stopped', 'unknown']),
    );

    const nodes = all.filter((r) => r.type === 'node');
    expect(nodes.map((n) => [n.node, n.status])).toEqual([
      ['pve1', 'online'],
      ['pve2', 'online'],
      ['pve3', 'offline'],
    ]);
    // An offline node keeps its level and capacities, but no live figures.
    const pve3 = nodes.find((n) => n.node === 'pve3')!;
    expect(Object.keys(pve3).sort()).toEqual(
      ['id', 'level', 'maxcpu', 'maxdisk', 'maxmem', 'node', 'status', 'type'].sort(),
    );
    const pools = all.filter((r) => r.type === 'pool').map((p) => p.id);
    expect(pools.sort()).toEqual(['/pool/lab', '/pool/prod']);
    const storage = all.filter((r) => r.type === 'storage');
    expect(storage.filter((s) => s.storage === 'local').map((s) => s.node)).toEqual([
      'pve1',
      'pve2',
      'pve3',
    ]);
    expect(storage.every((s) => s.shared === 0 || s.shared === 1)).toBe(true);

    const vms = await resources('vm');
    expect(vms.every((r) => r.type === 'qemu' || r.type === 'lxc')).toBe(true);
  });

  it('moves uptime and cumulative counters with the clock', async () => {
    const g = await pickGuest((x) => x.status === 'running' && x.type === 'qemu');
    cluster.advanceClock(120);
    const later = await guest(g.vmid as number);
    expect(later.uptime as number).toBeGreaterThanOrEqual((g.uptime as number) + 119);
    expect(later.netin as number).toBeGreaterThan(g.netin as number);
    expect(later.diskwrite as number).toBeGreaterThan(g.diskwrite as number);
  });

  it('serves node lists, node status, guest lists, status and config', async () => {
    const nodes = (await call('GET', '/nodes')).json!.data as Record<string, unknown>[];
    expect(nodes.find((n) => n.node === 'pve1')!.ssl_fingerprint).toBe(cluster.fingerprint);
    const st = (await call('GET', '/nodes/pve1/status')).json!.data as Record<string, unknown>;
    expect((st.loadavg as unknown[]).every((x) => typeof x === 'string')).toBe(true);
    expect(st.pveversion).toMatch(/^pve-manager\/9\./);

    const qemu = (await call('GET', '/nodes/pve1/qemu')).json!.data as Record<string, unknown>[];
    expect(qemu.length).toBeGreaterThan(0);
    const vm = qemu[0]!;
    const cur = (await call('GET', `/nodes/pve1/qemu/${vm.vmid as number}/status/current`)).json!
      .data as Record<string, unknown>;
    expect(cur.vmid).toBe(vm.vmid);
    expect(cur.ha).toBeDefined();
    const cfg = (await call('GET', `/nodes/pve1/qemu/${vm.vmid as number}/config`)).json!
      .data as Record<string, unknown>;
    expect(cfg.name).toBe(vm.name);
    expect(cfg.digest).toMatch(/^[0-9a-f]{40}$/);
  });

  it('verifies parameters against the schema with PVE texts', async () => {
    const badEnum = await call('GET', '/cluster/resources?type=vms');
    expect(badEnum.status).toBe(400);
    expect(badEnum.reason).toBe('Parameter verification failed.');
    expect(badEnum.json!.errors).toEqual({
      type: "value 'vms' does not have a value in the enumeration 'vm, storage, node, sdn'",
    });

    const unknown = await call('GET', '/cluster/resources?colour=red&_dc=123');
    expect(unknown.json!.errors).toEqual({
      colour:
        'property is not defined in schema and the schema does not allow additional properties',
    });

    const vmid = await call('GET', '/nodes/pve1/qemu/abc/status/current');
    expect(vmid.status).toBe(400);
    expect(vmid.json!.errors).toEqual({ vmid: "type check ('integer') failed - got 'abc'" });

    const g = await pickGuest(
      (x) => x.status === 'running' && x.type === 'qemu' && !x.hastate && !x.lock,
    );
    // Form booleans must be 0/1; JSON bodies may use true/false.
    const formBool = await power(g, 'shutdown', { forceStop: 'true' });
    expect(formBool.status).toBe(400);
    expect(formBool.json!.errors).toEqual({
      forceStop: "type check ('boolean') failed - got 'true'",
    });
    const tooSmall = await power(g, 'shutdown', { timeout: '-1' });
    expect(tooSmall.json!.errors).toEqual({ timeout: 'value must have a minimum value of 0' });

    const missing = await call('POST', '/access/ticket', {
      form: { username: 'root@pam' },
      anonymous: true,
    });
    expect(missing.status).toBe(400);
    expect(missing.json!.errors).toEqual({
      password: 'property is missing and it is not optional',
    });
  });

  it('answers 501 for unknown paths, 595 for the offline node and 500 for unknown nodes or guests', async () => {
    const nope = await call('GET', '/nodes/pve1/frobnicate');
    expect(nope.status).toBe(501);
    // rest_handler's own text has no trailing newline, unlike handler `die "…\n"` texts.
    expect(nope.json!.message).toBe("Method 'GET /nodes/pve1/frobnicate' not implemented");
    const wrongMethod = await call('DELETE', '/cluster/resources');
    expect(wrongMethod.status).toBe(501);

    const offline = await call('GET', '/nodes/pve3/status');
    expect(offline.status).toBe(595);
    expect(offline.reason).toBe('No route to host');
    expect(offline.text).toBe('');

    const unknownNode = await call('GET', '/nodes/pve42/status');
    expect(unknownNode.status).toBe(500);
    expect(unknownNode.json!.message).toMatch(/^hostname lookup 'pve42' failed - /);

    const unknownVm = await call('GET', '/nodes/pve1/qemu/999/status/current');
    expect(unknownVm.status).toBe(500);
    expect(unknownVm.json!.message).toBe(
      "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n",
    );
    expect(unknownVm.headers.connection).toBe('close');
  });

  it('pages task lists and task logs', async () => {
    const list = await call('GET', '/nodes/pve1/tasks?limit=2&typefilter=vzdump');
    expect(list.json!.total).toBeGreaterThan(2);
    const items = list.json!.data as { upid: string; status: string }[];
    expect(items.length).toBe(2);
    const upid = items[0]!.upid;
    const log = await call('GET', `${taskPath('pve1', upid, '/log')}?start=2&limit=3`);
    const lines = log.json!.data as { n: number; t: string }[];
    expect(lines.map((l) => l.n)).toEqual([3, 4, 5]);
    const whole = await call('GET', `${taskPath('pve1', upid, '/log')}?limit=0`);
    const all = whole.json!.data as { n: number; t: string }[];
    expect(all.length).toBe(whole.json!.total);
    expect(all.at(-1)!.t).toMatch(/^TASK (OK|ERROR: .+)$/);
  });
});

describe('demo cluster: power and tasks', () => {
  beforeEach(async () => {
    cluster = await startDemoCluster({ taskTimeScale: 0.05 });
    agent = new Agent({ connect: { ca: cluster.certificatePem } });
  });
  afterEach(async () => {
    await agent.close();
    await cluster.close();
  });

  it('starts a stopped VM: a running qmstart task, then TASK OK and the VM running', async () => {
    const g = await pickGuest(
      (x) => x.type === 'qemu' && x.status === 'stopped' && !x.hastate && !x.lock,
    );
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
    await cluster.close();
    await agent.close();
    // Slow tasks so the task is surely still running when it is stopped.
    cluster = await startDemoCluster({ taskTimeScale: 5 });
    agent = new Agent({ connect: { ca: cluster.certificatePem } });
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
