// Details where the demo cluster must answer as a real PVE 9 does, read from Proxmox's sources:
// pveproxy's early errors, task list and log edge cases, guest status field types, and the
// synchronous checks of power actions (spec §2, §4).

import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo/index';
import { demoRequest, type Reply } from './demo-http';

type Resource = Record<string, unknown> & { id: string; type: string; vmid: number; node: string };
type TaskStatus = { status: string; exitstatus?: string };

let cluster: DemoCluster;
let agent: Agent;

function call(
  method: string,
  path: string,
  opts: { form?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const t = cluster.credentials.token;
  const headers: Record<string, string> = { authorization: `PVEAPIToken=${t.tokenId}=${t.secret}` };
  return demoRequest(cluster, agent, method, path, { headers, form: opts.form });
}

async function vms(): Promise<Resource[]> {
  return (await call('GET', '/cluster/resources?type=vm')).json!.data as Resource[];
}

async function pick(pred: (g: Resource) => boolean): Promise<Resource> {
  const g = (await vms()).find((x) => x.status !== 'unknown' && x.template === 0 && pred(x));
  if (!g) throw new Error('no such guest in the demo cluster');
  return g;
}

function power(g: Resource, action: string, form?: Record<string, string>): Promise<Reply> {
  return call('POST', `/nodes/${g.node}/${g.type}/${g.vmid}/status/${action}`, { form });
}

async function taskEnd(node: string, upid: string): Promise<TaskStatus> {
  const path = `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`;
  return vi.waitFor(
    async () => {
      const s = (await call('GET', path)).json!.data as TaskStatus;
      if (s.status !== 'stopped') throw new Error(`timed out waiting for ${upid}`);
      return s;
    },
    { timeout: 10_000, interval: 25 },
  );
}

beforeAll(async () => {
  cluster = await startDemoCluster({ taskTimeScale: 0.05 });
  agent = new Agent({ connect: { ca: cluster.certificatePem } });
});

afterAll(async () => {
  await agent.close();
  await cluster.close();
});

describe('demo cluster: fidelity to PVE', () => {
  it('refuses a body on DELETE with a plain-text 501 and names conflicting path parameters', async () => {
    const t = cluster.credentials.token;
    const res = await request(`${cluster.url}/api2/json/nodes/pve1/tasks/x`, {
      method: 'DELETE',
      headers: {
        authorization: `PVEAPIToken=${t.tokenId}=${t.secret}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'a=1',
      dispatcher: agent,
    });
    expect(res.statusCode).toBe(501);
    expect(await res.body.text()).toBe("Unexpected content for method 'DELETE'");

    const dup = await call('GET', '/nodes/pve1/status?node=pve2');
    expect(dup.status).toBe(400);
    expect(dup.json!.errors).toEqual({
      node: 'duplicate parameter (already defined in URI) with conflicting values!',
    });
  });

  it('leaves out `total` when a task list is empty', async () => {
    const r = await call('GET', '/nodes/pve1/tasks?typefilter=nosuchtype');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ data: [] });
  });

  it('answers a task log of an unknown task with the failed open, but its status with 400', async () => {
    const upid = 'UPID:pve1:00001234:00005678:6650F3A0:qmstart:100:root@pam:';
    const path = `/nodes/pve1/tasks/${encodeURIComponent(upid)}`;
    const log = await call('GET', `${path}/log`);
    expect(log.status).toBe(200);
    expect(log.json).toEqual({
      data: [{ n: 1, t: 'unable to open file - No such file or directory' }],
      total: 1,
    });
    const status = await call('GET', `${path}/status`);
    expect(status.status).toBe(400);
    expect(status.json!.errors).toEqual({ upid: 'no such task' });
  });

  it('types guest status fields as PVE 9 does: integer vmids, no serial key without a serial port', async () => {
    const ct = await pick((g) => g.type === 'lxc');
    const list = (await call('GET', `/nodes/${ct.node}/lxc`)).json!.data as Resource[];
    expect(list.every((g) => typeof g.vmid === 'number')).toBe(true);
    const cur = (await call('GET', `/nodes/${ct.node}/lxc/${ct.vmid}/status/current`)).json!
      .data as Resource;
    expect(cur.vmid).toBe(ct.vmid);

    const vm = await pick((g) => g.type === 'qemu');
    const q = (await call('GET', `/nodes/${vm.node}/qemu/${vm.vmid}/status/current`)).json!
      .data as Record<string, unknown>;
    expect('serial' in q).toBe(false);
  });

  it('checks power actions synchronously where PVE does, with its texts', async () => {
    const vm = await pick(
      (g) => g.type === 'qemu' && g.status === 'running' && !g.hastate && !g.lock,
    );
    const pause = await power(vm, 'suspend');
    expect((await taskEnd(vm.node, pause.json!.data as string)).exitstatus).toBe('OK');
    // qemu-server vm_reboot refuses a paused VM before anything else.
    const reboot = await power(vm, 'reboot');
    expect(reboot.status).toBe(500);
    expect(reboot.json!.message).toBe('VM is paused - cannot shutdown\n');
    const resume = await power(vm, 'resume');
    expect((await taskEnd(vm.node, resume.json!.data as string)).exitstatus).toBe('OK');

    // pve-container's reboot says "VM"; its resume wants a stopped (checkpointed) CT.
    const stoppedCt = await pick((g) => g.type === 'lxc' && g.status === 'stopped');
    const ctReboot = await power(stoppedCt, 'reboot');
    expect(ctReboot.status).toBe(500);
    expect(ctReboot.json!.message).toBe(`VM ${stoppedCt.vmid} not running\n`);
    const runningCt = await pick((g) => g.type === 'lxc' && g.status === 'running' && !g.lock);
    const ctResume = await power(runningCt, 'resume');
    expect(ctResume.status).toBe(500);
    expect(ctResume.json!.message).toBe(`CT ${runningCt.vmid} already running\n`);
  });

  it('suspends a CT by checkpointing and stopping it; resume restores it', async () => {
    const ct = await pick((g) => g.type === 'lxc' && g.status === 'running' && !g.lock);
    const s = await power(ct, 'suspend');
    expect(s.json!.data).toMatch(/:vzsuspend:/);
    expect((await taskEnd(ct.node, s.json!.data as string)).exitstatus).toBe('OK');
    expect((await vms()).find((g) => g.id === ct.id)!.status).toBe('stopped');
    const r = await power(ct, 'resume');
    expect(r.json!.data).toMatch(/:vzresume:/);
    expect((await taskEnd(ct.node, r.json!.data as string)).exitstatus).toBe('OK');
    expect((await vms()).find((g) => g.id === ct.id)!.status).toBe('running');
  });
});
