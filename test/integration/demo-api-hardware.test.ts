// The demo's disk resize as PVE runs it (qemu-server and pve-container resize_vm): grow only,
// `+NG` or an absolute size; a VM's resize is a task whose checks fail the task, a container's
// checks refuse the request first; the config's `size=` follows, and the digest guards it.
// Network interfaces: PVE adds the MAC address; a running VM hot-plugs them only with `hotplug`
// naming network (else pending until reboot); a running container always hot-plugs them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cluster, pickGuest, startCluster, stopCluster, taskEnd } from './demo-api-kit';

beforeAll(() => startCluster({ taskTimeScale: 0.05 }));
afterAll(() => stopCluster());

type Conf = Record<string, unknown>;

async function target(type: 'qemu' | 'lxc') {
  const g = await pickGuest((x) => x.type === type && !x.lock && !x.template);
  const node = g.node as string;
  return { node, vmid: g.vmid as number, base: `/nodes/${node}/${type}/${g.vmid as number}` };
}

async function conf(base: string): Promise<Conf> {
  return (await call('GET', `${base}/config`)).json!.data as Conf;
}

function sizeOf(v: unknown): string {
  return /size=([^,]+)/.exec(String(v))![1]!;
}

async function taskLog(node: string, upid: string): Promise<string[]> {
  const r = await call('GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log?limit=500`);
  return (r.json!.data as { t: string }[]).map((l) => l.t);
}

describe('demo disk resize', () => {
  it('grows a VM disk by +NG in a resize task; a shrink fails the task with PVE’s text', async () => {
    const { node, base } = await target('qemu');
    const before = sizeOf((await conf(base)).scsi0);
    const gib = Number(before.replace(/G$/, ''));
    const r = await call('PUT', `${base}/resize`, { form: { disk: 'scsi0', size: '+4G' } });
    expect(r.status).toBe(200);
    const upid = String(r.json!.data);
    expect(upid).toMatch(/:resize:\d+:/);
    expect((await taskEnd(node, upid)).exitstatus).toBe('OK');
    expect(sizeOf((await conf(base)).scsi0)).toBe(`${gib + 4}G`);
    expect((await taskLog(node, upid)).join('\n')).toContain('successfully resized');

    const shrink = await call('PUT', `${base}/resize`, {
      form: { disk: 'scsi0', size: `${gib}G` },
    });
    expect(shrink.status).toBe(200);
    expect((await taskEnd(node, String(shrink.json!.data))).exitstatus).toBe(
      'shrinking disks is not supported',
    );
    expect(sizeOf((await conf(base)).scsi0)).toBe(`${gib + 4}G`);
  });

  it('refuses a container shrink in the request; grows to an absolute size; the digest guards it', async () => {
    const { node, vmid, base } = await target('lxc');
    const c0 = await conf(base);
    const gib = Number(sizeOf(c0.rootfs).replace(/G$/, ''));
    const shrink = await call('PUT', `${base}/resize`, {
      form: { disk: 'rootfs', size: `${gib - 1}G` },
    });
    expect(shrink.status).toBe(500);
    expect(shrink.json!.message).toBe('unable to shrink disk size\n');
    const same = await call('PUT', `${base}/resize`, { form: { disk: 'rootfs', size: `${gib}G` } });
    expect(same.json!.message).toBe('disk is already at specified size\n');

    cluster.editConfig(vmid, { description: 'someone else' });
    const stale = await call('PUT', `${base}/resize`, {
      form: { disk: 'rootfs', size: '+1G', digest: String(c0.digest) },
    });
    expect(stale.status).toBe(500);
    expect(stale.json!.message).toBe(
      'detected modified configuration - file changed by other user? Try again.\n',
    );

    const c1 = await conf(base);
    const r = await call('PUT', `${base}/resize`, {
      form: { disk: 'rootfs', size: `${gib * 1024 + 512}M`, digest: String(c1.digest) },
    });
    expect(r.status).toBe(200);
    expect((await taskEnd(node, String(r.json!.data))).exitstatus).toBe('OK');
    expect(sizeOf((await conf(base)).rootfs)).toBe(`${gib * 1024 + 512}M`);
  });
});

describe('demo network interfaces', () => {
  it('adds a VM interface with a generated MAC; pending on a running VM without network hot-plug', async () => {
    const g = await pickGuest(
      (x) => x.type === 'qemu' && x.status === 'running' && !x.lock && !x.hastate,
    );
    const base = `/nodes/${g.node as string}/qemu/${g.vmid as number}`;
    cluster.editConfig(g.vmid as number, { hotplug: 'disk,usb' });
    const r = await call('PUT', `${base}/config`, { form: { net1: 'e1000,bridge=vmbr1' } });
    expect(r.status).toBe(200);
    const current = (await call('GET', `${base}/config?current=1`)).json!.data as Conf;
    expect(current.net1).toBeUndefined();
    const next = String((await conf(base)).net1);
    expect(next).toMatch(/^e1000=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr1$/);
    const pending = (await call('GET', `${base}/pending`)).json!.data as Conf[];
    expect(pending.find((p) => p.key === 'net1')).toEqual({ key: 'net1', pending: next });
    // Removing net0 is pending too; a missing model is PVE's 400.
    await call('PUT', `${base}/config`, { form: { delete: 'net0' } });
    const list = (await call('GET', `${base}/pending`)).json!.data as Conf[];
    expect(list.find((p) => p.key === 'net0')).toMatchObject({ delete: 1 });
    const bad = await call('PUT', `${base}/config`, { form: { net2: 'bridge=vmbr0' } });
    expect(bad.status).toBe(400);
  });

  it('hot-plugs a running container’s interface with its hwaddr and type', async () => {
    const g = await pickGuest(
      (x) => x.type === 'lxc' && x.status === 'running' && !x.lock && !x.hastate,
    );
    const base = `/nodes/${g.node as string}/lxc/${g.vmid as number}`;
    const r = await call('PUT', `${base}/config`, {
      form: { net1: 'name=eth1,bridge=vmbr0,ip=10.20.0.5/24,gw=10.20.0.1' },
    });
    expect(r.status).toBe(200);
    const current = (await call('GET', `${base}/config?current=1`)).json!.data as Conf;
    expect(String(current.net1)).toMatch(
      /^name=eth1,bridge=vmbr0,gw=10\.20\.0\.1,hwaddr=BC:24:11(:[0-9A-F]{2}){3},ip=10\.20\.0\.5\/24,type=veth$/,
    );
    await call('PUT', `${base}/config`, { form: { delete: 'net1' } });
    expect(
      ((await call('GET', `${base}/config?current=1`)).json!.data as Conf).net1,
    ).toBeUndefined();
  });
});
