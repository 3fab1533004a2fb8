// Condition waits for scripts that run outside vitest (the benches under tsx), where `vi.waitFor`
// cannot run: the same shape, polling on a Scheduler. Tests use `vi.waitFor`.

import { systemScheduler, type Scheduler } from '../../shared/lifecycle';

export interface WaitOptions {
  /** Give up after this long (ms). Default 10 000. */
  timeout?: number;
  /** Check this often (ms). Default 50. */
  interval?: number;
  scheduler?: Scheduler;
}

/**
 * Resolves with `probe`'s first result that is neither undefined nor false; rejects with `what`
 * once `timeout` passed. Only a condition is waited for, never a fixed time.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const { timeout = 10_000, interval = 50, scheduler = systemScheduler } = options;
  const deadline = scheduler.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (scheduler.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await scheduler.delay(interval, { label: `wait: ${what}` });
  }
}
