import { describe, expect, it } from 'vitest';
import { actionLabel, labelTask, taskLabel } from '../../electron/core/session/labels';
import type { GuestResource } from '../../shared/model';
import { encodeParams } from '../../electron/core/pve/form';
import { backoffDelay } from '../../shared/backoff';
import { isTaskOk } from '../../electron/core/pve/tasks';

describe('task labels', () => {
  it('names power actions like the UI does', () => {
    expect(actionLabel('start', 'lxc', 101, 'web01')).toBe('Start CT 101 (web01)');
    expect(actionLabel('shutdown', 'qemu', 100)).toBe('Shut down VM 100');
  });

  it('names cluster tasks from their type', () => {
    expect(taskLabel('vzstart', '101', { type: 'lxc', name: 'web01' })).toBe(
      'Start CT 101 (web01)',
    );
    expect(taskLabel('qmstop', '100')).toBe('Stop VM 100');
    expect(taskLabel('vzdump', '100', { type: 'qemu' })).toBe('Back up VM 100');
    expect(taskLabel('vncshell', '')).toBe('Shell');
    expect(taskLabel('somethingnew', 'x')).toBe('somethingnew x');
  });

  it('names backups of VMs and containers alike, the guest type taken from the resources', () => {
    const guests = new Map<string, GuestResource>(
      [
        { id: 'qemu/107', type: 'qemu', vmid: 107, name: 'db01' },
        { id: 'lxc/110', type: 'lxc', vmid: 110, name: 'monitoring' },
      ].map((g) => [
        g.id,
        { ...g, node: 'pve1', status: 'running', template: false } as GuestResource,
      ]),
    );
    const lookup = (id: string) => guests.get(id);
    expect(labelTask('vzdump', '107', lookup)).toEqual({
      label: 'Back up VM 107 (db01)',
      guestId: 'qemu/107',
    });
    expect(labelTask('vzdump', '110', lookup)).toEqual({
      label: 'Back up CT 110 (monitoring)',
      guestId: 'lxc/110',
    });
    // Not in the resources (yet): the same form, no guessed type.
    expect(labelTask('vzdump', '999', lookup)).toEqual({ label: 'Back up guest 999' });
    // vzdump is not a container task because it starts with "vz".
    expect(labelTask('vzstart', '110', lookup)).toEqual({
      label: 'Start CT 110 (monitoring)',
      guestId: 'lxc/110',
    });
    expect(labelTask('vzstart', '111', lookup)).toEqual({
      label: 'Start CT 111',
      guestId: 'lxc/111',
    });
    expect(labelTask('aptupdate', '', lookup)).toEqual({ label: 'Update package database' });
  });
});

describe('task exit status', () => {
  it('OK and WARNINGS are success, anything else is the error', () => {
    expect(isTaskOk('OK')).toBe(true);
    expect(isTaskOk('WARNINGS: 2')).toBe(true);
    expect(isTaskOk('CT 101 already running')).toBe(false);
    expect(isTaskOk('unexpected status')).toBe(false);
  });
});

describe('form encoding', () => {
  it('sends booleans as 1/0, skips undefined, repeats array keys', () => {
    expect(encodeParams({ forceStop: true, timeout: 30, skip: undefined })).toBe(
      'forceStop=1&timeout=30',
    );
    expect(encodeParams({ full: false, vmid: [100, 101] })).toBe('full=0&vmid=100&vmid=101');
    expect(encodeParams({ password: 'a&b=c' })).toBe('password=a%26b%3Dc');
  });
});

describe('backoff', () => {
  it('is full jitter below an exponentially growing, capped ceiling', () => {
    const policy = { baseMs: 100, capMs: 1000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(799);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(10, policy, () => 0)).toBe(0);
  });
});
