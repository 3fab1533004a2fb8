import { describe, expect, it } from 'vitest';
import { actionLabel, taskLabel } from '../../electron/core/session/labels';
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
