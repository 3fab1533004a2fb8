// Which resources' live metrics this window shows: every mounted view that shows some (a guest's
// detail) holds them here; the window's whole set per profile goes to core in one
// `resources.watchMetrics` call when it changes, and again after the backend link came back
// (a new link is a new window to core, with no watches).

import type { DeckhandApi } from '../../../shared/ipc';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';

export class MetricsWatch {
  /** profileId → resource id → how many views hold it */
  private readonly held = new Map<string, Map<string, number>>();
  private readonly dirty = new Set<string>();
  private flushing = false;

  constructor(private readonly api: DeckhandApi) {}

  /** Watch these resources of a profile until the returned Disposable is disposed. */
  hold(profileId: string, ids: readonly string[]): Disposable {
    let counts = this.held.get(profileId);
    if (!counts) this.held.set(profileId, (counts = new Map()));
    for (const id of ids) {
      const n = counts.get(id) ?? 0;
      counts.set(id, n + 1);
      if (n === 0) this.changed(profileId);
    }
    return toDisposable(() => {
      const c = this.held.get(profileId);
      if (!c) return;
      for (const id of ids) {
        const n = (c.get(id) ?? 0) - 1;
        if (n > 0) c.set(id, n);
        else {
          c.delete(id);
          this.changed(profileId);
        }
      }
      if (c.size === 0) this.held.delete(profileId);
    });
  }

  /** The ids of a profile watched now. */
  ids(profileId: string): string[] {
    return [...(this.held.get(profileId)?.keys() ?? [])];
  }

  /** Send every profile's set again (core forgot them: the link is new). */
  resend(): void {
    for (const profileId of this.held.keys()) this.changed(profileId);
  }

  private changed(profileId: string): void {
    this.dirty.add(profileId);
    if (this.flushing) return;
    this.flushing = true;
    // One call per profile for all the views that mounted or went in this turn.
    queueMicrotask(() => {
      this.flushing = false;
      const profiles = [...this.dirty];
      this.dirty.clear();
      for (const profileId of profiles) {
        void this.api
          .invoke('resources.watchMetrics', { profileId, ids: this.ids(profileId) })
          .catch(() => undefined);
      }
    });
  }
}
