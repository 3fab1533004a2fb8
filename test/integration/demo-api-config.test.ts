// The demo's guest config as PVE answers it (spec §8): the digest (SHA-1 of the raw file), pending
// changes applied unless current=1 and listed by …/pending, PVE's stale-digest texts (qemu and
// the generic assert_if_modified), what a running guest keeps pending until its next start, and
// revert.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  cluster,
  pickGuest,
  power,
  startCluster,
  stopCluster,
  taskEnd,
  until,
} from './demo-api-kit';

beforeAll(() => startCluster({ taskTimeScale: 0.05 }));
afterAll(() => stopCluster());

type Conf = Record<string, unknown>;

async function config(base: string, current = false): Promise<Conf> {
  const r = await call('GET', `${base}/config${current ? '?current=1' : ''}`);
  expect(r.status).toBe(200);
  return r.json!.data as Conf;
}

async function basePath(type: string, status: string): Promise<{ base: string; vmid: number }> {
  const g = await pickGuest((x) => x.type === type && x.status === status && !x.lock && !x.hastate);
  return { base: `/nodes/${g.node as string}/${type}/${g.vmid as number}`, vmid: g.vmid as number };
}

describe('demo config', () => {
  it('answers the digest of the raw file and applies a stopped guest’s change at once', async () => {
    const { base } = await basePath('lxc', 'stopped');
    const conf = await config(base);
    expect(conf.digest).toMatch(/^[0-9a-f]{40}$/);
    const put = await call('PUT', `${base}/config`, {
      form: { memory: '1536', description: 'line one\nline two', digest: String(conf.digest) },
    });
    expect(put.status).toBe(200);
    expect(put.json!.data).toBeNull();
    const after = await config(base);
    expect(after.memory).toBe(1536);
    expect(after.description).toBe('line one\nline two');
    expect(after.digest).not.toBe(conf.digest);
    const pending = (await call('GET', `${base}/pending`)).json!.data as Conf[];
    expect(pending.find((p) => p.key === 'memory')).toEqual({ key: 'memory', value: 1536 });
  });

  it('refuses a stale digest with PVE’s texts: qemu’s and the generic one for containers', async () => {
    const ct = await basePath('lxc', 'stopped');
    const stale = String((await config(ct.base)).digest);
    cluster.editConfig(ct.vmid, { onboot: '1' });
    const lxc = await call('PUT', `${ct.base}/config`, { form: { cores: '2', digest: stale } });
    expect(lxc.status).toBe(500);
    expect(lxc.json!.message).toBe(
      'detected modified configuration - file changed by other user? Try again.\n',
    );
    const vm = await basePath('qemu', 'stopped');
    const vmStale = String((await config(vm.base)).digest);
    cluster.editConfig(vm.vmid, { description: 'edited elsewhere' });
    const qemu = await call('PUT', `${vm.base}/config`, { form: { cores: '2', digest: vmStale } });
    expect(qemu.status).toBe(500);
    expect(qemu.json!.message).toBe('checksum mismatch (file change by other user?)\n');
    // Nothing was written.
    expect((await config(vm.base)).cores).not.toBe('2');
  });

  it('keeps a running VM’s memory and cores pending until it restarts; fast options apply', async () => {
    const { base } = await basePath('qemu', 'running');
    const before = await config(base, true);
    const r = await call('POST', `${base}/config`, {
      form: { memory: '6144', cores: '3', name: 'renamed-vm', digest: String(before.digest) },
    });
    expect(r.status).toBe(200);
    expect(String(r.json!.data)).toMatch(
      /^UPID:[^:]+:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmconfig:/,
    );
    const node = base.split('/')[2]!;
    expect((await taskEnd(node, String(r.json!.data))).exitstatus).toBe('OK');
    const cur = await config(base, true);
    expect(cur).toMatchObject({ memory: before.memory, cores: before.cores, name: 'renamed-vm' });
    expect(await config(base)).toMatchObject({ memory: 6144, cores: 3, name: 'renamed-vm' });
    const pending = (await call('GET', `${base}/pending`)).json!.data as Conf[];
    expect(pending.find((p) => p.key === 'memory')).toEqual({
      key: 'memory',
      value: before.memory,
      pending: 6144,
    });
    // Revert the cores; reboot applies the memory.
    const rev = await call('PUT', `${base}/config`, { form: { revert: 'cores' } });
    expect(rev.status).toBe(200);
    expect((await config(base)).cores).toBe(before.cores);
    const [, , , type, vmid] = base.split('/');
    const reboot = await power({ id: '', type: type!, node, vmid: Number(vmid) }, 'reboot');
    await taskEnd(node, String(reboot.json!.data));
    const now = await config(base, true);
    expect(now.memory).toBe(6144);
    expect((await call('GET', `${base}/pending`)).json!.data).not.toContainEqual(
      expect.objectContaining({ pending: expect.anything() }),
    );
  });

  it('hot-plugs a running container’s memory but keeps its hostname pending', async () => {
    const { base } = await basePath('lxc', 'running');
    const r = await call('PUT', `${base}/config`, { form: { memory: '768', hostname: 'ct-new' } });
    expect(r.status).toBe(200);
    const cur = await config(base, true);
    expect(cur.memory).toBe(768);
    expect(cur.hostname).not.toBe('ct-new');
    expect((await config(base)).hostname).toBe('ct-new');
    await until('hostname pending listed', async () => {
      const list = (await call('GET', `${base}/pending`)).json!.data as Conf[];
      return list.find((p) => p.key === 'hostname' && p.pending === 'ct-new');
    });
  });

  it('changes the digest with a pending change and back when it is reverted', async () => {
    const { base } = await basePath('qemu', 'running');
    const d0 = String((await config(base)).digest);
    await call('PUT', `${base}/config`, { form: { cores: '5' } });
    const d1 = String((await config(base)).digest);
    expect(d1).not.toBe(d0);
    expect(String((await config(base, true)).digest)).toBe(d1);
    await call('PUT', `${base}/config`, { form: { revert: 'cores' } });
    expect(String((await config(base)).digest)).toBe(d0);
  });

  it('removes a lock only for root@pam with skiplock; a token is refused with PVE’s text', async () => {
    const g = await pickGuest((x) => x.type === 'qemu' && typeof x.lock === 'string');
    const base = `/nodes/${g.node as string}/qemu/${g.vmid as number}`;
    const locked = await call('PUT', `${base}/config`, { form: { description: 'x' } });
    expect(locked.status).toBe(500);
    expect(locked.json!.message).toBe(`VM is locked (${String(g.lock)})\n`);
    const token = await call('PUT', `${base}/config`, { form: { delete: 'lock', skiplock: '1' } });
    expect(token.status).toBe(400);
    expect(token.json!.errors).toEqual({ skiplock: 'Only root may use this option.' });
    expect((await config(base)).lock).toBe(g.lock);
  });
});
