import { describe, expect, it } from 'vitest';
import type { GuestResource } from '../../shared/model';
import { powerActionButtons } from '../../renderer/src/features/guest/powerActions';

function guest(extra: Partial<GuestResource>): GuestResource {
  return {
    id: 'qemu/100',
    type: 'qemu',
    vmid: 100,
    node: 'pve1',
    status: 'stopped',
    template: false,
    tags: [],
    ...extra,
  };
}
const enabled = (g: GuestResource, ctx = { nodeOffline: false }) =>
  powerActionButtons(g, ctx)
    .filter((b) => b.enabled)
    .map((b) => b.label);

describe('power actions by state', () => {
  it('stopped offers Start only; running offers the rest', () => {
    expect(enabled(guest({ status: 'stopped' }))).toEqual(['Start']);
    expect(enabled(guest({ status: 'running' }))).toEqual([
      'Shutdown',
      'Stop',
      'Reboot',
      'Suspend',
      'Reset',
    ]);
  });

  it('paused offers Resume (in place of Start) and Stop; containers have no Suspend or Reset', () => {
    const paused = guest({ status: 'paused', uptime: 3600, mem: 1 << 30, maxmem: 2 << 30 });
    expect(enabled(paused)).toEqual(['Resume', 'Stop']);
    expect(powerActionButtons(paused, { nodeOffline: false })[0]).toEqual({
      action: 'resume',
      label: 'Resume',
      enabled: true,
      reason: undefined,
      confirm: false,
    });
    expect(enabled(guest({ status: 'prelaunch' }))).toEqual(['Resume', 'Stop']);
    // A backup does not keep a paused VM from resuming (qemu-server vm_resume), only the rest.
    expect(enabled(guest({ status: 'paused', lock: 'backup' }))).toEqual(['Resume']);
    const ct = guest({ type: 'lxc', id: 'lxc/101', status: 'running' });
    expect(powerActionButtons(ct, { nodeOffline: false }).map((b) => b.label)).toEqual([
      'Start',
      'Shutdown',
      'Stop',
      'Reboot',
    ]);
  });

  it('a hibernated VM (stopped with the suspended lock) offers Resume, which PVE allows', () => {
    const hibernated = guest({ status: 'stopped', lock: 'suspended' });
    const buttons = powerActionButtons(hibernated, { nodeOffline: false });
    expect(buttons.map((b) => b.label)).toEqual([
      'Resume',
      'Shutdown',
      'Stop',
      'Reboot',
      'Suspend',
      'Reset',
    ]);
    expect(enabled(hibernated)).toEqual(['Resume']);
    expect(buttons[1]!.reason).toBe('Not available while hibernated');
    // Other locks still block it, and so does the cluster going away or a busy action.
    expect(enabled(guest({ status: 'stopped', lock: 'suspending' }))).toEqual([]);
    expect(enabled(hibernated, { nodeOffline: true })).toEqual([]);
    expect(
      powerActionButtons(hibernated, { nodeOffline: false, busy: 'resume' }).some((b) => b.enabled),
    ).toBe(false);
    // A container's `suspended` lock is no hibernation of a VM.
    const ct = guest({ type: 'lxc', id: 'lxc/101', status: 'stopped', lock: 'suspended' });
    expect(enabled(ct)).toEqual([]);
  });

  it('templates have none; locked, offline and busy guests have all disabled with a reason', () => {
    expect(powerActionButtons(guest({ template: true }), { nodeOffline: false })).toEqual([]);
    const locked = powerActionButtons(guest({ status: 'running', lock: 'backup' }), {
      nodeOffline: false,
    });
    expect(locked.every((b) => !b.enabled && b.reason === 'Locked (backup)')).toBe(true);
    expect(enabled(guest({ status: 'unknown' }))).toEqual([]);
    expect(enabled(guest({ status: 'running' }), { nodeOffline: true })).toEqual([]);
    const busy = powerActionButtons(guest({ status: 'running' }), {
      nodeOffline: false,
      busy: 'reboot',
    });
    expect(busy.some((b) => b.enabled)).toBe(false);
  });

  it('keeps Stop available while a Shutdown runs (a guest may ignore it); the rest wait', () => {
    const during = powerActionButtons(guest({ status: 'running' }), {
      nodeOffline: false,
      busy: 'shutdown',
    });
    expect(during.filter((b) => b.enabled).map((b) => b.label)).toEqual(['Stop']);
    expect(during.find((b) => b.label === 'Reboot')?.reason).toBe('Shutdown is in progress');
  });

  it('a cluster that is offline blocks every action, saying why', () => {
    const buttons = powerActionButtons(guest({ status: 'running' }), {
      nodeOffline: false,
      clusterOffline: true,
    });
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) {
      expect(b.enabled).toBe(false);
      expect(b.reason).toBe('The cluster is offline');
    }
  });

  it('Stop and Reset ask first', () => {
    const confirm = powerActionButtons(guest({ status: 'running' }), { nodeOffline: false })
      .filter((b) => b.confirm)
      .map((b) => b.label);
    expect(confirm).toEqual(['Stop', 'Reset']);
  });
});
