// What real servers send about guest addresses (spec §9), parsed: pve-container's interfaces in
// both generations, QGA's replies (Linux and Windows), netN and ipconfigN property strings, the
// agent flag's spellings and PVE's agent errors.

import { describe, expect, it } from 'vitest';
import {
  agentEnabled,
  agentFailure,
  parseAgentInterfaces,
  parseCloudInit,
  parseContainerInterfaces,
  parseContainerNets,
  parseHostName,
  parseOsInfo,
} from '../../electron/core/addresses/parse';
import { DeckhandError } from '../../shared/errors';

const apiError = (message: string) => new DeckhandError({ kind: 'api', status: 500, message });

describe('container interfaces', () => {
  it('reads PVE 8/9 replies: lo included, inet/inet6 types, MAC upper case', () => {
    const data = [
      {
        name: 'lo',
        hwaddr: '00:00:00:00:00:00',
        'hardware-address': '00:00:00:00:00:00',
        inet: '127.0.0.1/8',
        inet6: '::1/128',
        'ip-addresses': [
          { 'ip-address': '127.0.0.1', 'ip-address-type': 'inet', prefix: 8 },
          { 'ip-address': '::1', 'ip-address-type': 'inet6', prefix: 128 },
        ],
      },
      {
        name: 'eth0',
        hwaddr: 'bc:24:11:aa:bb:cc',
        'hardware-address': 'bc:24:11:aa:bb:cc',
        'ip-addresses': [
          { 'ip-address': '192.168.1.20', 'ip-address-type': 'inet', prefix: '24' },
          { 'ip-address': '2001:DB8::20', 'ip-address-type': 'inet6', prefix: 64 },
        ],
      },
    ];
    expect(parseContainerInterfaces(data)).toEqual([
      {
        name: 'lo',
        source: 'container',
        addresses: [
          { address: '127.0.0.1', family: 'ipv4', prefix: 8 },
          { address: '::1', family: 'ipv6', prefix: 128 },
        ],
      },
      {
        name: 'eth0',
        mac: 'BC:24:11:AA:BB:CC',
        source: 'container',
        addresses: [
          { address: '192.168.1.20', family: 'ipv4', prefix: 24 },
          { address: '2001:db8::20', family: 'ipv6', prefix: 64 },
        ],
      },
    ]);
  });

  it('reads older replies with only the deprecated hwaddr/inet/inet6, and null when stopped', () => {
    expect(
      parseContainerInterfaces([
        { name: 'eth0', hwaddr: 'bc:24:11:00:00:01', inet: '10.0.0.5/16' },
      ]),
    ).toEqual([
      {
        name: 'eth0',
        mac: 'BC:24:11:00:00:01',
        source: 'container',
        addresses: [{ address: '10.0.0.5', family: 'ipv4', prefix: 16 }],
      },
    ]);
    expect(parseContainerInterfaces(null)).toBeNull();
  });
});

describe('guest agent', () => {
  it('reads network-get-interfaces from a Windows guest: zones dropped, no MAC on loopback', () => {
    const data = {
      result: [
        {
          name: 'Loopback Pseudo-Interface 1',
          'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }],
          statistics: { 'rx-bytes': 0 },
        },
        {
          name: 'Ethernet',
          'hardware-address': 'bc:24:11:12:34:56',
          'ip-addresses': [
            { 'ip-address': 'fe80::1c2:3%6', 'ip-address-type': 'ipv6', prefix: 64 },
            { 'ip-address': '10.1.2.3', 'ip-address-type': 'ipv4', prefix: 24 },
          ],
        },
        { name: 'isatap', 'hardware-address': '00:00:00:00:00:00' },
      ],
    };
    expect(parseAgentInterfaces(data)).toEqual([
      {
        name: 'Loopback Pseudo-Interface 1',
        source: 'agent',
        addresses: [{ address: '127.0.0.1', family: 'ipv4', prefix: 8 }],
      },
      {
        name: 'Ethernet',
        mac: 'BC:24:11:12:34:56',
        source: 'agent',
        addresses: [
          { address: 'fe80::1c2:3', family: 'ipv6', prefix: 64 },
          { address: '10.1.2.3', family: 'ipv4', prefix: 24 },
        ],
      },
      { name: 'isatap', source: 'agent', addresses: [] },
    ]);
  });

  it('reads the OS and host name', () => {
    expect(
      parseOsInfo({
        result: {
          id: 'mswindows',
          'kernel-release': '22631',
          machine: 'x86_64',
          name: 'Microsoft Windows',
          'pretty-name': 'Windows 11 Pro',
          version: 'Microsoft Windows 11',
        },
      }),
    ).toEqual({
      name: 'Windows 11 Pro',
      id: 'mswindows',
      version: 'Microsoft Windows 11',
      kernel: '22631',
      machine: 'x86_64',
    });
    expect(parseOsInfo({ result: { name: 'Alpine Linux', version: '3.20' } })?.name).toBe(
      'Alpine Linux 3.20',
    );
    expect(parseHostName({ result: { 'host-name': 'web01' } })).toBe('web01');
    expect(parseHostName({ result: {} })).toBeUndefined();
  });

  it('knows the agent flag in all its spellings', () => {
    expect(agentEnabled({ agent: 1 })).toBe(true);
    expect(agentEnabled({ agent: '1' })).toBe(true);
    expect(agentEnabled({ agent: 'enabled=1,fstrim_cloned_disks=1' })).toBe(true);
    expect(agentEnabled({ agent: '1,type=virtio' })).toBe(true);
    expect(agentEnabled({ agent: 0 })).toBe(false);
    expect(agentEnabled({ agent: 'enabled=0' })).toBe(false);
    expect(agentEnabled({})).toBe(false);
  });

  it("turns PVE's agent errors into states, keeping PVE's words", () => {
    expect(agentFailure(apiError('No QEMU guest agent configured'))).toEqual({
      agent: 'not-configured',
      message: 'No QEMU guest agent configured',
    });
    expect(agentFailure(apiError('VM 100 is not running')).agent).toBe('vm-stopped');
    expect(agentFailure(apiError('QEMU guest agent is not running')).agent).toBe('not-running');
    expect(
      agentFailure(
        apiError("VM 100 qmp command 'guest-network-get-interfaces' failed - got timeout"),
      ).agent,
    ).toBe('not-running');
    expect(
      agentFailure(
        new DeckhandError({
          kind: 'permission',
          status: 403,
          message: 'Permission check failed (/vms/100, VM.GuestAgent.Audit)',
        }),
      ),
    ).toEqual({
      agent: 'error',
      message: 'Permission check failed (/vms/100, VM.GuestAgent.Audit)',
    });
  });
});

describe('configs', () => {
  it("reads a container's netN: only a CIDR gives an address; dhcp, auto and manual say so", () => {
    const config = {
      hostname: 'ct',
      net1: 'name=eth1,bridge=vmbr1,hwaddr=BC:24:11:00:00:02,ip=manual,ip6=dhcp,type=veth',
      net0: 'name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,ip6=fd00::5/64,type=veth',
      net2: 'name=eth2,bridge=vmbr0,hwaddr=bc:24:11:00:00:03,ip=dhcp,ip6=auto',
      net3: 'name=eth3,bridge=vmbr0,hwaddr=BC:24:11:00:00:04',
    };
    expect(parseContainerNets(config)).toEqual([
      {
        name: 'eth0',
        mac: 'BC:24:11:00:00:01',
        source: 'config',
        addresses: [
          { address: '10.0.0.5', family: 'ipv4', prefix: 24 },
          { address: 'fd00::5', family: 'ipv6', prefix: 64 },
        ],
      },
      {
        name: 'eth1',
        mac: 'BC:24:11:00:00:02',
        source: 'config',
        addresses: [],
        notes: ['IPv4 set up in the guest', 'IPv6 by DHCP'],
      },
      {
        name: 'eth2',
        mac: 'BC:24:11:00:00:03',
        source: 'config',
        addresses: [],
        notes: ['IPv4 by DHCP', 'IPv6 by SLAAC'],
      },
      { name: 'eth3', mac: 'BC:24:11:00:00:04', source: 'config', addresses: [] },
    ]);
  });

  it("reads a VM's cloud-init ipconfigN with the MAC of its netN", () => {
    const config = {
      net0: 'virtio=BC:24:11:AA:00:01,bridge=vmbr0,firewall=1',
      ipconfig0: 'ip=192.168.10.5/24,gw=192.168.10.1,ip6=auto',
      ipconfig1: 'ip=dhcp',
    };
    expect(parseCloudInit(config)).toEqual([
      {
        name: 'net0',
        mac: 'BC:24:11:AA:00:01',
        source: 'cloud-init',
        addresses: [{ address: '192.168.10.5', family: 'ipv4', prefix: 24 }],
        notes: ['IPv6 by SLAAC'],
      },
      { name: 'net1', source: 'cloud-init', addresses: [], notes: ['IPv4 by DHCP'] },
    ]);
  });
});
