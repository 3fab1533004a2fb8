// The window's bulk job as the renderer sees it: asking (a destructive action waits for the user's
// yes, with the guests listed), running (the job's newest state from core: result or 'bulk'
// events, the higher `rev` wins) and whether its progress view is shown.

import { useSyncExternalStore } from 'react';
import {
  isDestructiveBulk,
  type BulkAction,
  type BulkJob,
  type BulkSpec,
} from '../../../../shared/bulk';
import type { DeckhandApi } from '../../../../shared/ipc';
import type { GuestRef, TaskInfo } from '../../../../shared/model';
import { describeError } from '../../ui/describeError';

export interface BulkTarget {
  ref: GuestRef;
  /** "web01 (CT 101)", shown in the confirmation and the progress rows */
  name: string;
}

export type BulkAskKind = 'snapshot' | 'backup' | 'migrate';

export interface BulkUi {
  confirm: { action: BulkAction; targets: BulkTarget[] } | null;
  /** The snapshot, backup or migrate dialog for many, before its job runs */
  ask: { kind: BulkAskKind; targets: BulkTarget[] } | null;
  job: BulkJob | null;
  /** names by item key, of the job's guests */
  names: Readonly<Record<string, string>>;
  shown: boolean;
  error: string | null;
}

const INITIAL: BulkUi = {
  confirm: null,
  ask: null,
  job: null,
  names: {},
  shown: false,
  error: null,
};

class BulkStore {
  private state: BulkUi = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly early = new Map<string, BulkJob>();

  get = (): BulkUi => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private set(next: Partial<BulkUi>): void {
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l();
  }

  /** Which actions ask first: Stop always; BulkView adds the production profiles' rule. */
  private asks: (action: BulkAction, targets: readonly BulkTarget[]) => boolean = (action) =>
    isDestructiveBulk(action);

  setAskPolicy(
    asks: ((action: BulkAction, targets: readonly BulkTarget[]) => boolean) | undefined,
  ): void {
    this.asks = asks ?? ((action) => isDestructiveBulk(action));
  }

  /** Ask first where the policy says so (Stop, and more on production profiles); run the others at once. */
  request(api: DeckhandApi, action: BulkAction, targets: BulkTarget[]): void {
    if (targets.length === 0) return;
    if (this.asks(action, targets)) this.set({ confirm: { action, targets } });
    else void this.run(api, action, targets);
  }

  /** Open the snapshot, backup or migrate dialog for these guests. */
  askFor(kind: BulkAskKind, targets: BulkTarget[]): void {
    if (targets.length > 0) this.set({ ask: { kind, targets } });
  }

  dismissAsk(): void {
    this.set({ ask: null });
  }

  dismissConfirm(): void {
    this.set({ confirm: null });
  }

  async run(api: DeckhandApi, what: BulkAction | BulkSpec, targets: BulkTarget[]): Promise<void> {
    const spec: BulkSpec = typeof what === 'string' ? { action: what } : what;
    const names: Record<string, string> = {};
    for (const t of targets) {
      names[`${t.ref.profileId}/${t.ref.type}/${String(t.ref.vmid)}`] = t.name;
    }
    this.early.clear();
    this.set({ confirm: null, ask: null, job: null, names, shown: true, error: null });
    try {
      const job = await api.invoke('bulk.run', { items: targets.map((t) => t.ref), ...spec });
      this.accept(this.newest(job, this.early.get(job.jobId)));
    } catch (err) {
      this.set({ error: describeError(err) });
    } finally {
      this.early.clear();
    }
  }

  /** A 'bulk' event: the job's state (events may come before the run's result). */
  event(job: BulkJob): void {
    const current = this.state.job;
    if (!current) {
      if (this.state.shown) this.early.set(job.jobId, this.newest(job, this.early.get(job.jobId)));
      return;
    }
    if (current.jobId === job.jobId) this.accept(this.newest(job, current));
  }

  async cancel(api: DeckhandApi): Promise<void> {
    const job = this.state.job;
    if (!job) return;
    await this.call(() => api.invoke('bulk.cancel', { jobId: job.jobId }));
  }

  async retry(api: DeckhandApi): Promise<void> {
    const job = this.state.job;
    if (!job) return;
    await this.call(() => api.invoke('bulk.retry', { jobId: job.jobId }));
  }

  /** An own task of a guest in this window's bulk job: its row shows the end, not a toast. */
  quiet = (task: TaskInfo): boolean => {
    const job = this.state.job;
    // A cluster bulk task is every row's task.
    const mine = (upid: string | undefined) =>
      upid !== undefined && (upid === task.upid || upid === task.replaces);
    if (job?.items.some((i) => i.ref.profileId === task.profileId && mine(i.upid))) return true;
    if (task.guestId === undefined) {
      return /^bulk/.test(task.type) && (job ? !job.done : this.state.shown);
    }
    const key = `${task.profileId}/${task.guestId}`;
    if (!job) return this.state.names[key] !== undefined && this.state.shown;
    const item = job.items.find((i) => i.key === key);
    if (!item) return false;
    return (
      item.state === 'running' ||
      item.state === 'queued' ||
      item.upid === task.upid ||
      (task.replaces !== undefined && item.upid === task.replaces)
    );
  };

  show(shown: boolean): void {
    this.set({ shown });
  }

  private async call(fn: () => Promise<BulkJob>): Promise<void> {
    try {
      const job = await fn();
      const current = this.state.job;
      this.accept(current?.jobId === job.jobId ? this.newest(job, current) : job);
    } catch (err) {
      this.set({ error: describeError(err) });
    }
  }

  private accept(job: BulkJob): void {
    if (job !== this.state.job) this.set({ job, error: null });
  }

  private newest(a: BulkJob, b: BulkJob | undefined): BulkJob {
    return b && b.rev > a.rev ? b : a;
  }
}

/** The window's one bulk job. */
export const bulk = new BulkStore();

export function useBulk(): BulkUi {
  return useSyncExternalStore(bulk.subscribe, bulk.get);
}
