// A migrated guest's row stays running after its task ends until the guest shows on the target
// node in its profile's resources (an HA guest's `hamigrate` task ends when the request is queued;
// the CRM moves it later). Gives up after a while, saying so, rather than wait forever.

import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { GuestRef } from '../../../shared/model';

/** How long a guest may take to show on its target after its task ended. */
export const ARRIVAL_WAIT_MS = 5 * 60_000;

export interface ArrivalDeps {
  /** The node the guest shows on in its profile's resources now; undefined when not seen. */
  nodeOf(ref: GuestRef): string | undefined;
  /** A profile's resources changed. */
  onResources(listener: (profileId: string) => void): Disposable;
  scheduler?: Scheduler;
}

interface Waiting {
  ref: GuestRef;
  target: string;
  done(ok: boolean, message?: string): void;
  timer?: Disposable;
}

export class Arrivals implements Disposable {
  private readonly store = new DisposableStore('bulk arrivals');
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly deps: ArrivalDeps) {
    this.store.add(deps.onResources((profileId) => this.check(profileId)));
  }

  /** Call `done(true)` once `ref` shows on `target`; false (and no call) when it already does. */
  watch(key: string, ref: GuestRef, target: string, done: Waiting['done']): boolean {
    this.forget(key);
    if (this.deps.nodeOf(ref) === target) return false;
    const w: Waiting = { ref, target, done };
    if (this.deps.scheduler) {
      w.timer = this.deps.scheduler.setTimeout(() => {
        if (this.waiting.get(key) !== w) return;
        this.waiting.delete(key);
        done(
          false,
          `The migration task ended, but the guest has not shown on ${target} since (${String(
            ARRIVAL_WAIT_MS / 60_000,
          )} min)`,
        );
      }, ARRIVAL_WAIT_MS);
    }
    this.waiting.set(key, w);
    return true;
  }

  private forget(key: string): void {
    const w = this.waiting.get(key);
    if (!w) return;
    void w.timer?.dispose();
    this.waiting.delete(key);
  }

  private check(profileId: string): void {
    for (const [key, w] of [...this.waiting]) {
      if (w.ref.profileId !== profileId || this.deps.nodeOf(w.ref) !== w.target) continue;
      this.forget(key);
      w.done(true);
    }
  }

  dispose(): Promise<void> {
    for (const w of this.waiting.values()) void w.timer?.dispose();
    this.waiting.clear();
    return this.store.dispose();
  }
}
