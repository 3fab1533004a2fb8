// The renderer's side of an in-doubt power action: the guest's buttons stay blocked saying why,
// and the confirmed task takes its placeholder's place in the task list (one row, not two).

import { describe, expect, it } from 'vitest';
import type { GuestResource, TaskInfo } from '../../shared/model';
import { powerActionButtons } from '../../renderer/src/features/guest/powerActions';
import { taskKey, upsertTask } from '../../renderer/src/store/appState';

const ct: GuestResource = {
  id: 'lxc/110',
  type: 'lxc',
  vmid: 110,
  node: 'pve1',
  status: 'running',
  template: false,
  tags: [],
};

const placeholder: TaskInfo = {
  profileId: 'p',
  upid: 'in-doubt:lxc/110:1',
  node: 'pve1',
  type: 'vzreboot',
  id: '110',
  user: 'root@pam',
  starttime: 1000,
  status: 'running',
  label: 'Reboot CT 110 (monitoring)',
  guestId: 'lxc/110',
  own: true,
  outcome: 'in-doubt',
};

describe('an in-doubt action in the renderer', () => {
  it('keeps every button disabled, saying the action may have run', () => {
    const buttons = powerActionButtons(ct, { nodeOffline: false, busy: 'reboot', inDoubt: true });
    expect(buttons.every((b) => !b.enabled)).toBe(true);
    expect(new Set(buttons.map((b) => b.reason))).toEqual(
      new Set(['Reboot may have run — checking']),
    );
  });

  it('replaces the placeholder with the confirmed task', () => {
    const confirmed: TaskInfo = {
      ...placeholder,
      upid: 'UPID:pve1:0000A1B2:00C0FFEE:000003E9:vzreboot:110:root@pam:',
      outcome: 'confirmed',
      replaces: placeholder.upid,
    };
    const tasks = upsertTask(upsertTask({}, placeholder), confirmed);
    expect(Object.keys(tasks)).toEqual([taskKey('p', confirmed.upid)]);
  });
});
