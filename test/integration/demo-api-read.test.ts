// The demo cluster's read side over real HTTPS: resource listing rules, node and guest views,
// parameter verification, PVE's error statuses and paged task lists (spec §2, §3).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  cluster,
  guest,
  pickGuest,
  power,
  resources,
  startCluster,
  stopCluster,
  taskPath,
} from './demo-api-kit';

describe('demo cluster: read side', () => {
  beforeAll(async () => {
    await startCluster();
  });
  afterAll(async () => {
    await stopCluster();
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
