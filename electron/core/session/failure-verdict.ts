// What a failed refresh means (pure): the state the user sees and what the loop does next.
// Refusals that retrying would only repeat (credentials, certificates, a second factor) halt until
// the user acts; a session that was up tries again a few times as degraded; then it is offline and
// backs off.

import type { DeckhandError } from '../../../shared/errors';
import type { ConnectionStatus } from '../../../shared/model';
import type { StateChange } from './connection';
import type { FailureVerdict } from './refresh-loop';

/** Consecutive failed ticks after which a connected session counts as offline, not degraded. */
export const FAILURES_BEFORE_OFFLINE = 3;

export interface FailureOutcome {
  verdict: FailureVerdict;
  state: StateChange;
  /** Log in again and start from a snapshot on the next cycle. */
  relogin: boolean;
  /** The next refresh sends a full snapshot (the tree starts over). */
  snapshot: boolean;
}

export function judgeFailure(
  err: DeckhandError,
  failures: number,
  status: ConnectionStatus,
  /** The server whose certificate was refused, for the dialog that names the node. */
  serverUrl: string,
): FailureOutcome {
  if (err.kind === 'auth' || err.kind === 'tls' || err.kind === 'tfa') {
    // Retrying would only repeat the refusal (and lock accounts); wait for session.reconnect.
    return {
      verdict: 'halt',
      relogin: true,
      snapshot: true,
      state: {
        status: 'offline',
        reason: err.message,
        errorKind: err.kind,
        ...(err.fingerprint !== undefined ? { fingerprint: err.fingerprint } : {}),
        ...(err.expectedFingerprint !== undefined
          ? { expectedFingerprint: err.expectedFingerprint }
          : {}),
        ...(err.tfa !== undefined ? { tfa: err.tfa } : {}),
        ...(err.kind === 'tls' && err.node !== undefined
          ? { certificateNode: { name: err.node, url: serverUrl } }
          : {}),
      },
    };
  }
  const wasUp = status === 'online' || status === 'degraded';
  if (wasUp && failures < FAILURES_BEFORE_OFFLINE) {
    return {
      verdict: 'retry',
      relogin: false,
      snapshot: false,
      state: {
        status: 'degraded',
        reason: `Refresh failed, retrying: ${err.message}`,
        errorKind: err.kind,
      },
    };
  }
  return {
    verdict: 'back-off',
    relogin: false,
    snapshot: true,
    state: { status: 'offline', reason: err.message, errorKind: err.kind },
  };
}
