// Task labels against the demo cluster: a backup is "Back up VM …" or "Back up CT …" by its guest,
// and tasks listed before the first resources arrived are labelled again once they have.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { isGuest, type TaskInfo } from '../../shared/model';
import { ProfileSession } from '../../electron/core/session/profile-session';
import { demoSessionOptions } from '../kit/session';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster;
let session: ProfileSession | undefined;
let reported: TaskInfo[];

beforeEach(async () => {
  demo = await startDemoCluster(DEMO_OPTIONS);
  reported = [];
});

afterEach(async () => {
  await session?.dispose();
  session = undefined;
  await demo.close();
});

function open(): ProfileSession {
  session = new ProfileSession(
    demoSessionOptions(
      demo,
      { task: (t) => reported.push(t) },
      { refreshIntervalMs: 200, taskPollMs: 50, clusterTasksIntervalMs: 0 },
    ),
  );
  return session;
}

describe('task labels', () => {
  it('relabels the first task list once the resources arrive: backups of VMs and CTs alike', async () => {
    const s = open();
    // The renderer asks for the task list as the profile appears, before the first refresh.
    const early = await s.tasks();
    const backups = early.filter((t) => t.type === 'vzdump');
    expect(backups.length).toBeGreaterThan(0);
    for (const t of backups) expect(t.label).toBe(`Back up guest ${t.id}`);

    s.start();
    const guests = await waitFor('the first resources', () => {
      const snap = s.snapshot();
      return snap.items.length > 0 && snap;
    });
    const byVmid = new Map(guests.items.filter(isGuest).map((r) => [String(r.vmid), r] as const));
    const vm = backups.find((t) => byVmid.get(t.id)?.type === 'qemu');
    const ct = backups.find((t) => byVmid.get(t.id)?.type === 'lxc');
    expect(vm && ct).toBeTruthy();
    for (const t of [vm!, ct!]) {
      const guest = byVmid.get(t.id)!;
      const noun = guest.type === 'qemu' ? 'VM' : 'CT';
      const relabelled = await waitFor(`${t.upid} relabelled`, () =>
        reported.find((r) => r.upid === t.upid),
      );
      expect(relabelled.label).toBe(`Back up ${noun} ${guest.vmid} (${guest.name})`);
      expect(relabelled.guestId).toBe(guest.id);
    }
    // And a list read now says the same.
    const later = await s.tasks();
    expect(later.find((t) => t.upid === vm!.upid)?.label).toMatch(/^Back up VM \d+ \(.+\)$/);
  });
});
