// A power action whose reply is lost (or comes after the client's timeout) after the demo ran it:
// core sends it once, reports it in doubt, finds its task in the cluster's task list and follows
// it to its end; one that never ran ends "did not run"; one refused before sending stays failed.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { DeckhandError } from '../../shared/errors';
import type { GuestResource, TaskInfo } from '../../shared/model';
import { isGuest } from '../../shared/model';
import {
  ProfileSession,
  type ProfileSessionOptions,
} from '../../electron/core/session/profile-session';
import { demoSessionOptions } from '../kit/session';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster;
let session: ProfileSession | undefined;
let tasks: TaskInfo[];

beforeEach(async () => {
  demo = await startDemoCluster(DEMO_OPTIONS);
  tasks = [];
});

afterEach(async () => {
  await session?.dispose();
  session = undefined;
  await demo.close();
});

async function open(extra: Partial<ProfileSessionOptions> = {}): Promise<ProfileSession> {
  const s = new ProfileSession(
    demoSessionOptions(
      demo,
      { task: (t) => tasks.push(t) },
      {
        refreshIntervalMs: 200,
        taskPollMs: 50,
        clusterTasksIntervalMs: 100,
        inDoubtSearch: { firstLookMs: 100, pollMs: 100, windowMs: 1_000 },
        ...extra,
      },
    ),
  );
  session = s;
  s.start();
  await waitFor('first snapshot', () => s.snapshot().items.length > 0);
  return s;
}

/** A running container on an online node. */
function runningCt(s: ProfileSession): GuestResource {
  const guest = s
    .snapshot()
    .items.filter(isGuest)
    .find((g) => g.type === 'lxc' && g.status === 'running' && !g.template);
  if (!guest) throw new Error('no running container in the demo');
  return guest;
}

function posts(path: string): number {
  return demo.requestCounts().get(`POST /api2/json${path}`) ?? 0;
}

describe('a power action in doubt', () => {
  it('whose reply was dropped after it ran is sent once, confirmed from the task list and followed to OK', async () => {
    const s = await open();
    const ct = runningCt(s);
    const path = `/nodes/${ct.node}/lxc/${ct.vmid}/status/reboot`;
    demo.addFault({ kind: 'drop-reply', method: 'POST', path: new RegExp(`${path}$`), times: 1 });

    const placeholder = await s.action(
      { profileId: 'demo', node: ct.node, type: 'lxc', vmid: ct.vmid },
      'reboot',
    );
    expect(placeholder).toMatchObject({ outcome: 'in-doubt', status: 'running', own: true });
    expect(placeholder.label).toBe(`Reboot CT ${ct.vmid}${ct.name ? ` (${ct.name})` : ''}`);

    const ended = await waitFor('the confirmed task ends', () =>
      tasks.find((t) => t.replaces === placeholder.upid && t.status === 'stopped'),
    );
    expect(ended).toMatchObject({
      outcome: 'confirmed',
      type: 'vzreboot',
      id: String(ct.vmid),
      own: true,
      ok: true,
      exitstatus: 'OK',
      label: placeholder.label,
    });
    expect(posts(path)).toBe(1);
    // Never reported as someone else's task, and the placeholder is gone from the list.
    expect(tasks.filter((t) => t.upid === ended.upid && !t.own)).toEqual([]);
    const listed = await s.tasks();
    expect(listed.filter((t) => t.upid === ended.upid)).toEqual([
      expect.objectContaining({ own: true }),
    ]);
    expect(listed.find((t) => t.upid === placeholder.upid)).toBeUndefined();
  });

  it('answered after the client’s timeout is sent once and confirmed from the task list', async () => {
    const s = await open({ client: { timeoutMs: 300 } });
    const ct = runningCt(s);
    const path = `/nodes/${ct.node}/lxc/${ct.vmid}/status/reboot`;
    demo.addFault({
      kind: 'late-reply',
      delayMs: 2_000,
      method: 'POST',
      path: new RegExp(`${path}$`),
      times: 1,
    });
    const placeholder = await s.action(
      { profileId: 'demo', node: ct.node, type: 'lxc', vmid: ct.vmid },
      'reboot',
    );
    expect(placeholder.outcome).toBe('in-doubt');
    const ended = await waitFor('the confirmed task ends', () =>
      tasks.find((t) => t.replaces === placeholder.upid && t.status === 'stopped'),
    );
    expect(ended).toMatchObject({ outcome: 'confirmed', ok: true, exitstatus: 'OK' });
    expect(posts(path)).toBe(1);
  });

  it('whose connection closed before it ran ends "did not run" after the search', async () => {
    const s = await open();
    const ct = runningCt(s);
    const path = `/nodes/${ct.node}/lxc/${ct.vmid}/status/reboot`;
    // The socket goes before the demo runs anything: core cannot know, so it is in doubt.
    demo.addFault({ kind: 'drop', method: 'POST', path: new RegExp(`${path}$`), times: 1 });
    const placeholder = await s.action(
      { profileId: 'demo', node: ct.node, type: 'lxc', vmid: ct.vmid },
      'reboot',
    );
    expect(placeholder.outcome).toBe('in-doubt');
    const ended = await waitFor('the search ends', () =>
      tasks.find((t) => t.upid === placeholder.upid && t.status === 'stopped'),
    );
    expect(ended).toMatchObject({ outcome: 'did-not-run', ok: false });
    expect(ended.exitstatus).toBe(
      `Did not run: no task of it appeared in the task list and the guest is unchanged (Cannot reach 127.0.0.1:${demo.port}: the server closed the connection)`,
    );
    expect(posts(path)).toBe(1);
  });

  it('refused by PVE with an error reply stays a plain failure', async () => {
    const s = await open();
    const ct = runningCt(s);
    const path = `/nodes/${ct.node}/lxc/${ct.vmid}/status/reboot`;
    demo.addFault({ kind: 'status', status: 500, method: 'POST', path: new RegExp(`${path}$`) });
    const err = await s
      .action({ profileId: 'demo', node: ct.node, type: 'lxc', vmid: ct.vmid }, 'reboot')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeckhandError);
    expect(tasks.filter((t) => t.outcome !== undefined)).toEqual([]);
    expect(posts(path)).toBe(1);
  });
});
