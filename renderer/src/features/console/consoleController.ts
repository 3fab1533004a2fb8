// The consoles of one window: the calls that open, reconnect and close them, the 'console'
// events that move their state, and the tab state the UI renders.

import { DeckhandError } from '../../../../shared/errors';
import type { DeckhandApi } from '../../../../shared/ipc';
import {
  DisposableStore,
  systemScheduler,
  toDisposable,
  type Disposable,
  type Scheduler,
} from '../../../../shared/lifecycle';
import type { ConsoleInfo, ConsoleTarget } from '../../../../shared/model';
import { isLinkDown, type BackendLink } from '../../bridge/backendLink';
import type { Store } from '../../store/createStore';
import { createStore } from '../../store/createStore';
import { ConsoleStreams } from './consoleStreams';
import {
  activateTab,
  findTab,
  findTabByTarget,
  initialConsoleTabs,
  patchTab,
  removeTab,
  replaceTab,
  targetKey,
  upsertTab,
  type ConsoleTabsState,
} from './consoleTabs';

export interface ConsoleNotifier {
  callFailed(title: string, err: unknown): void;
}

/** Reason shown on every tab while the backend link is down: nothing typed reaches a console. */
export const LINK_LOST_REASON = "Lost the connection to Deckhand's backend";

/** Reason shown on tabs whose console main no longer knows (the backend link was lost). */
export const ORPHAN_REASON = `${LINK_LOST_REASON}; Reconnect opens the console again.`;

export class ConsoleController {
  readonly store: Store<ConsoleTabsState> = createStore(initialConsoleTabs);
  readonly streams: ConsoleStreams;
  /** Targets being opened, so a double double-click opens one console, not two. */
  private readonly opening = new Map<string, Promise<ConsoleInfo | undefined>>();
  /** Tabs whose console main dropped (backend link lost): Reconnect opens the target anew. */
  private readonly orphans = new Set<string>();

  constructor(
    readonly api: DeckhandApi,
    private readonly notifier: ConsoleNotifier,
    private readonly link?: BackendLink,
    /** The views' timers (debounces, ack batches) come from here; tests pass a fake. */
    readonly scheduler: Scheduler = systemScheduler,
  ) {
    this.streams = new ConsoleStreams(
      {
        onStream: (listener) => api.onStream(listener),
        ack: (consoleId, bytes) => {
          api.notify('console.ack', { consoleId, bytes });
        },
      },
      scheduler,
    );
  }

  /** Follow the window's console events and bytes until disposed. */
  start(): Disposable {
    const store = new DisposableStore('ConsoleController');
    store.add(this.streams.start());
    store.add(this.api.on('console', (info) => this.onConsole(info)));
    const link = this.link;
    if (link) {
      store.add(toDisposable(link.onReconnect(() => void this.adoptAfterLinkLoss())));
      let wasDown = isLinkDown(link.getState().status);
      store.add(
        toDisposable(
          link.subscribe(() => {
            const down = isLinkDown(link.getState().status);
            if (down && !wasDown) this.markLinkLost();
            wasDown = down;
          }),
        ),
      );
    }
    return store;
  }

  getState(): ConsoleTabsState {
    return this.store.getState();
  }

  private onConsole(info: ConsoleInfo): void {
    // Bytes after this event belong to its generation: mark it before anything else happens.
    if (info.status === 'closed') {
      this.streams.forget(info.consoleId);
      this.orphans.delete(info.consoleId);
    } else {
      this.streams.setGeneration(info.consoleId, info.generation);
    }
    this.store.setState((s) => upsertTab(s, info));
  }

  private accept(info: ConsoleInfo, activate: boolean): void {
    if (info.status !== 'closed') this.streams.setGeneration(info.consoleId, info.generation);
    this.store.setState((s) => upsertTab(s, info, activate));
  }

  /** Open a console, or show the tab that already has this target. */
  async open(target: ConsoleTarget): Promise<ConsoleInfo | undefined> {
    const existing = findTabByTarget(this.getState(), target);
    if (existing) {
      this.activate(existing.consoleId);
      return existing;
    }
    const key = targetKey(target);
    const inFlight = this.opening.get(key);
    if (inFlight) return inFlight;
    const promise = this.api
      .invoke('console.open', target)
      .then((info) => {
        this.accept(info, true);
        return info;
      })
      .catch((err: unknown) => {
        this.notifier.callFailed('Could not open the console', err);
        return undefined;
      })
      .finally(() => this.opening.delete(key));
    this.opening.set(key, promise);
    return promise;
  }

  /** Take a console over from another window (pop-out); throws when that fails. */
  async attach(consoleId: string): Promise<ConsoleInfo> {
    const info = await this.api.invoke('console.attach', { consoleId });
    this.accept(info, true);
    return info;
  }

  async reconnect(consoleId: string): Promise<void> {
    const tab = findTab(this.getState(), consoleId);
    if (!tab) return;
    if (this.orphans.has(consoleId)) return this.reopen(tab);
    try {
      this.accept(await this.api.invoke('console.reconnect', { consoleId }), false);
    } catch (err) {
      // Main forgot this console (restarted, or the window's link was lost): start a new one.
      if (err instanceof DeckhandError && err.kind === 'not-found') return this.reopen(tab);
      this.notifier.callFailed('Reconnect failed', err);
    }
  }

  private async reopen(tab: ConsoleInfo): Promise<void> {
    try {
      const info = await this.api.invoke('console.open', tab.target);
      this.orphans.delete(tab.consoleId);
      this.streams.forget(tab.consoleId);
      this.streams.setGeneration(info.consoleId, info.generation);
      this.store.setState((s) => replaceTab(s, tab.consoleId, info));
    } catch (err) {
      this.notifier.callFailed('Reconnect failed', err);
    }
  }

  /** Close a tab and its console. */
  close(consoleId: string): void {
    this.store.setState((s) => removeTab(s, consoleId));
    this.streams.forget(consoleId);
    const orphan = this.orphans.delete(consoleId);
    if (!orphan) this.api.invoke('console.close', { consoleId }).catch(() => undefined);
  }

  /** Show a console's tab; null shows Details. */
  activate(consoleId: string | null): void {
    this.store.setState((s) => activateTab(s, consoleId));
  }

  resize(consoleId: string, cols: number, rows: number): void {
    this.api.notify('console.resize', { consoleId, cols, rows });
  }

  write(consoleId: string, data: Uint8Array): void {
    this.api.write(consoleId, data);
  }

  /** Password login for consoles (token profiles on servers that refuse token consoles). */
  login(args: { profileId: string; username: string; realm: string; password: string }) {
    return this.api.invoke('console.login', args);
  }

  /**
   * The backend link is down: no console of this window is reachable, whatever it last said. Every
   * open tab turns disconnected at once; once the link is back, adoptAfterLinkLoss sorts out which
   * consoles main still has.
   */
  private markLinkLost(): void {
    for (const tab of this.getState().tabs) {
      if (tab.status === 'closed') continue;
      this.orphans.add(tab.consoleId);
      this.store.setState((s) =>
        patchTab(s, tab.consoleId, {
          status: 'disconnected',
          reason: LINK_LOST_REASON,
          errorKind: 'network',
          remedy: undefined,
          vncPassword: undefined,
        }),
      );
    }
  }

  /**
   * After the backend link came back, main may have closed this window's consoles (a browser-host
   * window is a new client then). Tabs it no longer lists say so and reopen on Reconnect.
   */
  private async adoptAfterLinkLoss(): Promise<void> {
    let listed: ConsoleInfo[];
    try {
      listed = await this.api.invoke('console.list', undefined);
    } catch {
      return;
    }
    const known = new Set(listed.map((c) => c.consoleId));
    for (const info of listed) {
      this.orphans.delete(info.consoleId);
      this.accept(info, false);
    }
    for (const tab of this.getState().tabs) {
      if (known.has(tab.consoleId)) continue;
      this.orphans.add(tab.consoleId);
      this.streams.forget(tab.consoleId);
      this.store.setState((s) =>
        patchTab(s, tab.consoleId, {
          status: 'disconnected',
          reason: ORPHAN_REASON,
          errorKind: 'network',
          remedy: undefined,
          vncPassword: undefined,
        }),
      );
    }
  }
}
