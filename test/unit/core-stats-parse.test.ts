// What real servers send for live stats and history: numbers as strings, absent keys (PVE 7/8
// have no memhost), the balloon driver's figures, pre-9 node status, and rates across restarts.

import { describe, expect, it } from 'vitest';
import {
  parseGuestCurrent,
  parseNodeStatus,
  parseRrd,
  parseServices,
} from '../../electron/core/stats/parse';
import { RateWindow } from '../../electron/core/stats/rate-window';

describe('parseGuestCurrent', () => {
  it('reads numbers sent as strings and keeps the QMP state of a paused VM', () => {
    const s = parseGuestCurrent('qemu', {
      status: 'running',
      qmpstatus: 'paused',
      uptime: '120',
      cpu: '0.25',
      cpus: 2,
      mem: '1073741824',
      maxmem: 2147483648,
      netin: '1000',
      netout: 'garbage',
      agent: '1',
    });
    expect(s).toEqual({
      kind: 'qemu',
      status: 'paused',
      agent: true,
      uptime: 120,
      cpu: 0.25,
      cpus: 2,
      mem: 1073741824,
      maxmem: 2147483648,
      totals: { netin: 1000 },
    });
  });

  it('takes the guest view of memory from ballooninfo, or from freemem', () => {
    const withBalloon = parseGuestCurrent('qemu', {
      status: 'running',
      maxmem: 4096,
      mem: 1000,
      memhost: 3900,
      ballooninfo: { total_mem: 4000, free_mem: 3000 },
    });
    expect(withBalloon.guestMem).toEqual({ used: 1000, total: 4000 });
    expect(withBalloon.memhost).toBe(3900);
    expect(
      parseGuestCurrent('qemu', { status: 'running', maxmem: 4096, freemem: 96 }).guestMem,
    ).toEqual({ used: 4000, total: 4096 });
    // PVE 7/8 without the agent: no memhost, no guest view.
    const old = parseGuestCurrent('qemu', { status: 'running', maxmem: 4096, mem: 4000 });
    expect(old.memhost).toBeUndefined();
    expect(old.guestMem).toBeUndefined();
  });

  it('survives an empty or odd reply', () => {
    expect(parseGuestCurrent('lxc', null)).toEqual({
      kind: 'lxc',
      status: 'unknown',
      agent: false,
      totals: {},
    });
  });
});

describe('parseNodeStatus', () => {
  it('reads load averages as strings, the version and the kernel (current-kernel or kversion)', () => {
    const s = parseNodeStatus({
      loadavg: ['0.52', '0.40', '0.33'],
      pveversion: 'pve-manager/8.2.4/faa83925c9641325',
      kversion: 'Linux 6.8.8-2-pve #1 SMP PREEMPT_DYNAMIC',
      memory: { total: '100', used: 40, free: 60 },
      swap: { total: 0, used: 0, free: 0 },
      rootfs: { total: 1000, used: 100, avail: 800, free: 900 },
      cpuinfo: { model: 'Xeon', cpus: '8', sockets: 1 },
      cpu: 0.1,
    });
    expect(s).toMatchObject({
      loadavg: [0.52, 0.4, 0.33],
      pveVersion: '8.2.4',
      kernel: 'Linux 6.8.8-2-pve #1 SMP PREEMPT_DYNAMIC',
      memory: { total: 100, used: 40 },
      swap: { total: 0, used: 0 },
      rootfs: { total: 1000, used: 100 },
      cpuinfo: { model: 'Xeon', cpus: 8, sockets: 1 },
    });
    expect(parseNodeStatus({ 'current-kernel': { release: '6.14.8-2-pve' } }).kernel).toBe(
      '6.14.8-2-pve',
    );
  });
});

describe('parseRrd', () => {
  it('drops points without a time, keeps absent fields absent, finds the step despite a gap', () => {
    const r = parseRrd(
      [
        { time: 1800, cpu: '0.5' },
        { cpu: 0.1 },
        { time: '5400', cpu: 0.2, mem: 'x' },
        { time: 3600 },
      ],
      'week',
      'MAX',
    );
    expect(r).toEqual({
      timeframe: 'week',
      cf: 'MAX',
      step: 1800,
      points: [{ time: 1800, cpu: 0.5 }, { time: 3600 }, { time: 5400, cpu: 0.2 }],
    });
  });
});

describe('parseServices', () => {
  it('names a service by name or unit, sorted', () => {
    expect(
      parseServices([
        { service: 'sshd', state: 'running', 'active-state': 'active', 'unit-state': 'enabled' },
        { name: 'corosync', desc: 'Corosync', state: 'dead' },
        { desc: 'nameless' },
      ]),
    ).toEqual([
      { name: 'corosync', desc: 'Corosync', state: 'dead' },
      { name: 'sshd', state: 'running', activeState: 'active', unitState: 'enabled' },
    ]);
  });
});

describe('RateWindow', () => {
  it('never gives a negative or huge rate across a restart, and measures again after it', () => {
    const w = new RateWindow();
    expect(w.push({ uptime: 100, netin: 100_000 }, true)).toBeUndefined();
    expect(w.push({ uptime: 101, netin: 101_000 }, true)).toEqual({ netin: 1000 });
    // A reboot between two polls: uptime and counters start over, no stopped sample seen.
    expect(w.push({ uptime: 1, netin: 500 }, true)).toBeUndefined();
    expect(w.push({ uptime: 2, netin: 2500 }, true)).toEqual({ netin: 2000 });
    // A reset counter with a later uptime (a migration) also starts over.
    expect(w.push({ uptime: 3, netin: 10 }, true)).toBeUndefined();
  });

  it('keeps the last rates within one second and averages over the last samples', () => {
    const w = new RateWindow(3);
    w.push({ uptime: 10, diskread: 0 }, true);
    w.push({ uptime: 11, diskread: 100 }, true);
    expect(w.push({ uptime: 11, diskread: 150 }, true)).toEqual({ diskread: 100 });
    expect(w.push({ uptime: 12, diskread: 400 }, true)).toEqual({ diskread: 200 });
    expect(w.push({ uptime: 13, diskread: 400 }, true)).toEqual({ diskread: 150 });
    expect(w.push({ uptime: 14, diskread: 400 }, false)).toBeUndefined();
  });
});
