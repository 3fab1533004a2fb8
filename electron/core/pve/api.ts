// The PVE endpoints Deckhand uses, typed and normalised to shared/model. Paths per the spec and
// the API schema; every reply is validated by the client on arrival.

import { z } from 'zod';
import type { GuestType, PowerAction, Realm, TaskLogLine } from '../../../shared/model';
import type { PveClient } from './client';
import { malformedReply } from './errors';
import type { PveParams } from './form';
import { normalizeResources, type NormalizedResources } from './resources';
import {
  clusterStatusReply,
  clusterTaskItem,
  domainsReply,
  taskLogReply,
  taskStatusReply,
  upidReply,
  versionReply,
  type ClusterTaskItem,
} from './schemas';
import type { PveTransport } from './transport';

const seg = encodeURIComponent;

export async function getVersion(client: PveClient, signal?: AbortSignal): Promise<string> {
  return (await client.get('/version', versionReply, undefined, signal)).data.version;
}

/** One node's version (any user may ask; PVE forwards it to the node): proves it answers. */
export async function getNodeVersion(
  client: PveClient,
  node: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.get(`/nodes/${seg(node)}/version`, z.unknown(), undefined, signal);
}

export interface ClusterStatus {
  clusterName?: string;
  nodes: { name: string; online: boolean }[];
  /**
   * A node in no cluster: PVE (Cluster.pm) then lists only the local node, with no `cluster`
   * entry (no name, no quorum).
   */
  standalone: boolean;
}

export async function getClusterStatus(
  client: PveClient,
  signal?: AbortSignal,
): Promise<ClusterStatus> {
  const { data } = await client.get('/cluster/status', clusterStatusReply, undefined, signal);
  const cluster = data.find((e) => e.type === 'cluster');
  const nodes = data
    .filter((e) => e.type === 'node' && e.name)
    .map((e) => ({ name: e.name ?? '', online: e.online ?? false }));
  return {
    ...(cluster?.name ? { clusterName: cluster.name } : {}),
    nodes,
    standalone: cluster === undefined && nodes.length <= 1,
  };
}

export async function getResources(
  client: PveClient,
  signal?: AbortSignal,
): Promise<NormalizedResources> {
  const { data } = await client.get('/cluster/resources', z.array(z.unknown()), undefined, signal);
  return normalizeResources(data);
}

/** The realms for the login box; needs no login, so it goes straight through a transport. */
export async function getDomains(transport: PveTransport, signal?: AbortSignal): Promise<Realm[]> {
  const path = '/access/domains';
  const envelope = await transport.send({ method: 'GET', path, ...(signal ? { signal } : {}) });
  const parsed = domainsReply.safeParse(envelope.data);
  if (!parsed.success) {
    throw malformedReply(
      { method: 'GET', path, hostPort: transport.endpoint.hostPort },
      'no realm list',
    );
  }
  return parsed.data.map((d) => ({
    realm: d.realm,
    type: d.type,
    ...(d.comment ? { comment: d.comment } : {}),
    ...(d.default ? { default: true } : {}),
    ...(d.tfa ? { tfa: d.tfa } : {}),
  }));
}

/** Start a power action; resolves with the UPID of the task PVE started. */
export async function postPowerAction(
  client: PveClient,
  guest: { node: string; type: GuestType; vmid: number },
  action: PowerAction,
  params: PveParams,
  signal?: AbortSignal,
): Promise<string> {
  const path = `/nodes/${seg(guest.node)}/${guest.type}/${guest.vmid}/status/${action}`;
  return client.post(path, upidReply, params, signal);
}

export interface TaskStatus {
  running: boolean;
  exitstatus?: string;
}

export async function getTaskStatus(
  client: PveClient,
  node: string,
  upid: string,
  signal?: AbortSignal,
): Promise<TaskStatus> {
  const path = `/nodes/${seg(node)}/tasks/${seg(upid)}/status`;
  const { data } = await client.get(path, taskStatusReply, undefined, signal);
  return {
    running: data.status === 'running',
    ...(data.exitstatus !== undefined ? { exitstatus: data.exitstatus } : {}),
  };
}

export async function getTaskLog(
  client: PveClient,
  node: string,
  upid: string,
  window: { start?: number; limit?: number },
  signal?: AbortSignal,
): Promise<{ lines: TaskLogLine[]; total: number }> {
  const path = `/nodes/${seg(node)}/tasks/${seg(upid)}/log`;
  const { data, total } = await client.get(path, taskLogReply, window, signal);
  const lines = data.map((l) => ({ n: l.n, t: l.t }));
  return { lines, total: total ?? lines.length };
}

export async function getClusterTasks(
  client: PveClient,
  signal?: AbortSignal,
): Promise<ClusterTaskItem[]> {
  // Validate item by item: one odd entry must not hide the whole list.
  const { data } = await client.get('/cluster/tasks', z.array(z.unknown()), undefined, signal);
  const out: ClusterTaskItem[] = [];
  for (const raw of data) {
    const r = clusterTaskItem.safeParse(raw);
    if (r.success) out.push(r.data);
  }
  return out;
}
