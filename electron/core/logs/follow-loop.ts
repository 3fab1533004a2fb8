// The polling loop every PVE log source shares: run a step, pause, run again; after a failure
// say 'reconnecting' with the reason and retry with growing pauses (the source keeps its place,
// e.g. a journal cursor, so nothing is lost or repeated); refusals that polling will not heal
// (permission, validation, not found, certificate) end it as 'failed'.

import { backoffDelay } from '../../../shared/backoff';
import { DeckhandError } from '../../../shared/errors';
import type { Scheduler } from '../../../shared/lifecycle';
import { asDeckhandError } from '../session/as-error';
import type { LogSourceSink } from './source';

export interface FollowLoopOptions {
  sink: LogSourceSink;
  scheduler: Scheduler;
  signal: AbortSignal;
  /** Pause between steps (ms). */
  pollMs: number;
  /** One poll; resolves 'done' when nothing more will come (a fixed range, a finished task). */
  step(signal: AbortSignal): Promise<'more' | 'done'>;
  /** The source's name in the 'reconnecting' message. */
  what: string;
}

const FATAL = new Set(['permission', 'validation', 'not-found', 'tls']);

export function isFatal(err: DeckhandError): boolean {
  return FATAL.has(err.kind) || (err.kind === 'api' && [400, 501].includes(err.status ?? 0));
}

export async function runFollowLoop(opts: FollowLoopOptions): Promise<void> {
  const { sink, signal } = opts;
  let failures = 0;
  const pause = (ms: number): Promise<void> =>
    opts.scheduler.delay(ms, { label: `${opts.what} poll`, signal, unref: true });
  for (;;) {
    if (signal.aborted) return;
    try {
      const result = await opts.step(signal);
      if (signal.aborted) return;
      failures = 0;
      if (result === 'done') {
        sink.status('complete');
        return;
      }
      sink.status('following');
      await pause(opts.pollMs);
    } catch (err) {
      if (signal.aborted) return;
      const e = asDeckhandError(err);
      if (isFatal(e)) {
        sink.status('failed', e.message);
        return;
      }
      failures++;
      sink.status('reconnecting', `${e.message} — retrying`);
      try {
        await pause(opts.pollMs + backoffDelay(failures, { baseMs: opts.pollMs, capMs: 15_000 }));
      } catch {
        return;
      }
    }
  }
}

export function cancelled(): DeckhandError {
  return new DeckhandError({ kind: 'internal', message: 'Log stream closed' });
}
