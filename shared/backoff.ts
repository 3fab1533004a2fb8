// Exponential backoff with full jitter (a random delay in [0, min(cap, base·2^attempt)]), so many
// clients recovering at once do not retry in lock-step. Used by core's retries and reconnects and
// by the renderer's reconnect to its host.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Exponential backoff with "equal" jitter: a random delay in [ceiling/2, ceiling], so a retry
 * never comes at once (the renderer's reconnect to its host, where an instant retry would only
 * fail again).
 */
export function equalJitterBackoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return ceiling / 2 + random() * (ceiling / 2);
}
