// The demo cluster's guest address endpoints over HTTPS, in PVE's shapes (spec §9): a container's
// interfaces (null when stopped), netN in its config, the agent's replies wrapped in `result`, and
// qemu-server's 500s for no agent configured, a VM not running, and an agent not answering.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startCluster, stopCluster } from './demo-api-kit';

describe('demo cluster: guest addresses', () => {
  beforeAll(async () => {
    await startCluster();
  });
  afterAll(async () => {
    await stopCluster();
  });

  it("serves a running container's interfaces with lo, and null for a stopped one", async () => {
    const running = await call('GET', '/nodes/pve2/lxc/101/interfaces');
    expect(running.status).toBe(200);
    const list = running.json?.data as Record<string, unknown>[];
    expect(list.map((i) => i.name)).toEqual(['lo', 'eth0']);
    const eth0 = list[1]!;
    expect(eth0.hwaddr).toBe(eth0['hardware-address']);
    expect(eth0.hwaddr).toMatch(/^bc:24:11:[0-9a-f:]{8}$/);
    expect(eth0.inet).toBe('10.10.1.103/16');
    expect(eth0['ip-addresses']).toEqual([
      { 'ip-address': '10.10.1.103', 'ip-address-type': 'inet', prefix: 16 },
      {
        'ip-address': expect.stringMatching(/^fe80::/) as unknown,
        'ip-address-type': 'inet6',
        prefix: 64,
      },
    ]);
    const stopped = await call('GET', '/nodes/pve1/lxc/118/interfaces');
    expect(stopped.status).toBe(200);
    expect(stopped.text).toBe('{"data":null}');
  });

  it('writes static and DHCP netN in container configs, ipconfig0 on a cloud-init VM', async () => {
    const git = (await call('GET', '/nodes/pve1/lxc/109/config')).json?.data as Record<
      string,
      unknown
    >;
    expect(git.net0).toMatch(
      /^name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,ip6=auto,type=veth$/,
    );
    const backup = (await call('GET', '/nodes/pve1/lxc/118/config')).json?.data as Record<
      string,
      unknown
    >;
    expect(backup.net0).toContain(',ip=10.10.1.120/16,');
    const k8s = (await call('GET', '/nodes/pve2/qemu/113/config')).json?.data as Record<
      string,
      unknown
    >;
    expect(k8s.ipconfig0).toBe('ip=10.10.1.115/16,gw=10.10.0.1');
    expect(k8s.ide2).toBe('local-lvm:vm-113-cloudinit,media=cdrom');
    expect(k8s.agent).toBe(1);
    const web02 = (await call('GET', '/nodes/pve2/qemu/104/config')).json?.data as Record<
      string,
      unknown
    >;
    expect(web02.agent).toBeUndefined();
  });

  it("answers the agent's commands wrapped in result", async () => {
    const net = await call('GET', '/nodes/pve1/qemu/100/agent/network-get-interfaces');
    const result = (net.json?.data as { result: Record<string, unknown>[] }).result;
    expect(result.map((i) => i.name)).toEqual(['lo', 'ens18']);
    expect(result[1]!['ip-addresses']).toContainEqual({
      'ip-address': '10.10.1.102',
      'ip-address-type': 'ipv4',
      prefix: 16,
    });
    expect(Object.keys(result[1]!.statistics as object)).toEqual([
      'rx-bytes',
      'rx-packets',
      'rx-errs',
      'rx-dropped',
      'tx-bytes',
      'tx-packets',
      'tx-errs',
      'tx-dropped',
    ]);
    const os = await call('GET', '/nodes/pve1/qemu/100/agent/get-osinfo');
    expect(os.json?.data).toMatchObject({
      result: { id: 'debian', 'pretty-name': 'Debian GNU/Linux 12 (bookworm)' },
    });
    const host = await call('GET', '/nodes/pve1/qemu/100/agent/get-host-name');
    expect(host.json?.data).toEqual({ result: { 'host-name': 'web01' } });
  });

  it("answers qemu-server's 500s when the agent cannot", async () => {
    const cases: [string, string][] = [
      ['/nodes/pve2/qemu/104/agent/network-get-interfaces', 'No QEMU guest agent configured'],
      ['/nodes/pve2/qemu/113/agent/get-osinfo', 'VM 113 is not running'],
      ['/nodes/pve2/qemu/122/agent/get-host-name', 'QEMU guest agent is not running'],
    ];
    for (const [path, message] of cases) {
      const r = await call('GET', path);
      expect([r.status, r.reason, r.json?.message]).toEqual([500, message, `${message}\n`]);
    }
  });
});
