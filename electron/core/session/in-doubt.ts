// A power action whose request may have reached PVE but whose reply was lost, late or malformed:
// which task of the cluster's task list is ours (same type, guest, node and user, started no
// earlier than a little before the POST), and a bounded search for it. The request is never sent
// again: what happened is read from the server's state.

import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { GuestResource, GuestType, PowerAction, TaskInfo } from '../../../shared/model';
import type { ClusterTaskItem } from '../pve/schemas';

/** How far the server's clock may lag ours (s): its task may seem to start before our POST. */
export const CLOCK_SKEW_S = 120;

/** What the task of an in-doubt request looks like. */
export interface InDoubtWant {
  /** PVE task types the action runs as (`qmreboot`; a VM's suspend is `qmpause` or `qmsuspend`) */
  types: readonly string[];
  /** The vmid, as the task list spells it */
  id: string;
  node: string;
  /** `user@realm`, or the token id `user@realm!name` */
  user: string;
  /** When the POST was sent, our clock (epoch s) */
  sentAt: number;
  /** Tasks known before the POST (own ones and the cluster's last list): never ours. */
  exclude: ReadonlySet<string>;
}

/** The task types a power action of a guest runs as (pve-manager's fork_worker names). */
export function taskTypesFor(type: GuestType, action: PowerAction): string[] {
  if (type === 'qemu') return action === 'suspend' ? ['qmpause', 'qmsuspend'] : [`qm${action}`];
  return [`vz${action}`];
}

/** The user a task list entry ran as, spelled as our identity is. */
function taskUser(t: ClusterTaskItem): string {
  return t.tokenid ? `${t.user}!${t.tokenid}` : t.user;
}

/** Our task in a task list: the first matching one started after the POST (less the skew). */
export function matchInDoubtTask(
  tasks: readonly ClusterTaskItem[],
  want: InDoubtWant,
): ClusterTaskItem | undefined {
  const notBefore = want.sentAt - CLOCK_SKEW_S;
  const candidates = tasks.filter(
    (t) =>
      want.types.includes(t.type) &&
      (t.id ?? '') === want.id &&
      t.node === want.node &&
      taskUser(t) === want.user &&
      t.starttime >= notBefore &&
      !want.exclude.has(t.upid),
  );
  candidates.sort((a, b) => a.starttime - b.starttime);
  return candidates[0];
}

/** Whether the guest's state moved as the action would move it (it may have run unseen). */
export function guestChanged(
  before: GuestResource | undefined,
  after: GuestResource | undefined,
  action: PowerAction,
): boolean {
  if (!before || !after) return false;
  if (before.status !== after.status) return true;
  if (action === 'reboot' || action === 'reset') {
    return (after.uptime ?? 0) < (before.uptime ?? 0);
  }
  return false;
}

export interface SearchTimings {
  /** The first look, once the task list had time to show it (ms). Default 1000. */
  firstLookMs: number;
  /** Pause between later looks (ms). Default 3000. */
  pollMs: number;
  /** Give up after this long (ms). Default 30000. */
  windowMs: number;
}

export const DEFAULT_SEARCH_TIMINGS: SearchTimings = {
  firstLookMs: 1_000,
  pollMs: 3_000,
  windowMs: 30_000,
};

export interface SearchResult {
  found?: ClusterTaskItem;
  /** At least one look at the task list succeeded (a miss then means something). */
  looked: boolean;
  /** The last failure to read the task list, when none succeeded. */
  lastError?: unknown;
}

/**
 * The placeholder's end when the search found no task: 'did-not-run' (a plain failure, safe to
 * retry) if the list was read and the guest is unchanged; else still in doubt, ended.
 */
export function notFound(
  placeholder: TaskInfo,
  result: SearchResult,
  guestMoved: boolean,
  cause: DeckhandError,
  endtime: number,
): TaskInfo {
  const ended = { ...placeholder, status: 'stopped' as const, endtime };
  if (result.looked && !guestMoved) {
    return {
      ...ended,
      outcome: 'did-not-run',
      ok: false,
      exitstatus: `Did not run: no task of it appeared in the task list and the guest is unchanged (${cause.message})`,
    };
  }
  const why = result.looked
    ? 'no task of it appeared in the task list, but the guest’s state changed'
    : `the task list could not be read (${errorText(result.lastError)})`;
  return { ...ended, exitstatus: `Unknown whether it ran: ${why}` };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One bounded search for an in-doubt request's task. Disposing it stops the search. */
export class InDoubtSearch implements Disposable {
  private readonly store = new DisposableStore('InDoubtSearch');
  private readonly abort = new AbortController();
  readonly done: Promise<SearchResult>;

  constructor(opts: {
    want: InDoubtWant;
    /** Read the cluster's task list. */
    list(signal: AbortSignal): Promise<ClusterTaskItem[]>;
    scheduler: Scheduler;
    timings: SearchTimings;
  }) {
    this.store.defer(() =>
      this.abort.abort(new DeckhandError({ kind: 'internal', message: 'Session closed' })),
    );
    this.done = this.run(opts);
    const settled = (): void => void this.store.dispose();
    this.done.then(settled, settled);
  }

  private async run(opts: {
    want: InDoubtWant;
    list(signal: AbortSignal): Promise<ClusterTaskItem[]>;
    scheduler: Scheduler;
    timings: SearchTimings;
  }): Promise<SearchResult> {
    const { scheduler, timings } = opts;
    const signal = this.abort.signal;
    const started = scheduler.now();
    let looked = false;
    let lastError: unknown;
    let pause = timings.firstLookMs;
    for (;;) {
      await scheduler.delay(pause, { label: 'in-doubt task search', signal });
      try {
        const found = matchInDoubtTask(await opts.list(signal), opts.want);
        looked = true;
        if (found) return { found, looked };
      } catch (err) {
        if (signal.aborted) throw err;
        lastError = err;
      }
      if (scheduler.now() - started >= timings.windowMs) {
        return looked ? { looked } : { looked, lastError };
      }
      pause = Math.min(timings.pollMs, Math.max(0, timings.windowMs - (scheduler.now() - started)));
    }
  }

  async dispose(): Promise<void> {
    await this.store.dispose();
    await this.done.catch(() => undefined);
  }
}
