// What real servers send for storages, content and vzdump (spec §8): numbers as strings, 0/1
// booleans, absent keys; PVE's two backup volid formats (file archives, PBS snapshots); vzdump's
// 'OK' reply; and the last run per guest read from vzdump task logs.

import { describe, expect, it } from 'vitest';
import {
  jobIncludes,
  parseVzdumpLog,
  resultsFor,
  type VzdumpRun,
} from '../../electron/core/backups/job-results';
import { getContent, getStorages, postVzdump } from '../../electron/core/pve/backups';
import type { PveClient } from '../../electron/core/pve/client';
import { expandNotesTemplate, parseBackupVolid } from '../../shared/backups';

function clientAnswering(data: unknown): PveClient {
  const fake = {
    get: async (_path: string, schema: { parse(v: unknown): unknown }) => ({
      data: schema.parse(data),
    }),
    post: async (_path: string, schema: { parse(v: unknown): unknown }) => schema.parse(data),
  };
  return fake as unknown as PveClient;
}

describe('backup volume ids', () => {
  it('reads file archives of both guest types and compressions', () => {
    expect(parseBackupVolid('local:backup/vzdump-qemu-100-2026_11_30-02_00_03.vma.zst')).toEqual({
      kind: 'file',
      guestType: 'qemu',
      vmid: 100,
      time: Date.UTC(2026, 10, 30, 2, 0, 3) / 1000,
    });
    expect(parseBackupVolid('nfs:backup/vzdump-lxc-101-2026_01_02-03_04_05.tar.gz')).toMatchObject({
      kind: 'file',
      guestType: 'lxc',
      vmid: 101,
    });
    expect(parseBackupVolid('local:backup/vzdump-qemu-100-2026_11_30-02_00_03.vma')?.vmid).toBe(
      100,
    );
  });

  it('reads PBS snapshots and refuses what is not a backup', () => {
    expect(parseBackupVolid('pbs:backup/vm/100/2026-11-30T02:00:03Z')).toEqual({
      kind: 'pbs',
      guestType: 'qemu',
      vmid: 100,
      time: Date.UTC(2026, 10, 30, 2, 0, 3) / 1000,
    });
    expect(parseBackupVolid('pbs:backup/ct/205/2026-11-30T02:00:03Z')?.guestType).toBe('lxc');
    expect(parseBackupVolid('local:iso/debian.iso')).toBeUndefined();
    expect(parseBackupVolid('local-lvm:vm-100-disk-0')).toBeUndefined();
  });

  it('expands the notes template as vzdump does, unknown variables kept', () => {
    expect(
      expandNotesTemplate('{{guestname}} ({{vmid}}) on {{node}}/{{cluster}} {{nope}}', {
        guestname: 'web01',
        vmid: 100,
        node: 'pve1',
        cluster: 'lab',
      }),
    ).toBe('web01 (100) on pve1/lab {{nope}}');
  });
});

describe('storage replies', () => {
  it('reads storages sent with numbers as strings and keys missing', async () => {
    const list = await getStorages(
      clientAnswering([
        {
          storage: 'local',
          type: 'dir',
          content: 'iso,backup',
          total: '1000',
          used: '250',
          avail: '750',
          active: '1',
          shared: 0,
        },
        { storage: 'gone', type: 'nfs', content: 'backup', active: 0, enabled: 1, shared: '1' },
        { type: 'dir' },
      ]),
      'pve1',
    );
    expect(list).toEqual([
      {
        storage: 'local',
        type: 'dir',
        content: ['iso', 'backup'],
        shared: false,
        active: true,
        enabled: true,
        total: 1000,
        used: 250,
        avail: 750,
        nodes: ['pve1'],
      },
      {
        storage: 'gone',
        type: 'nfs',
        content: ['backup'],
        shared: true,
        active: false,
        enabled: true,
        nodes: ['pve1'],
      },
    ]);
  });

  it('reads content of both volid formats; absent content and ctime come from the name', async () => {
    const list = await getContent(
      clientAnswering([
        {
          volid: 'pbs:backup/vm/100/2026-11-30T02:00:03Z',
          format: 'pbs-vm',
          size: '123456',
          protected: '1',
          verification: { state: 'ok', upid: 'UPID:x' },
          encrypted: '',
          notes: 'web01',
        },
        { volid: 'local:backup/vzdump-lxc-101-2026_11_30-02_00_03.tar.zst', size: 7, vmid: '101' },
        { volid: 'local:iso/debian.iso', content: 'iso', format: 'iso', size: 9, ctime: 5 },
        { size: 1 },
      ]),
      'pve1',
      'pbs',
    );
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({
      content: 'backup',
      size: 123_456,
      protected: true,
      verification: 'ok',
      encrypted: false,
      vmid: 100,
      ctime: Date.UTC(2026, 10, 30, 2, 0, 3) / 1000,
      archive: { kind: 'pbs', guestType: 'qemu' },
    });
    expect(list[1]).toMatchObject({ content: 'backup', vmid: 101, protected: false });
    expect(list[1]!.archive).toMatchObject({ kind: 'file', guestType: 'lxc' });
    expect(list[2]).toMatchObject({ content: 'iso', ctime: 5 });
    expect(list[2]!.archive).toBeUndefined();
  });

  it("takes vzdump's 'OK' (no guest on that node) as no task", async () => {
    expect(await postVzdump(clientAnswering('OK'), 'pve1', { vmid: '100' })).toBeUndefined();
    const upid = 'UPID:pve1:00001234:00000001:6650F3A0:vzdump:100:root@pam:';
    expect(await postVzdump(clientAnswering(upid), 'pve1', { vmid: '100' })).toBe(upid);
  });
});

describe('last run per guest from vzdump logs', () => {
  const job = { id: 'j1', enabled: true, all: true, vmids: [], exclude: [103], storage: 'nas' };
  const log = [
    'INFO: starting new backup job: vzdump --all 1 --storage nas --mode snapshot --exclude 103',
    'INFO: Starting Backup of VM 100 (qemu)',
    'INFO: Finished Backup of VM 100 (00:00:40)',
    'INFO: Starting Backup of VM 101 (lxc)',
    'ERROR: Backup of VM 101 failed - CT is locked (backup)',
    'INFO: Backup job finished with errors',
    'TASK ERROR: job errors',
  ];

  it('reads the command line and each guest’s outcome', () => {
    const run = parseVzdumpLog(log) as VzdumpRun;
    expect(run).toMatchObject({ all: true, storage: 'nas', exclude: [103] });
    expect([...run.guests]).toEqual([
      [100, { ok: true }],
      [101, { ok: false, error: 'CT is locked (backup)' }],
    ]);
    expect(jobIncludes(job, 103)).toBe(false);
  });

  it('keeps the newest result per guest, and a one-guest task’s exit status', () => {
    const old = {
      upid: 'UPID:a',
      node: 'pve1',
      starttime: 10,
      endtime: 20,
      status: 'job errors',
      id: '',
    };
    const single = {
      upid: 'UPID:b',
      node: 'pve2',
      starttime: 30,
      endtime: 40,
      status: 'some failure',
      id: '104',
    };
    const newer = { ...old, upid: 'UPID:c', starttime: 50 };
    const ok100 = parseVzdumpLog([log[0]!, log[2]!])!;
    const results = resultsFor(job, [
      { task: old, run: parseVzdumpLog(log)! },
      {
        task: single,
        run: parseVzdumpLog(['INFO: starting new backup job: vzdump 104 --storage nas'])!,
      },
      { task: newer, run: ok100 },
      // another storage: not this job's run
      {
        task: { ...newer, upid: 'UPID:d', starttime: 60 },
        run: parseVzdumpLog([
          'INFO: starting new backup job: vzdump --all 1 --storage pbs',
          log[4]!,
        ])!,
      },
    ]);
    expect(results).toEqual([
      { vmid: 100, ok: true, time: 50, upid: 'UPID:c' },
      { vmid: 101, ok: false, time: 10, upid: 'UPID:a', error: 'CT is locked (backup)' },
      { vmid: 104, ok: false, time: 30, upid: 'UPID:b', error: 'some failure' },
    ]);
  });
});
