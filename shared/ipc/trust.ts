// Trust and failover calls of a cluster profile: approving a node's new certificate (its pin is
// saved with the profile; the next connection checks it) and moving back to a preferred node.

export interface TrustCalls {
  /**
   * The user approved the certificate `node` presents now (its old pin and the new fingerprint
   * were shown): pin it for that node only and connect again.
   */
  'trust.approveNode': {
    args: { profileId: string; node: string; fingerprint: string };
    result: void;
  };
  /**
   * Speak to `node` (default: the profile's own server) again, e.g. after a failover; the
   * session refreshes through it at once.
   */
  'session.preferNode': { args: { profileId: string; node?: string }; result: void };
}

export const TRUST_CALL_NAMES = [
  'trust.approveNode',
  'session.preferNode',
] as const satisfies readonly (keyof TrustCalls)[];
