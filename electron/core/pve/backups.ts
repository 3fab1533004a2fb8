// The storage and backup endpoints (spec §8), typed and normalised to shared/backups: storages
// and content as real servers send them (numbers as strings, 0/1 booleans, absent keys, PBS
// verification objects), and the writes, which answer with a task id. vzdump answers 'OK' instead
// when none of the guests is on the node; a volume delete may answer null (finished in `delay`).

import { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import {
  parseBackupVolid,
  type BackupJob,
  type StorageInfo,
  type StorageVolume,
} from '../../../shared/backups';
import type { GuestType } from '../../../shared/model';
import type { PveClient } from './client';
import { RequestInDoubt } from './errors';
import type { PveParams } from './form';
import { loose, upidReply } from './schemas';

const seg = encodeURIComponent;

const num = loose(
  z.union([
    z.number().finite(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ]),
);
const bool = loose(
  z
    .union([z.boolean(), z.number(), z.string()])
    .transform((v) => v === true || v === 1 || v === '1'),
);
const str = loose(z.union([z.string(), z.number().transform(String)]));
const list = z.array(z.unknown());

const storageItem = z.object({
  storage: z.string().min(1),
  type: str,
  content: str,
  active: bool,
  enabled: bool,
  shared: bool,
  total: num,
  used: num,
  avail: num,
});

const contentItem = z.object({
  volid: z.string().min(1),
  content: str,
  format: str,
  size: num,
  ctime: num,
  vmid: num,
  notes: str,
  protected: bool,
  verification: loose(z.object({ state: str, upid: str })),
  encrypted: str,
});

const jobItem = z.object({
  id: z.string().min(1),
  enabled: bool,
  schedule: str,
  starttime: str,
  dow: str,
  'next-run': num,
  storage: str,
  mode: str,
  compress: str,
  all: bool,
  vmid: str,
  exclude: str,
  pool: str,
  node: str,
  comment: str,
  'notes-template': str,
});

function ids(text: string | undefined): number[] {
  return (text ?? '')
    .split(/[,;\s]+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/** GET /nodes/{node}/storage[?content=]: malformed items are skipped. */
export async function getStorages(
  client: PveClient,
  node: string,
  content?: string,
  signal?: AbortSignal,
): Promise<StorageInfo[]> {
  const params = content ? { content } : undefined;
  const { data } = await client.get(`/nodes/${seg(node)}/storage`, list, params, signal);
  const out: StorageInfo[] = [];
  for (const raw of data) {
    const r = storageItem.safeParse(raw);
    if (!r.success) continue;
    const s = r.data;
    // Absent `active`/`enabled` mean yes on older servers (only the negative was sent).
    const e: StorageInfo = {
      storage: s.storage,
      type: s.type ?? 'unknown',
      content: (s.content ?? '').split(',').filter(Boolean),
      shared: s.shared ?? false,
      active: s.active ?? true,
      enabled: s.enabled ?? true,
      nodes: [node],
    };
    if (s.total !== undefined) e.total = s.total;
    if (s.used !== undefined) e.used = s.used;
    if (s.avail !== undefined) e.avail = s.avail;
    out.push(e);
  }
  return out;
}

/** GET /nodes/{node}/storage/{storage}/content[?content=&vmid=]. */
export async function getContent(
  client: PveClient,
  node: string,
  storage: string,
  filter: { content?: string; vmid?: number } = {},
  signal?: AbortSignal,
): Promise<StorageVolume[]> {
  const path = `/nodes/${seg(node)}/storage/${seg(storage)}/content`;
  const params: PveParams = {
    ...(filter.content ? { content: filter.content } : {}),
    ...(filter.vmid !== undefined ? { vmid: filter.vmid } : {}),
  };
  const { data } = await client.get(path, list, params, signal);
  const out: StorageVolume[] = [];
  for (const raw of data) {
    const r = contentItem.safeParse(raw);
    if (!r.success) continue;
    const v = r.data;
    const content = v.content ?? (v.volid.includes(':backup/') ? 'backup' : 'unknown');
    const archive = content === 'backup' ? parseBackupVolid(v.volid) : undefined;
    const e: StorageVolume = {
      volid: v.volid,
      storage,
      node,
      content,
      format: v.format ?? '',
      protected: v.protected ?? false,
      encrypted: v.encrypted !== undefined && v.encrypted !== '' && v.encrypted !== '0',
    };
    if (v.size !== undefined) e.size = v.size;
    const ctime = v.ctime ?? archive?.time;
    if (ctime !== undefined) e.ctime = ctime;
    const vmid = v.vmid ?? archive?.vmid;
    if (vmid !== undefined) e.vmid = vmid;
    if (v.notes !== undefined && v.notes !== '') e.notes = v.notes;
    if (v.verification?.state) e.verification = v.verification.state;
    if (archive) e.archive = archive;
    out.push(e);
  }
  return out;
}

/** GET /cluster/nextid: PVE sends the id as a string. */
export async function getNextId(client: PveClient, signal?: AbortSignal): Promise<number> {
  const { data } = await client.get('/cluster/nextid', z.unknown(), undefined, signal);
  const n = typeof data === 'number' ? data : typeof data === 'string' ? Number(data) : NaN;
  if (!Number.isInteger(n) || n < 100) {
    throw new DeckhandError({ kind: 'protocol', message: 'No free VM id in the reply' });
  }
  return n;
}

/** GET /cluster/backup: the jobs (older ones with starttime/dow instead of a schedule). */
export async function getBackupJobs(
  client: PveClient,
  signal?: AbortSignal,
): Promise<Omit<BackupJob, 'lastRun'>[]> {
  const { data } = await client.get('/cluster/backup', list, undefined, signal);
  const out: Omit<BackupJob, 'lastRun'>[] = [];
  for (const raw of data) {
    const r = jobItem.safeParse(raw);
    if (!r.success) continue;
    const j = r.data;
    const schedule =
      j.schedule ?? (j.starttime ? `${j.dow ? `${j.dow} ` : ''}${j.starttime}` : undefined);
    const e: Omit<BackupJob, 'lastRun'> = {
      id: j.id,
      enabled: j.enabled ?? true,
      all: j.all ?? false,
      vmids: ids(j.vmid),
      exclude: ids(j.exclude),
    };
    if (schedule) e.schedule = schedule;
    if (j['next-run'] !== undefined) e.nextRun = j['next-run'];
    if (j.storage) e.storage = j.storage;
    if (j.mode) e.mode = j.mode;
    if (j.compress) e.compress = j.compress;
    if (j.pool) e.pool = j.pool;
    if (j.node) e.node = j.node;
    if (j.comment) e.comment = j.comment;
    if (j['notes-template']) e.notesTemplate = j['notes-template'];
    out.push(e);
  }
  return out;
}

/** The job's settings as GET /cluster/backup lists them, for "run now". */
export async function getBackupJobRaw(
  client: PveClient,
  id: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const { data } = await client.get('/cluster/backup', list, undefined, signal);
  const job = data.find(
    (j): j is Record<string, unknown> =>
      typeof j === 'object' && j !== null && (j as { id?: unknown }).id === id,
  );
  if (!job) throw new DeckhandError({ kind: 'not-found', message: `No backup job ${id}` });
  return job;
}

/** The job settings vzdump takes (the UI's run_backup drops the job-only keys). */
export function jobRunParams(job: Record<string, unknown>): PveParams {
  const drop = new Set([
    'id',
    'type',
    'schedule',
    'starttime',
    'dow',
    'enabled',
    'comment',
    'next-run',
    'repeat-missed',
    'node',
    'digest',
  ]);
  const out: PveParams = {};
  for (const [k, v] of Object.entries(job)) {
    if (drop.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** POST /nodes/{node}/vzdump: the task id, or undefined when vzdump answered 'OK' (no guest here). */
export async function postVzdump(
  client: PveClient,
  node: string,
  params: PveParams,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const reply = await client.post(`/nodes/${seg(node)}/vzdump`, z.string(), params, signal);
  if (reply === 'OK') return undefined;
  if (!reply.startsWith('UPID:')) {
    throw new RequestInDoubt(
      new DeckhandError({ kind: 'protocol', message: `Not a task id: ${reply}` }),
    );
  }
  return reply;
}

/** POST /nodes/{node}/qemu (archive) or /nodes/{node}/lxc (ostemplate + restore=1). */
export async function postRestore(
  client: PveClient,
  target: { node: string; type: GuestType; vmid: number },
  volid: string,
  opts: { force?: boolean; storage?: string; start?: boolean; unique?: boolean },
  signal?: AbortSignal,
): Promise<string> {
  const params: PveParams = {
    vmid: target.vmid,
    ...(target.type === 'qemu' ? { archive: volid } : { ostemplate: volid, restore: true }),
    ...(opts.force ? { force: true } : {}),
    ...(opts.storage ? { storage: opts.storage } : {}),
    ...(opts.start ? { start: true } : {}),
    ...(opts.unique ? { unique: true } : {}),
  };
  return client.post(`/nodes/${seg(target.node)}/${target.type}`, upidReply, params, signal);
}

/** DELETE …/storage/{storage}/content/{volume}: the imgdel task id. */
export async function deleteVolume(
  client: PveClient,
  node: string,
  volid: string,
  signal?: AbortSignal,
): Promise<string> {
  const storage = volid.split(':')[0] ?? '';
  const path = `/nodes/${seg(node)}/storage/${seg(storage)}/content/${seg(volid)}`;
  const envelope = await client.request('DELETE', path, undefined, signal);
  const r = upidReply.safeParse(envelope.data);
  if (!r.success) {
    // null (done within `delay`) is not sent without `delay`; anything else leaves it in doubt.
    throw new RequestInDoubt(
      new DeckhandError({ kind: 'protocol', message: 'The delete answered no task id' }),
    );
  }
  return r.data;
}

export interface VzdumpTask {
  upid: string;
  node: string;
  starttime: number;
  endtime?: number;
  /** exit status when ended */
  status?: string;
  id: string;
}

const nodeTaskItem = z.object({
  upid: z.string().startsWith('UPID:'),
  node: z.string(),
  starttime: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
  endtime: num,
  status: str,
  id: str,
});

/** GET /nodes/{node}/tasks?typefilter=vzdump: the node's recent backup tasks, newest first. */
export async function getVzdumpTasks(
  client: PveClient,
  node: string,
  limit: number,
  signal?: AbortSignal,
): Promise<VzdumpTask[]> {
  const path = `/nodes/${seg(node)}/tasks`;
  const { data } = await client.get(path, list, { typefilter: 'vzdump', limit }, signal);
  const out: VzdumpTask[] = [];
  for (const raw of data) {
    const r = nodeTaskItem.safeParse(raw);
    if (!r.success) continue;
    const t = r.data;
    out.push({
      upid: t.upid,
      node: t.node,
      starttime: t.starttime,
      id: t.id ?? '',
      ...(t.endtime !== undefined ? { endtime: t.endtime } : {}),
      ...(t.status !== undefined ? { status: t.status } : {}),
    });
  }
  return out;
}
