// What the cluster says about its nodes, read over a connection already trusted: their names,
// addresses and online state (`/cluster/status`) and their certificates' fingerprints (`/nodes`
// `ssl_fingerprint`). Permission to read either is not a given: what is refused is left out.

import { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import type { PveClient } from '../pve/client';
import { normalizeFingerprint } from '../pve/tls';

export interface ClusterNode {
  name: string;
  /** the address the cluster knows it by (corosync's ring 0) */
  ip?: string;
  online: boolean;
  /** the node that answered this read */
  local: boolean;
  /** SHA-256 of its certificate as the cluster reports it, colon hex upper case */
  fingerprint?: string;
}

// PVE sends flags as 0/1 and, through some proxies, as strings.
const flag = z
  .union([z.number(), z.string(), z.boolean()])
  .optional()
  .transform((v) => v === true || Number(v) === 1);

const statusReply = z.array(
  z.object({
    type: z.string(),
    name: z.string().optional(),
    ip: z.string().optional(),
    online: flag,
    local: flag,
  }),
);

const nodesReply = z.array(z.object({ node: z.string(), ssl_fingerprint: z.string().optional() }));

function refused(err: unknown): boolean {
  return err instanceof DeckhandError && (err.kind === 'permission' || err.kind === 'api');
}

/** The cluster's nodes; a standalone node is a cluster of one. */
export async function readClusterNodes(
  client: PveClient,
  signal?: AbortSignal,
): Promise<ClusterNode[]> {
  let status: z.output<typeof statusReply> = [];
  try {
    status = (await client.get('/cluster/status', statusReply, undefined, signal)).data;
  } catch (err) {
    if (!refused(err)) throw err;
  }
  let fingerprints = new Map<string, string>();
  try {
    const { data } = await client.get('/nodes', nodesReply, undefined, signal);
    fingerprints = new Map(
      data
        .filter((n) => n.ssl_fingerprint)
        .map((n) => [n.node, normalizeFingerprint(n.ssl_fingerprint ?? '')]),
    );
  } catch (err) {
    if (!refused(err)) throw err;
  }
  const out: ClusterNode[] = [];
  for (const e of status) {
    if (e.type !== 'node' || !e.name) continue;
    const fp = fingerprints.get(e.name);
    out.push({
      name: e.name,
      ...(e.ip ? { ip: e.ip } : {}),
      online: e.online,
      local: e.local,
      ...(fp ? { fingerprint: fp } : {}),
    });
  }
  // Without /cluster/status, /nodes alone still vouches for the fingerprints.
  if (out.length === 0) {
    for (const [name, fp] of fingerprints)
      out.push({ name, online: true, local: false, fingerprint: fp });
  }
  return out;
}
