// The demo's clone and convert-to-template as PVE answers them (spec §8): linked clones of
// templates and full clones of guests (qmclone/vzclone tasks that lock what PVE locks, the new
// guest in /cluster/resources), nextid with its `vmid` check, and each refusal with PVE's text
// (a taken id, linked from a non-template, storage for a linked clone, a running CT full clone,
// another node with local disks, no such pool, a bad DNS name, a running guest to template).

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  cluster,
  guest,
  pickGuest,
  resources,
  startCluster,
  stopCluster,
  taskEnd,
  taskPath,
  until,
  type Resource,
} from './demo-api-kit';

beforeAll(() => startCluster({ taskTimeScale: 0.05 }));
afterAll(() => stopCluster());
// A test that failed while holding tasks must not stall the next.
afterEach(() => cluster.holdTasks(false));

const path = (g: Resource, tail = '') =>
  `/nodes/${g.node as string}/${g.type}/${g.vmid as number}${tail}`;

async function template(type: 'qemu' | 'lxc'): Promise<Resource> {
  return (await resources('vm')).find((g) => g.template === 1 && g.type === type)!;
}

async function nextId(): Promise<number> {
  return Number((await call('GET', '/cluster/nextid')).json!.data);
}

async function taskLog(node: string, upid: string): Promise<string[]> {
  const r = await call('GET', taskPath(node, upid, '/log') + '?limit=0');
  return (r.json!.data as { t: string }[]).map((l) => l.t);
}

describe('demo nextid', () => {
  it('answers a free id as a string and refuses a taken one with a parameter error', async () => {
    const r = await call('GET', '/cluster/nextid');
    expect(typeof r.json!.data).toBe('string');
    const taken = (await resources('vm'))[0]!.vmid as number;
    const t = await call('GET', `/cluster/nextid?vmid=${taken}`);
    expect(t.status).toBe(400);
    expect(t.json!.errors).toEqual({ vmid: `VM ${taken} already exists` });
    const free = await call('GET', `/cluster/nextid?vmid=${r.json!.data as string}`);
    expect(free.json!.data).toBe(r.json!.data);
  });
});

describe('demo clone', () => {
  it('clones a CT template linked: vzclone locks the source (disk) and the new CT (create)', async () => {
    const tpl = await template('lxc');
    const newid = await nextId();
    // Held, the clone stays running (its locks kept) while the test looks.
    cluster.holdTasks(true);
    const r = await call('POST', path(tpl, '/clone'), {
      form: { newid: String(newid), hostname: 'web-1', pool: 'lab', description: 'from tpl' },
    });
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toContain(`:vzclone:${tpl.vmid as number}:`);
    // Both locks are set before the call answers.
    expect((await guest(tpl.vmid as number)).lock).toBe('disk');
    expect(await guest(newid)).toMatchObject({ lock: 'create', name: 'web-1', status: 'stopped' });
    // A second clone of the same CT is refused while the first runs.
    const again = await call('POST', path(tpl, '/clone'), { form: { newid: String(newid + 1) } });
    expect(again.status).toBe(500);
    expect(again.json!.message).toBe('CT is locked (disk)\n');
    cluster.holdTasks(false);
    expect((await taskEnd(tpl.node as string, upid)).exitstatus).toBe('OK');
    const g = await guest(newid);
    expect(g).toMatchObject({ type: 'lxc', name: 'web-1', pool: 'lab', template: 0 });
    expect(g.lock).toBeUndefined();
    expect((await guest(tpl.vmid as number)).lock).toBeUndefined();
    const log = await taskLog(tpl.node as string, upid);
    expect(log).toContain(
      `create linked clone of mount point rootfs (local-lvm:base-${tpl.vmid as number}-disk-0)`,
    );
    const conf = (await call('GET', path(g, '/config'))).json!.data as Record<string, unknown>;
    expect(conf).toMatchObject({ hostname: 'web-1', description: 'from tpl' });
    expect(conf).not.toHaveProperty('template');
    // …and it starts.
    const st = await call('POST', path(g, '/status/start'));
    expect((await taskEnd(g.node as string, st.json!.data as string)).exitstatus).toBe('OK');
  });

  it('clones a VM template (linked by default, Copy-of-VM name) and a VM full with the new config lock', async () => {
    const tpl = await template('qemu');
    const newid = await nextId();
    const r = await call('POST', path(tpl, '/clone'), { form: { newid: String(newid) } });
    const upid = r.json!.data as string;
    expect(upid).toContain(`:qmclone:${tpl.vmid as number}:`);
    const during = await until('the new VM', async () => {
      const g = await guest(newid);
      return g?.lock === 'clone' ? g : undefined;
    });
    expect(during.name).toBe(`Copy-of-VM-${tpl.name as string}`);
    // A VM template takes a shared lock only: its config carries no lock.
    expect((await guest(tpl.vmid as number)).lock).toBeUndefined();
    expect((await taskEnd(tpl.node as string, upid)).exitstatus).toBe('OK');
    expect((await guest(newid)).lock).toBeUndefined();
    const vm = await pickGuest((g) => g.type === 'qemu' && g.status === 'running' && !g.lock);
    const id2 = await nextId();
    const full = await call('POST', path(vm, '/clone'), {
      form: { newid: String(id2), name: 'copy-of-running', storage: 'local-lvm' },
    });
    expect(full.status).toBe(200);
    expect((await taskEnd(vm.node as string, full.json!.data as string)).exitstatus).toBe('OK');
    const log = await taskLog(vm.node as string, full.json!.data as string);
    expect(log[0]).toBe(`creating a clone of VM ${vm.vmid as number} with ID ${id2}`);
    expect(log).toContain(
      `create full clone of drive scsi0 (local-lvm:vm-${vm.vmid as number}-disk-0)`,
    );
    expect((await guest(id2)).name).toBe('copy-of-running');
  });

  it("refuses with PVE's texts", async () => {
    const vm = await pickGuest((g) => g.type === 'qemu' && g.status === 'stopped' && !g.lock);
    const ct = await pickGuest((g) => g.type === 'lxc' && g.status === 'running' && !g.lock);
    const tpl = await template('lxc');
    const vtpl = await template('qemu');
    const free = String(await nextId());
    const taken = ct.vmid as number;
    const post = (g: Resource, form: Record<string, string>) =>
      call('POST', path(g, '/clone'), { form });
    const msg = async (g: Resource, form: Record<string, string>) => {
      const r = await post(g, form);
      expect(r.status).toBe(500);
      return r.json!.message as string;
    };
    expect(await msg(vm, { newid: String(taken) })).toBe(
      `unable to create VM ${taken}: config file already exists\n`,
    );
    expect(await msg(tpl, { newid: String(vm.vmid as number) })).toBe(
      `VM ${vm.vmid as number} already exists on node '${vm.node as string}'\n`,
    );
    expect(await msg(vm, { newid: free, full: '0' })).toBe(
      `Linked clone feature is not supported for 'local-lvm:vm-${vm.vmid as number}-disk-0' (scsi0)\n`,
    );
    expect(await msg(ct, { newid: free, full: '0' })).toBe(
      `Linked clone feature for 'local-lvm:vm-${taken}-disk-0' is not available\n`,
    );
    expect(await msg(ct, { newid: free })).toBe(
      'Full clone of a running container is only possible from a snapshot\n',
    );
    expect(await msg(vtpl, { newid: free, storage: 'local-lvm' })).toBe(
      "parameter 'storage' not allowed for linked clones\n",
    );
    const other = (await resources('node')).find(
      (n) => n.node !== vm.node && n.status === 'online',
    )!.node as string;
    expect(await msg(vm, { newid: free, target: other })).toBe(
      `can't clone VM to node '${other}' (VM uses local storage)\n`,
    );
    expect(await msg(vm, { newid: free, target: 'pve99' })).toBe("no such cluster node 'pve99'\n");
    const storage = await post(vm, { newid: free, storage: 'local' });
    expect(storage.status).toBe(400);
    expect(storage.json!.errors).toEqual({ storage: "storage 'local' does not support vm images" });
    const pool = await post(vm, { newid: free, pool: 'nope' });
    expect(pool.status).toBe(403);
    expect(pool.json!.message).toBe("Permission check failed (pool 'nope' does not exist)\n");
    const name = await post(vm, { newid: free, name: 'web_1' });
    expect(name.status).toBe(400);
    expect(name.json!.errors).toEqual({ name: 'value does not look like a valid DNS name' });
    // The refused CT clone left no lock behind.
    expect((await guest(taken)).lock).toBeUndefined();
    expect(await guest(Number(free))).toBeUndefined();
  });
});

async function cloned(from: Resource, form: Record<string, string> = {}): Promise<Resource> {
  const newid = await nextId();
  const r = await call('POST', path(from, '/clone'), { form: { newid: String(newid), ...form } });
  expect(r.status).toBe(200);
  expect((await taskEnd(from.node as string, r.json!.data as string)).exitstatus).toBe('OK');
  return guest(newid);
}

describe('demo convert to template', () => {
  it('refuses a running guest, a template and one with snapshots', async () => {
    // PVE checks snapshots before the running state: a fresh clone has none.
    const running = await cloned(await template('lxc'));
    const st = await call('POST', path(running, '/status/start'));
    await taskEnd(running.node as string, st.json!.data as string);
    const r = await call('POST', path(running, '/template'));
    expect(r.status).toBe(500);
    expect(r.json!.message).toBe("you can't convert a CT to template if the CT is running\n");
    const tpl = await template('qemu');
    const again = await call('POST', path(tpl, '/template'));
    expect(again.json!.message).toBe("you can't convert a template to a template\n");
    const vm = await cloned(tpl);
    const snap = await call('POST', path(vm, '/snapshot'), { form: { snapname: 'before' } });
    await taskEnd(vm.node as string, snap.json!.data as string);
    const refused = await call('POST', path(vm, '/template'));
    expect(refused.json!.message).toBe(
      'unable to create template, because VM contains snapshots\n',
    );
  });

  it('converts a stopped VM (a qmtemplate task) and a stopped CT (null, vztemplate runs on)', async () => {
    const vm = await cloned(await template('qemu'), { name: 'to-be-template' });
    const r = await call('POST', path(vm, '/template'));
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toContain(`:qmtemplate:${vm.vmid as number}:`);
    expect((await taskEnd(vm.node as string, upid)).exitstatus).toBe('OK');
    expect((await guest(vm.vmid as number)).template).toBe(1);
    // …and a template clones linked.
    const linked = await call('POST', path(vm, '/clone'), {
      form: { newid: String(await nextId()), full: '0' },
    });
    expect(linked.status).toBe(200);
    await taskEnd(vm.node as string, linked.json!.data as string);

    const ct = await cloned(await template('lxc'));
    const c = await call('POST', path(ct, '/template'));
    expect(c.status).toBe(200);
    expect(c.json!.data).toBeNull();
    await until('the CT to be a template', async () =>
      (await guest(ct.vmid as number)).template === 1 ? true : undefined,
    );
    const tasks = (await call('GET', `/nodes/${ct.node as string}/tasks?vmid=${ct.vmid as number}`))
      .json!.data as { type: string }[];
    expect(tasks.map((t) => t.type)).toContain('vztemplate');
  });
});
