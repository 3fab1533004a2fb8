// Argument checks of the trust and failover calls (shared/ipc/trust.ts).

import { z } from 'zod';
import { nodeNameArg as node, profileId } from './blocks';
/** SHA-256, colon hex (PVE's form) or bare hex. */
const fingerprint = z
  .string()
  .regex(
    /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/,
    'expected a SHA-256 fingerprint',
  );

export const TRUST_CALL_ARGS = {
  'trust.approveNode': z.object({ profileId, node, fingerprint }).strict(),
  'session.preferNode': z.object({ profileId, node: node.optional() }).strict(),
};
