// Trust and failover calls: a cluster node's new certificate approved, a preferred node chosen.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileRegistry } from '../registry';

type TrustCallNames = 'trust.approveNode' | 'session.preferNode';

export function trustHandlers(registry: ProfileRegistry): Pick<CallHandlers, TrustCallNames> {
  return {
    'trust.approveNode': async ({ profileId, node, fingerprint }) => {
      await registry.session(profileId).approveNode(node, fingerprint);
    },
    'session.preferNode': async ({ profileId, node }) => {
      await registry.session(profileId).preferNode(node);
    },
  };
}
