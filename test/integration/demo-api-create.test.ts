// The demo's guest creation as PVE answers it: the node's bridges (`type=any_bridge`), ISO and
// container template content, nextid; POST /nodes/{node}/lxc and /qemu with the schema's 400
// parameter errors (dns-name, bounds, property strings), PVE's refusal of a taken id, and the
// vzcreate/qmcreate tasks that hold the `create` lock while the guest already shows in
// /cluster/resources, then start it when asked.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, guest, startCluster, stopCluster, taskEnd, until } from './demo-api-kit';

beforeAll(() => startCluster({ taskTimeScale: 0.2 }));
afterAll(() => stopCluster());

async function nextid(): Promise<number> {
  const r = await call('GET', '/cluster/nextid');
  expect(r.status).toBe(200);
  return Number(r.json!.data);
}

describe('demo create: what the wizard reads', () => {
  it('lists the node bridges with PVE fields', async () => {
    const r = await call('GET', '/nodes/pve1/network?type=any_bridge');
    expect(r.status).toBe(200);
    const data = r.json!.data as Record<string, unknown>[];
    expect(data.map((i) => i.iface)).toEqual(['vmbr0', 'vmbr1']);
    expect(data[0]).toMatchObject({
      type: 'bridge',
      bridge_ports: 'eno1',
      active: 1,
      cidr: expect.stringMatching(/\/16$/),
    });
    expect(data[1]).toMatchObject({ bridge_vlan_aware: 1 });
    const all = (await call('GET', '/nodes/pve1/network')).json!.data as { iface: string }[];
    expect(all.map((i) => i.iface)).toContain('eno1');
  });

  it('has container templates and ISO images on local', async () => {
    const t = (await call('GET', '/nodes/pve1/storage/local/content?content=vztmpl')).json!
      .data as { volid: string }[];
    expect(t.map((v) => v.volid)).toContain('local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst');
    const i = (await call('GET', '/nodes/pve1/storage/local/content?content=iso')).json!.data as {
      volid: string;
    }[];
    expect(i.map((v) => v.volid)).toContain('local:iso/debian-13.1.0-amd64-netinst.iso');
  });
});

describe('demo create: refusals', () => {
  it('answers bad parameters with 400 and one text per field', async () => {
    const vmid = await nextid();
    const r = await call('POST', '/nodes/pve1/lxc', {
      form: {
        vmid: String(vmid),
        ostemplate: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
        hostname: 'bad_name',
        cores: '0',
        memory: '8',
        password: 'abc',
      },
    });
    expect(r.status).toBe(400);
    expect(r.reason).toBe('Parameter verification failed.');
    expect(r.json).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: {
        hostname: 'value does not look like a valid DNS name',
        cores: 'value must have a minimum value of 1',
        memory: 'value must have a minimum value of 16',
        password: 'value must be at least 5 characters long',
      },
    });
    const net = await call('POST', '/nodes/pve1/lxc', {
      form: {
        vmid: String(vmid),
        ostemplate: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
        net0: 'name=eth0,bridge=vmbr0,tag=5000',
      },
    });
    expect(net.status).toBe(400);
    expect((net.json!.errors as Record<string, string>).net0).toBe(
      'invalid format - format error\nnet0.tag: value must have a maximum value of 4094',
    );
    expect(await guest(vmid)).toBeUndefined();
  });

  it('refuses a taken id with PVE texts for CT and VM', async () => {
    const ct = await call('POST', '/nodes/pve1/lxc', {
      form: { vmid: '100', ostemplate: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst' },
    });
    expect(ct.status).toBe(500);
    const owner = await guest(100);
    const kind = owner.type === 'qemu' ? 'VM' : 'CT';
    expect(ct.json!.message).toBe(`${kind} 100 already exists on node '${owner.node as string}'\n`);
    const vm = await call('POST', '/nodes/pve1/qemu', { form: { vmid: '100' } });
    expect(vm.json!.message).toBe(
      `unable to create VM 100 - ${kind} 100 already exists on node '${owner.node as string}'\n`,
    );
    const n = await call('GET', '/cluster/nextid?vmid=100');
    expect(n.status).toBe(400);
  });

  it('refuses a storage without container directories', async () => {
    const r = await call('POST', '/nodes/pve1/lxc', {
      form: {
        vmid: String(await nextid()),
        ostemplate: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
        rootfs: 'local:8',
      },
    });
    expect(r.status).toBe(500);
    expect(r.json!.message).toBe("storage 'local' does not support container directories\n");
  });
});

describe('demo create: the tasks', () => {
  it('creates a container locked by vzcreate, then starts it', async () => {
    const vmid = await nextid();
    const r = await call('POST', '/nodes/pve1/lxc', {
      form: {
        vmid: String(vmid),
        hostname: 'web-new',
        ostemplate: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
        rootfs: 'local-lvm:8',
        cores: '2',
        memory: '1024',
        swap: '256',
        net0: 'name=eth0,bridge=vmbr1,ip=dhcp,tag=20',
        'ssh-public-keys': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheDemo me@laptop',
        unprivileged: '1',
        pool: 'lab',
        start: '1',
      },
    });
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toMatch(new RegExp(`:vzcreate:${vmid}:`));
    const during = await guest(vmid);
    expect(during).toMatchObject({
      name: 'web-new',
      lock: 'create',
      status: 'stopped',
      pool: 'lab',
    });
    expect(await taskEnd('pve1', upid)).toMatchObject({ exitstatus: 'OK' });
    const after = await until('running', async () => {
      const g = await guest(vmid);
      return g.status === 'running' ? g : undefined;
    });
    expect(after).not.toHaveProperty('lock');
    const conf = (await call('GET', `/nodes/pve1/lxc/${vmid}/config`)).json!.data as Record<
      string,
      unknown
    >;
    expect(conf).toMatchObject({
      cores: 2,
      memory: 1024,
      swap: 256,
      hostname: 'web-new',
      unprivileged: 1,
      rootfs: `local-lvm:vm-${vmid}-disk-0,size=8G`,
    });
    expect(conf.net0).toMatch(
      /^name=eth0,bridge=vmbr1,hwaddr=[0-9A-F:]+,ip=dhcp,tag=20,type=veth$/,
    );
  });

  it('creates a VM with an ISO and a cloud-init drive by qmcreate', async () => {
    const vmid = await nextid();
    const r = await call('POST', '/nodes/pve2/qemu', {
      form: {
        vmid: String(vmid),
        name: 'vm-new',
        cores: '2',
        memory: '2048',
        scsi0: 'local-lvm:16',
        ide2: 'local:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom',
        ide0: 'local-lvm:cloudinit',
        net0: 'virtio,bridge=vmbr0,firewall=1',
        ciuser: 'admin',
        sshkeys: encodeURIComponent('ssh-ed25519 AAAAC3Nza me@laptop'),
        ipconfig0: 'ip=10.10.9.50/16,gw=10.10.0.1',
        ostype: 'l26',
      },
    });
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toMatch(new RegExp(`:qmcreate:${vmid}:`));
    expect(await guest(vmid)).toMatchObject({ lock: 'create', node: 'pve2', type: 'qemu' });
    expect(await taskEnd('pve2', upid)).toMatchObject({ exitstatus: 'OK' });
    const conf = (await call('GET', `/nodes/pve2/qemu/${vmid}/config`)).json!.data as Record<
      string,
      unknown
    >;
    expect(conf).toMatchObject({
      name: 'vm-new',
      cores: 2,
      memory: 2048,
      ciuser: 'admin',
      ipconfig0: 'ip=10.10.9.50/16,gw=10.10.0.1',
      ide0: `local-lvm:vm-${vmid}-cloudinit,media=cdrom`,
      scsi0: `local-lvm:vm-${vmid}-disk-0,iothread=1,size=16G`,
    });
    expect(conf.ide2).toMatch(/^local:iso\/debian-13\.1\.0-amd64-netinst\.iso,media=cdrom/);
    expect(conf.net0).toMatch(/^virtio=[0-9A-F:]+,bridge=vmbr0,firewall=1$/);
  });

  it('refuses sshkeys that are not URL-encoded', async () => {
    const r = await call('POST', '/nodes/pve2/qemu', {
      form: { vmid: String(await nextid()), sshkeys: 'ssh-ed25519 AAAA me@x' },
    });
    expect(r.status).toBe(400);
    expect((r.json!.errors as Record<string, string>).sshkeys).toBe(
      'invalid urlencoded string: ssh-ed25519 AAAA me@x',
    );
  });
});
