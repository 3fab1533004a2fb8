// Reads one guest's addresses from PVE (spec §9): a container's live interfaces when it runs, its
// netN otherwise; a VM's config (agent flag, cloud-init ipconfigN), then the agent's interfaces,
// OS and host name when the agent is configured and the VM runs. Also the nodes' addresses from
// /cluster/status. Agent calls are never retried: PVE's answer ("not running") will not change in
// a second, and each try costs the node a guest-ping timeout.

import { z } from 'zod';
import type {
  AgentState,
  GuestAddresses,
  GuestInterface,
  NodeAddress,
} from '../../../shared/addresses';
import type { GuestType } from '../../../shared/model';
import type { PveClient } from '../pve/client';
import {
  agentEnabled,
  agentFailure,
  parseAgentInterfaces,
  parseCloudInit,
  parseContainerInterfaces,
  parseContainerNets,
  parseHostName,
  parseOsInfo,
} from './parse';

const seg = encodeURIComponent;
const anything = z.unknown();
const configReply = z.record(z.string(), z.unknown());
const clusterStatusReply = z.array(
  z
    .object({ type: z.string(), name: z.string().optional(), ip: z.string().optional() })
    .passthrough(),
);

export interface GuestTarget {
  profileId: string;
  guestId: string;
  node: string;
  type: GuestType;
  vmid: number;
  /** as /cluster/resources reported it */
  status: string;
}

/** Which agent states a message is shown for; a stopped VM needs no explanation. */
const AGENT_MESSAGES: Partial<Record<AgentState, true>> = {
  'not-configured': true,
  'not-running': true,
  error: true,
};

export async function fetchGuestAddresses(
  client: PveClient,
  t: GuestTarget,
  now: () => number,
  signal?: AbortSignal,
): Promise<GuestAddresses> {
  const base = `/nodes/${seg(t.node)}/${t.type}/${t.vmid}`;
  const { data: config } = await client.get(`${base}/config`, configReply, undefined, signal);
  const out: GuestAddresses = {
    profileId: t.profileId,
    guestId: t.guestId,
    node: t.node,
    interfaces: [],
    fetchedAt: 0,
  };
  if (t.type === 'lxc') await readContainer(client, base, t, config, out, signal);
  else await readVm(client, base, t, config, out, signal);
  out.fetchedAt = now();
  return out;
}

async function readContainer(
  client: PveClient,
  base: string,
  t: GuestTarget,
  config: Record<string, unknown>,
  out: GuestAddresses,
  signal?: AbortSignal,
): Promise<void> {
  const hostname = typeof config.hostname === 'string' ? config.hostname : `CT${t.vmid}`;
  out.hostname = hostname;
  let live: GuestInterface[] | null = null;
  if (t.status === 'running') {
    try {
      const { data } = await client.get(`${base}/interfaces`, anything, undefined, signal);
      live = parseContainerInterfaces(data);
    } catch (err) {
      if (signal?.aborted) throw err;
      out.message = err instanceof Error ? err.message : String(err);
    }
  }
  out.interfaces = live ?? parseContainerNets(config);
}

async function readVm(
  client: PveClient,
  base: string,
  t: GuestTarget,
  config: Record<string, unknown>,
  out: GuestAddresses,
  signal?: AbortSignal,
): Promise<void> {
  const cloudInit = parseCloudInit(config);
  let agent: AgentState;
  if (!agentEnabled(config)) {
    agent = 'not-configured';
    // PVE's own words, as an agent call would have answered.
    out.message = 'No QEMU guest agent configured';
  } else if (t.status !== 'running') {
    agent = 'vm-stopped';
  } else {
    agent = await readAgent(client, base, out, signal);
  }
  out.agent = agent;
  if (!AGENT_MESSAGES[agent]) delete out.message;
  // Cloud-init's static addresses when the agent gives none: what the VM was told to use.
  if (out.interfaces.length === 0) out.interfaces = cloudInit;
}

async function readAgent(
  client: PveClient,
  base: string,
  out: GuestAddresses,
  signal?: AbortSignal,
): Promise<AgentState> {
  const get = (cmd: string) =>
    client.get(`${base}/agent/${cmd}`, anything, undefined, signal, { retries: 0 });
  try {
    out.interfaces = parseAgentInterfaces((await get('network-get-interfaces')).data);
  } catch (err) {
    if (signal?.aborted) throw err;
    const failure = agentFailure(err);
    out.message = failure.message;
    return failure.agent;
  }
  // One after the other, so a read is one request at a time (the index bounds reads). Older
  // agents lack get-osinfo ("The command guest-get-osinfo has not been found"): no OS then.
  const settle = async <T>(p: Promise<T>): Promise<T | undefined> => {
    try {
      return await p;
    } catch (err) {
      if (signal?.aborted) throw err;
      return undefined;
    }
  };
  const os = await settle(get('get-osinfo'));
  const host = await settle(get('get-host-name'));
  const osInfo = os ? parseOsInfo(os.data) : undefined;
  const hostname = host ? parseHostName(host.data) : undefined;
  if (osInfo) out.os = osInfo;
  if (hostname) out.hostname = hostname;
  return 'running';
}

/** The nodes' cluster addresses (one request; needs Sys.Audit on /). */
export async function fetchNodeAddresses(
  client: PveClient,
  signal?: AbortSignal,
): Promise<NodeAddress[]> {
  const { data } = await client.get('/cluster/status', clusterStatusReply, undefined, signal);
  return data
    .filter((e) => e.type === 'node' && e.name && e.ip)
    .map((e) => ({ node: e.name!, ip: e.ip! }));
}
