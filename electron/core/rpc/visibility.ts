// Which windows are seen: each connected window counts as visible until its page says it is
// hidden (minimised, another tab). While none is visible every session polls slower; when one is
// shown again, or gets the focus, every session refreshes at once.

import type { NotificationHandlers } from '../../../shared/ipc';

export interface VisibilityDeps {
  /** Whether any window is visible changed: slow every session down, or bring it back. */
  paceChanged(visible: boolean): void;
  /** A window was shown or focused: refresh every session now. */
  refreshNow(): void;
}

export class WindowVisibility {
  private readonly hidden = new Set<string>();
  private readonly clients = new Set<string>();
  private visible = true;

  constructor(private readonly deps: VisibilityDeps) {}

  /** Whether some window is visible (or none is connected: nothing says to slow down then). */
  get anyVisible(): boolean {
    return this.visible;
  }

  connected(clientId: string): void {
    this.clients.add(clientId);
    this.update(false);
  }

  gone(clientId: string): void {
    this.clients.delete(clientId);
    this.hidden.delete(clientId);
    this.update(false);
  }

  set(clientId: string, visible: boolean, focused: boolean): void {
    if (!this.clients.has(clientId)) return;
    if (visible) this.hidden.delete(clientId);
    else this.hidden.add(clientId);
    this.update(visible && focused);
  }

  private update(focused: boolean): void {
    const visible = this.clients.size === 0 || this.hidden.size < this.clients.size;
    if (visible !== this.visible) {
      this.visible = visible;
      // Shown again: paceChanged(true) refreshes every session at once already.
      this.deps.paceChanged(visible);
      return;
    }
    if (focused) this.deps.refreshNow();
  }
}

export function visibilityNotifications(
  visibility: WindowVisibility,
): Pick<NotificationHandlers, 'app.visibility'> {
  return {
    'app.visibility': async ({ visible, focused }, ctx) => {
      if (ctx) visibility.set(ctx.clientId, visible, focused === true);
    },
  };
}
