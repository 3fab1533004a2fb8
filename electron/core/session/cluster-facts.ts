// What a session learns when it logs in: who it is, the PVE version, the cluster's name and
// whether the server is a standalone node. The cluster name comes with the ticket where PVE gives
// it; otherwise from /cluster/status, which users without Sys.Audit on / cannot read (the name is
// a nicety then, not a failure).

import { DeckhandError } from '../../../shared/errors';
import { getClusterStatus, getVersion } from '../pve/api';
import type { PveClient } from '../pve/client';

export interface ClusterFacts {
  identity: string;
  version: string;
  clusterName?: string;
  standalone?: boolean;
}

/** Log in and learn the facts; `afterVersion` runs between the version and the cluster status. */
export async function loginAndLearn(
  client: PveClient,
  signal: AbortSignal,
  afterVersion: () => Promise<void>,
): Promise<ClusterFacts> {
  const login = await client.login(signal);
  const version = await getVersion(client, signal);
  await afterVersion();
  let clusterName = login.clusterName;
  let standalone = false;
  try {
    if (clusterName === undefined) {
      const status = await getClusterStatus(client, signal);
      clusterName = status.clusterName;
      standalone = status.standalone;
    }
  } catch (err) {
    if (!(err instanceof DeckhandError && err.kind === 'permission')) throw err;
  }
  return {
    identity: login.identity,
    version,
    ...(clusterName ? { clusterName } : {}),
    ...(standalone ? { standalone } : {}),
  };
}
