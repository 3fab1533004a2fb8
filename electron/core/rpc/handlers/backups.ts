// Storages, their content and backups: the reads (a node's storages, a shared one listed once
// across nodes; a storage's content; a guest's backups across the storages its node sees; the
// backup jobs with their last run per guest) and the writes, which are tasks started through the
// session's task writer (followed to their end, never sent twice): back up, restore, delete,
// run a job now (one vzdump per node, as PVE's UI does).

import { DeckhandError } from '../../../../shared/errors';
import type { CallHandlers } from '../../../../shared/ipc';
import type { GuestResource, GuestType, NodeResource, TaskInfo } from '../../../../shared/model';
import {
  parseBackupVolid,
  type BackupList,
  type StorageInfo,
  type StorageVolume,
} from '../../../../shared/backups';
import { readRecentRuns, resultsFor } from '../../backups/job-results';
import {
  deleteVolume,
  getBackupJobRaw,
  getBackupJobs,
  getContent,
  getNextId,
  getStorages,
  jobRunParams,
  postRestore,
  postVzdump,
} from '../../pve/backups';
import type { PveParams } from '../../pve/form';
import type { ProfileSession } from '../../session/profile-session';
import type { ProfileRegistry } from '../registry';

type BackupCalls =
  | 'storage.list'
  | 'storage.content'
  | 'backups.list'
  | 'backups.create'
  | 'backups.restore'
  | 'backups.delete'
  | 'backups.nextId'
  | 'backups.jobs'
  | 'backups.runJob';

/** vzdump answered 'OK': none of the guests asked for lives on that node. */
class NothingOnNode extends DeckhandError {
  constructor(node: string) {
    super({
      kind: 'not-found',
      message: `None of these guests is on ${node} now: nothing was backed up there`,
    });
  }
}

function noun(type: GuestType, vmid: number, session: ProfileSession): string {
  const g = session.resource(`${type}/${vmid}`) as GuestResource | undefined;
  return `${type === 'lxc' ? 'CT' : 'VM'} ${vmid}${g?.name ? ` (${g.name})` : ''}`;
}

function onlineNodes(session: ProfileSession): string[] {
  return session
    .snapshot()
    .items.filter((r): r is NodeResource => r.type === 'node' && r.status === 'online')
    .map((n) => n.node)
    .sort();
}

/** Storages of the nodes, a shared storage once (with every node that lists it). */
async function storagesOf(
  session: ProfileSession,
  nodes: readonly string[],
  content?: string,
): Promise<StorageInfo[]> {
  const lists = await Promise.all(nodes.map((n) => getStorages(session.api, n, content)));
  const out: StorageInfo[] = [];
  const shared = new Map<string, StorageInfo>();
  for (const s of lists.flat()) {
    const seen = s.shared ? shared.get(s.storage) : undefined;
    if (seen) {
      seen.nodes.push(...s.nodes);
      continue;
    }
    if (s.shared) shared.set(s.storage, s);
    out.push(s);
  }
  return out;
}

function byNewest(a: StorageVolume, b: StorageVolume): number {
  return (b.ctime ?? 0) - (a.ctime ?? 0);
}

async function guestBackups(
  session: ProfileSession,
  node: string,
  vmid: number,
): Promise<BackupList> {
  const storages = (await getStorages(session.api, node, 'backup')).filter(
    (s) => s.active && s.enabled,
  );
  const failures: BackupList['failures'] = [];
  const lists = await Promise.all(
    storages.map(async (s) => {
      try {
        return await getContent(session.api, node, s.storage, { content: 'backup', vmid });
      } catch (err) {
        failures.push({ storage: s.storage, message: (err as Error).message });
        return [];
      }
    }),
  );
  return { volumes: lists.flat().sort(byNewest), failures };
}

/** One vzdump per node, each a task; nodes where it failed are reported beside the tasks. */
async function vzdumpOnNodes(
  session: ProfileSession,
  plan: {
    node: string;
    params: PveParams;
    label: string;
    guest?: { type: GuestType; vmid: number };
    taskId: string;
  }[],
): Promise<{ tasks: TaskInfo[]; failures: { node: string; message: string }[] }> {
  const tasks: TaskInfo[] = [];
  const failures: { node: string; message: string }[] = [];
  for (const p of plan) {
    try {
      tasks.push(
        await session.writes.start({
          guest: { node: p.node, type: p.guest?.type ?? 'qemu', vmid: p.guest?.vmid ?? 0 },
          ...(p.guest ? {} : { guestless: true }),
          taskId: p.taskId,
          types: ['vzdump'],
          label: p.label,
          send: async () => {
            const upid = await postVzdump(session.api, p.node, p.params);
            if (upid === undefined) throw new NothingOnNode(p.node);
            return upid;
          },
        }),
      );
    } catch (err) {
      if (err instanceof NothingOnNode && !p.guest) continue; // a job with no guest there
      failures.push({ node: p.node, message: (err as Error).message });
    }
  }
  if (tasks.length === 0 && failures.length > 0) {
    throw new DeckhandError({ kind: 'api', message: failures.map((f) => f.message).join('; ') });
  }
  return { tasks, failures };
}

export function backupHandlers(registry: ProfileRegistry): Pick<CallHandlers, BackupCalls> {
  return {
    'storage.list': async ({ profileId, node, content }) => {
      const s = registry.session(profileId);
      return storagesOf(s, node ? [node] : onlineNodes(s), content);
    },
    'storage.content': async ({ profileId, node, storage, content }) => {
      const s = registry.session(profileId);
      const list = await getContent(s.api, node, storage, content ? { content } : {});
      return list.sort(byNewest);
    },
    'backups.list': async ({ profileId, node, vmid }) =>
      guestBackups(registry.session(profileId), node, vmid),
    'backups.nextId': async ({ profileId }) => getNextId(registry.session(profileId).api),
    'backups.create': async (a) => {
      const s = registry.session(profileId(a));
      const byNode = new Map<string, { type: GuestType; vmid: number }[]>();
      for (const g of a.guests) {
        const list = byNode.get(g.node) ?? [];
        list.push({ type: g.type, vmid: g.vmid });
        byNode.set(g.node, list);
      }
      const common: PveParams = {
        storage: a.storage,
        mode: a.mode,
        ...(a.compress !== undefined ? { compress: a.compress } : {}),
        ...(a.notesTemplate ? { 'notes-template': a.notesTemplate } : {}),
        ...(a.protected ? { protected: true } : {}),
        // Keep what is there: pruning by the storage's retention is the jobs' business.
        remove: false,
      };
      const plan = [...byNode].map(([node, guests]) => {
        const one = guests.length === 1 ? guests[0]! : undefined;
        return {
          node,
          params: { ...common, vmid: guests.map((g) => g.vmid).join(',') },
          label: one
            ? `Back up ${noun(one.type, one.vmid, s)} to ${a.storage}`
            : `Back up ${guests.length} guests on ${node} to ${a.storage}`,
          guest: guests[0]!,
          taskId: one ? String(one.vmid) : '',
        };
      });
      return vzdumpOnNodes(s, plan);
    },
    'backups.restore': async (a) => {
      const s = registry.session(a.profileId);
      const archive = parseBackupVolid(a.volid);
      if (archive && archive.guestType !== a.type) {
        throw new DeckhandError({
          kind: 'validation',
          message: `${a.volid} is a ${archive.guestType === 'qemu' ? 'VM' : 'container'} backup`,
        });
      }
      const target = { node: a.node, type: a.type, vmid: a.vmid };
      const what = a.type === 'qemu' ? 'VM' : 'CT';
      return s.writes.start({
        guest: target,
        types: [a.type === 'qemu' ? 'qmrestore' : 'vzrestore'],
        label: a.force
          ? `Restore ${noun(a.type, a.vmid, s)} over itself from backup`
          : `Restore backup as ${what} ${a.vmid}`,
        send: () =>
          postRestore(s.api, target, a.volid, {
            ...(a.force ? { force: true } : {}),
            ...(a.storage ? { storage: a.storage } : {}),
            ...(a.start ? { start: true } : {}),
            ...(a.unique ? { unique: true } : {}),
          }),
      });
    },
    'backups.delete': async ({ profileId, node, volid }) => {
      const s = registry.session(profileId);
      const archive = parseBackupVolid(volid);
      if (!archive) {
        throw new DeckhandError({ kind: 'validation', message: `${volid} is not a backup volume` });
      }
      const storage = volid.split(':')[0] ?? '';
      return s.writes.start({
        guest: { node, type: archive.guestType, vmid: archive.vmid },
        taskId: `${archive.vmid}@${storage}`,
        types: ['imgdel'],
        label: `Delete backup of ${noun(archive.guestType, archive.vmid, s)} on ${storage}`,
        send: () => deleteVolume(s.api, node, volid),
      });
    },
    'backups.jobs': async ({ profileId }) => {
      const s = registry.session(profileId);
      const jobs = await getBackupJobs(s.api);
      const runs = await readRecentRuns(s.api, onlineNodes(s));
      return jobs.map((j) => ({ ...j, lastRun: resultsFor(j, runs) }));
    },
    'backups.runJob': async ({ profileId, id }) => {
      const s = registry.session(profileId);
      const raw = await getBackupJobRaw(s.api, id);
      const params = jobRunParams(raw);
      const jobNode = typeof raw.node === 'string' ? raw.node : undefined;
      const nodes = jobNode ? [jobNode] : onlineNodes(s);
      return vzdumpOnNodes(
        s,
        nodes.map((node) => ({
          node,
          params,
          label: `Run backup job ${id} on ${node}`,
          taskId: '',
        })),
      );
    },
  };
}

function profileId(a: { profileId: string }): string {
  return a.profileId;
}
