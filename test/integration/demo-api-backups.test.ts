// The demo cluster's storages and backups over real HTTPS (spec §8): storages with usage, content
// with PVE's volid formats, vzdump with its log, restore for VMs and containers, protected volumes,
// running out of space, backup jobs and the next free id.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  cluster,
  pickGuest,
  startCluster,
  stopCluster,
  taskEnd,
  taskPath,
} from './demo-api-kit';

type Row = Record<string, unknown>;

async function data<T = Row[]>(method: string, path: string, form?: Record<string, string>) {
  const r = await call(method, path, { form });
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json!.data as T;
}

async function log(node: string, upid: string): Promise<string[]> {
  const lines = await data<{ t: string }[]>('GET', taskPath(node, upid, '/log?limit=0'));
  return lines.map((l) => l.t);
}

describe('demo cluster: storages and backups', () => {
  beforeAll(async () => {
    await startCluster();
  });
  afterAll(async () => {
    await stopCluster();
  });

  it('lists a node’s storages with usage, filtered by content', async () => {
    const all = await data('GET', '/nodes/pve1/storage');
    expect(all.map((s) => s.storage)).toEqual(['local', 'local-lvm', 'nas-backup', 'pbs']);
    const pbs = all.find((s) => s.storage === 'pbs')!;
    expect(pbs).toMatchObject({ type: 'pbs', content: 'backup', shared: 1, active: 1, enabled: 1 });
    expect(pbs.used as number).toBe((pbs.total as number) - (pbs.avail as number));
    const backup = await data('GET', '/nodes/pve1/storage?content=backup');
    expect(backup.map((s) => s.storage)).toEqual(['local', 'nas-backup', 'pbs']);
  });

  it('lists content with both volid formats, ISO images, templates and disk images', async () => {
    const nas = await data('GET', '/nodes/pve1/storage/nas-backup/content?content=backup');
    expect(nas.length).toBeGreaterThan(0);
    for (const v of nas) {
      expect(v.volid).toMatch(
        /^nas-backup:backup\/vzdump-(qemu|lxc)-\d+-\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2}\.(vma|tar)\.zst$/,
      );
    }
    const pbs = await data('GET', '/nodes/pve1/storage/pbs/content');
    expect(pbs.some((v) => v.protected === 1)).toBe(true);
    for (const v of pbs) {
      expect(v.volid).toMatch(/^pbs:backup\/(vm|ct)\/\d+\/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(v.format).toMatch(/^pbs-(vm|ct)$/);
      expect(v.verification).toMatchObject({ state: expect.stringMatching(/^(ok|failed)$/) });
    }
    const local = await data('GET', '/nodes/pve1/storage/local/content');
    expect(local.filter((v) => v.content === 'iso').length).toBe(3);
    expect(local.filter((v) => v.content === 'vztmpl').length).toBe(3);
    const lvm = await data('GET', '/nodes/pve1/storage/local-lvm/content?content=images');
    expect(lvm.every((v) => /^local-lvm:(vm|base)-\d+-disk-0$/.test(v.volid as string))).toBe(true);
  });

  it('backs up a VM to PBS with progress lines, then restores it to a new id', async () => {
    const g = await pickGuest((x) => x.type === 'qemu' && x.node === 'pve1' && !x.lock);
    const upid = await data<string>('POST', '/nodes/pve1/vzdump', {
      vmid: String(g.vmid),
      storage: 'pbs',
      mode: 'snapshot',
      'notes-template': '{{guestname}} on {{node}} ({{cluster}}, {{vmid}})',
    });
    expect(upid).toContain(`:vzdump:${g.vmid as number}:`);
    expect((await taskEnd('pve1', upid)).exitstatus).toBe('OK');
    const lines = await log('pve1', upid);
    expect(lines[0]).toMatch(/^INFO: starting new backup job: vzdump \d+ --storage pbs/);
    expect(lines).toContain(`INFO: Starting Backup of VM ${g.vmid as number} (qemu)`);
    expect(lines.some((l) => /^INFO: +\d+% \(/.test(l))).toBe(true);
    expect(lines.at(-2)).toBe('INFO: Backup job finished successfully');
    const mine = await data('GET', `/nodes/pve1/storage/pbs/content?vmid=${g.vmid as number}`);
    const made = mine.sort((a, b) => (b.ctime as number) - (a.ctime as number))[0]!;
    expect(made.notes).toBe(`${g.name as string} on pve1 (deckhand-demo, ${g.vmid as number})`);

    const newid = Number(await data<string>('GET', '/cluster/nextid'));
    const restore = await data<string>('POST', '/nodes/pve1/qemu', {
      vmid: String(newid),
      archive: made.volid as string,
      storage: 'local-lvm',
    });
    expect(restore).toContain(`:qmrestore:${newid}:`);
    expect((await taskEnd('pve1', restore)).exitstatus).toBe('OK');
    const vms = await data('GET', '/cluster/resources?type=vm');
    expect(vms.find((v) => v.vmid === newid)).toMatchObject({ name: g.name, node: 'pve1' });

    // The same id again without force is refused before any task starts.
    const again = await call('POST', '/nodes/pve1/qemu', {
      form: { vmid: String(newid), archive: made.volid as string },
    });
    expect(again.status).toBe(500);
    expect(again.json?.message).toBe(
      `unable to restore VM ${newid} - VM ${newid} already exists on node 'pve1'\n`,
    );
  });

  it('refuses to delete a protected backup with PVE’s message; deletes an unprotected one', async () => {
    const pbs = await data('GET', '/nodes/pve1/storage/local/content');
    expect(pbs).toBeDefined();
    const g = await pickGuest((x) => x.type === 'lxc' && x.node === 'pve1' && !x.lock);
    const upid = await data<string>('POST', '/nodes/pve1/vzdump', {
      vmid: String(g.vmid),
      storage: 'local',
      compress: 'zstd',
      protected: '1',
    });
    expect((await taskEnd('pve1', upid)).exitstatus).toBe('OK');
    const [v] = await data(
      'GET',
      `/nodes/pve1/storage/local/content?content=backup&vmid=${g.vmid as number}`,
    );
    expect(v).toMatchObject({ protected: 1, format: 'tar.zst', subtype: 'lxc' });
    const volid = v!.volid as string;
    const del = await data<string>(
      'DELETE',
      `/nodes/pve1/storage/local/content/${encodeURIComponent(volid)}`,
    );
    expect(del).toContain(`:imgdel:${g.vmid as number}@local:`);
    const end = await taskEnd('pve1', del);
    expect(end.exitstatus).toBe(
      `cannot remove protected volume '${volid.slice('local:'.length)}' on 'local'`,
    );

    const u2 = await data<string>('POST', '/nodes/pve1/vzdump', {
      vmid: String(g.vmid),
      storage: 'local',
    });
    expect((await taskEnd('pve1', u2)).exitstatus).toBe('OK');
    const list = await data(
      'GET',
      `/nodes/pve1/storage/local/content?content=backup&vmid=${g.vmid as number}`,
    );
    const plain = list.find((x) => !x.protected)!;
    expect(plain.format).toBe('tar');
    const d2 = await data<string>(
      'DELETE',
      `/nodes/pve1/storage/local/content/${encodeURIComponent(plain.volid as string)}`,
    );
    expect((await taskEnd('pve1', d2)).exitstatus).toBe('OK');
    const after = await data(
      'GET',
      `/nodes/pve1/storage/local/content?content=backup&vmid=${g.vmid as number}`,
    );
    expect(after.map((x) => x.volid)).toEqual([volid]);
  });

  it('fails a backup that runs out of space, as vzdump does', async () => {
    const g = await pickGuest((x) => x.type === 'qemu' && x.node === 'pve1' && !x.lock);
    cluster.setStorageAvail('pve1', 'local', 1024 ** 2);
    const upid = await data<string>('POST', '/nodes/pve1/vzdump', {
      vmid: String(g.vmid),
      storage: 'local',
    });
    expect((await taskEnd('pve1', upid)).exitstatus).toBe('job errors');
    const lines = await log('pve1', upid);
    expect(lines).toContain(
      `ERROR: Backup of VM ${g.vmid as number} failed - vma_queue_write: write error - No space left on device`,
    );
    expect(lines.at(-1)).toBe('TASK ERROR: job errors');
    const vms = await data('GET', '/cluster/resources?type=vm');
    expect(vms.find((v) => v.vmid === g.vmid)!.lock).toBeUndefined();
  });

  it('answers OK for guests on other nodes, and lists jobs with their next run', async () => {
    const other = await pickGuest((x) => x.node === 'pve2');
    expect(
      await data<string>('POST', '/nodes/pve1/vzdump', {
        vmid: String(other.vmid),
        storage: 'pbs',
      }),
    ).toBe('OK');
    const jobs = await data('GET', '/cluster/backup');
    expect(jobs.length).toBe(3);
    for (const j of jobs) {
      expect(j).toMatchObject({ type: 'vzdump', id: expect.stringMatching(/^backup-/) });
      expect(j['next-run'] as number).toBeGreaterThan(Date.now() / 1000);
    }
    const missing = await data('GET', '/cluster/backup-info/not-backed-up');
    expect(missing.length).toBeGreaterThan(0);
  });
});
