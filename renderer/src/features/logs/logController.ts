// The log streams of one window: opening (or focusing) a stream, routing core's 'logStream' and
// 'logLines' events to each stream's store, closing, stopping a task, and the panel's tab state
// (which streams are open, which tab shows, which streams the merged view combines).

import type { DeckhandApi } from '../../../../shared/ipc';
import {
  DisposableStore,
  systemScheduler,
  type Disposable,
  type Scheduler,
} from '../../../../shared/lifecycle';
import type { LogEntry, LogSourceSpec, LogStreamInfo } from '../../../../shared/logs';
import { createStore, type Store } from '../../store/createStore';
import { describeError } from '../../ui/describeError';
import { EMPTY_FILTER, type FilterSpec } from './logFilter';
import { LogStream } from './logStream';
import type { TimeZoneMode } from './logText';
import { specKey, specTitle } from './logSpecs';

export interface LogNotifier {
  callFailed(title: string, err: unknown): void;
}

/** The merged view's tab id. */
export const MERGED_TAB = 'merged';

export interface LogTab {
  streamId: string;
  key: string;
  spec: LogSourceSpec;
}

/** What a tab's view filters and searches for (kept per tab while the tab is open). */
export interface LogViewOptions {
  filter: FilterSpec;
  search: string;
  searchRegex: boolean;
  searchOpen: boolean;
}

export const DEFAULT_VIEW: LogViewOptions = {
  filter: EMPTY_FILTER,
  search: '',
  searchRegex: false,
  searchOpen: false,
};

/** How every view shows its rows (shared by all tabs). */
export interface LogDisplayOptions {
  wrap: boolean;
  timestamps: boolean;
  zone: TimeZoneMode;
}

export interface LogPanelState {
  tabs: LogTab[];
  views: Record<string, LogViewOptions>;
  display: LogDisplayOptions;
  /** A streamId, MERGED_TAB, or null when nothing is open. */
  active: string | null;
  /** The streams the merged view combines, in tab order. */
  merged: string[];
}

const INITIAL: LogPanelState = {
  tabs: [],
  active: null,
  merged: [],
  views: {},
  display: { wrap: true, timestamps: true, zone: 'local' },
};

/** Entries that came before their stream's logs.open answer, kept for a few streams at most. */
const EARLY_STREAMS = 8;

export class LogController {
  readonly store: Store<LogPanelState> = createStore(INITIAL);
  private readonly streams = new Map<string, LogStream>();
  private readonly opening = new Map<string, Promise<string | undefined>>();
  private readonly early = new Map<string, { info?: LogStreamInfo; entries: LogEntry[] }>();
  private localIds = 0;

  constructor(
    readonly api: DeckhandApi,
    private readonly notifier: LogNotifier,
    readonly scheduler: Scheduler = systemScheduler,
    /** Called whenever a stream is opened or focused (the workspace reveals the panel). */
    private readonly onReveal: () => void = () => undefined,
  ) {}

  /** Follow the window's log events until disposed. */
  start(): Disposable {
    const store = new DisposableStore('LogController');
    store.add(this.api.on('logStream', (info) => this.onInfo(info)));
    store.add(this.api.on('logLines', (ev) => this.onLines(ev.streamId, ev.entries)));
    store.defer(() => {
      for (const s of this.streams.values()) s.dispose();
      this.streams.clear();
      this.early.clear();
    });
    return store;
  }

  getState(): LogPanelState {
    return this.store.getState();
  }

  stream(streamId: string): LogStream | undefined {
    return this.streams.get(streamId);
  }

  private onInfo(info: LogStreamInfo): void {
    const s = this.streams.get(info.streamId);
    if (s) return s.setInfo(info);
    this.earlyFor(info.streamId).info = info;
  }

  private onLines(streamId: string, entries: LogEntry[]): void {
    const s = this.streams.get(streamId);
    if (s) return s.addEntries(entries);
    this.earlyFor(streamId).entries.push(...entries);
  }

  private earlyFor(streamId: string) {
    let e = this.early.get(streamId);
    if (!e) {
      e = { entries: [] };
      this.early.set(streamId, e);
      if (this.early.size > EARLY_STREAMS) {
        const oldest = this.early.keys().next().value;
        if (oldest !== undefined) this.early.delete(oldest);
      }
    }
    return e;
  }

  private makeStream(info: LogStreamInfo): LogStream {
    const api = this.api;
    return new LogStream(
      info,
      {
        ack: (streamId, count) => api.notify('logs.ack', { streamId, count }),
        older: (streamId, count) => api.invoke('logs.older', { streamId, count }),
      },
      this.scheduler,
    );
  }

  private adopt(key: string, spec: LogSourceSpec, info: LogStreamInfo): void {
    const stream = this.makeStream(info);
    this.streams.set(info.streamId, stream);
    const early = this.early.get(info.streamId);
    this.early.delete(info.streamId);
    if (early?.info) stream.setInfo(early.info);
    if (early?.entries.length) stream.addEntries(early.entries);
    this.store.setState((s) => ({
      ...s,
      tabs: [...s.tabs, { streamId: info.streamId, key, spec }],
      active: info.streamId,
    }));
  }

  /** Open a stream, or show the tab that already has it; resolves with its stream id. */
  async open(spec: LogSourceSpec): Promise<string | undefined> {
    this.onReveal();
    const key = specKey(spec);
    const existing = this.getState().tabs.find((t) => t.key === key);
    if (existing) {
      this.activate(existing.streamId);
      return existing.streamId;
    }
    const inFlight = this.opening.get(key);
    if (inFlight) return inFlight;
    const promise = this.api
      .invoke('logs.open', spec)
      .then((info) => {
        this.adopt(key, spec, info);
        return info.streamId;
      })
      .catch((err: unknown) => {
        // A tab that says why, with Retry, rather than a toast that goes away.
        const streamId = `local-${++this.localIds}`;
        this.adopt(key, spec, {
          streamId,
          spec,
          title: specTitle(spec),
          status: 'failed',
          message: describeError(err),
          canLoadOlder: false,
          dropped: 0,
        });
        return streamId;
      })
      .finally(() => this.opening.delete(key));
    this.opening.set(key, promise);
    return promise;
  }

  /** Whether the stream exists only here (its open failed): nothing to close in core. */
  private isLocal(streamId: string): boolean {
    return streamId.startsWith('local-');
  }

  /** Close a tab and its stream. */
  close(streamId: string): void {
    const s = this.streams.get(streamId);
    s?.flushAck();
    s?.dispose();
    this.streams.delete(streamId);
    this.store.setState((st) => {
      const index = st.tabs.findIndex((t) => t.streamId === streamId);
      if (index < 0) return st;
      const tabs = st.tabs.filter((t) => t.streamId !== streamId);
      const merged = st.merged.filter((id) => id !== streamId);
      let active = st.active;
      if (active === streamId) active = (tabs[index] ?? tabs[index - 1])?.streamId ?? null;
      if (active === MERGED_TAB && merged.length === 0) active = tabs[0]?.streamId ?? null;
      const views = { ...st.views };
      delete views[streamId];
      return { ...st, tabs, merged, active, views };
    });
    if (!this.isLocal(streamId)) {
      this.api.invoke('logs.close', { streamId }).catch(() => undefined);
    }
  }

  /** Open the stream again (after it failed): a fresh tab in the same place. */
  async retry(streamId: string): Promise<void> {
    const tab = this.getState().tabs.find((t) => t.streamId === streamId);
    if (!tab) return;
    const at = this.getState().tabs.indexOf(tab);
    const wasMerged = this.getState().merged.includes(streamId);
    this.close(streamId);
    const id = await this.open(tab.spec);
    if (!id) return;
    this.store.setState((s) => {
      const moved = s.tabs.find((t) => t.streamId === id);
      if (!moved) return s;
      const tabs = s.tabs.filter((t) => t.streamId !== id);
      tabs.splice(Math.min(at, tabs.length), 0, moved);
      return { ...s, tabs, merged: wasMerged ? [...s.merged, id] : s.merged };
    });
  }

  activate(id: string | null): void {
    this.store.setState((s) => (s.active === id ? s : { ...s, active: id }));
  }

  setView(id: string, patch: Partial<LogViewOptions>): void {
    this.store.setState((s) => ({
      ...s,
      views: { ...s.views, [id]: { ...(s.views[id] ?? DEFAULT_VIEW), ...patch } },
    }));
  }

  setDisplay(patch: Partial<LogDisplayOptions>): void {
    this.store.setState((s) => ({ ...s, display: { ...s.display, ...patch } }));
  }

  /** Put a stream in the merged view, or take it out. */
  toggleMerged(streamId: string): void {
    this.store.setState((s) => {
      const has = s.merged.includes(streamId);
      const chosen = has ? s.merged.filter((id) => id !== streamId) : [...s.merged, streamId];
      // Tab order, so colours and the legend read like the tabs.
      const merged = s.tabs.map((t) => t.streamId).filter((id) => chosen.includes(id));
      const active = s.active === MERGED_TAB && merged.length === 0 ? streamId : s.active;
      return { ...s, merged, active };
    });
  }

  /** Stop a running task (the caller has confirmed); its end arrives as a state change. */
  async stopTask(profileId: string, upid: string): Promise<void> {
    try {
      await this.api.invoke('tasks.stop', { profileId, upid });
    } catch (err) {
      this.notifier.callFailed('Could not stop the task', err);
    }
  }
}
