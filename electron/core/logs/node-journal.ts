// A node's journal (GET /nodes/{node}/journal, spec §6): the first page by the stream's range
// (the newest 500 entries; since the boot; the last N seconds; a fixed since–until window), then
// followed by polling with `startcursor=<last cursor>` (the cursor only moves on a sound reply, so
// a dropped connection or a silent node loses and repeats nothing), and older pages with
// `endcursor=<first cursor>&lastentries=N` (live range only: the others have a fixed start).

import type { JournalRange, LogSourceSpec } from '../../../shared/logs';
import { isDeckhandError } from '../../../shared/errors';
import { getJournal, getNodeTime, getNodeUptime, type JournalParams } from './api';
import { runFollowLoop } from './follow-loop';
import { parseJournalPage, type JournalPage } from './journal-lines';
import type { LogSource, LogSourceContext, SourceEntry } from './source';

type Spec = Extract<LogSourceSpec, { kind: 'node-journal' }>;

/** The web UI's first page in live mode. */
const FIRST_PAGE = 500;
export const JOURNAL_POLL_MS = 1_000;

function describeRange(range: JournalRange): string {
  switch (range.preset) {
    case 'live':
      return '';
    case 'boot':
      return ' (this boot)';
    case 'last':
      return ` (last ${formatSeconds(range.seconds)})`;
    case 'range':
      return ' (range)';
  }
}

function formatSeconds(s: number): string {
  if (s % 86_400 === 0) return `${s / 86_400} d`;
  if (s % 3_600 === 0) return `${s / 3_600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

class NodeJournal implements LogSource {
  readonly title: string;
  private readonly range: JournalRange;
  private cursor: string | undefined;
  private firstCursor: string | undefined;
  private olderDone = false;
  /** The node's UTC offset (ms) and its clock minus ours (ms), from GET …/time. */
  private clock: { offsetMs: number; skewMs: number } | undefined;

  constructor(
    private readonly ctx: LogSourceContext<Spec>,
    private readonly pollMs: number,
  ) {
    this.range = ctx.spec.range ?? { preset: 'live' };
    this.title = `${ctx.spec.node} journal${describeRange(this.range)}`;
  }

  get canLoadOlder(): boolean {
    return this.range.preset === 'live' && !this.olderDone;
  }

  start(): void {
    this.ctx.sink.status('connecting');
    void runFollowLoop({
      sink: this.ctx.sink,
      scheduler: this.ctx.scheduler,
      signal: this.ctx.signal,
      pollMs: this.pollMs,
      what: `${this.ctx.spec.node} journal`,
      step: (signal) => this.step(signal),
    });
  }

  async older(
    count: number,
    signal: AbortSignal,
  ): Promise<{ entries: SourceEntry[]; more: boolean }> {
    if (this.firstCursor === undefined) return { entries: [], more: !this.olderDone };
    const page = await this.fetch({ endcursor: this.firstCursor, lastentries: count }, signal);
    if (page.firstCursor !== undefined) this.firstCursor = page.firstCursor;
    const more = page.entries.filter((e) => e.marker === undefined).length >= count;
    if (!more) this.olderDone = true;
    return { entries: page.entries, more };
  }

  dispose(): void {
    // The loop ends on the stream's signal, which the manager aborts before this.
  }

  private async step(signal: AbortSignal): Promise<'more' | 'done'> {
    if (this.cursor !== undefined) {
      const page = await this.fetch({ startcursor: this.cursor }, signal);
      this.take(page);
      return 'more';
    }
    const first = await this.firstParams(signal);
    const page = await this.fetchFirst(first, signal);
    this.firstCursor = page.firstCursor;
    this.take(page);
    return this.range.preset === 'range' ? 'done' : 'more';
  }

  private take(page: JournalPage): void {
    if (page.lastCursor !== undefined) this.cursor = page.lastCursor;
    if (page.entries.length > 0) this.ctx.sink.entries(page.entries);
  }

  private async firstParams(signal: AbortSignal): Promise<JournalParams> {
    const clock = await this.nodeClock(signal);
    const nodeNow = Math.floor((this.ctx.now() + clock.skewMs) / 1000);
    switch (this.range.preset) {
      case 'live':
        return { lastentries: FIRST_PAGE };
      case 'boot': {
        const uptime = await getNodeUptime(this.ctx.client(), this.ctx.spec.node, signal);
        // A second or two early: `time` and `uptime` are read at slightly different moments.
        return { since: Math.max(0, Math.floor(nodeNow - uptime) - 2) };
      }
      case 'last':
        return { since: Math.max(0, nodeNow - Math.floor(this.range.seconds)) };
      case 'range':
        return { since: Math.floor(this.range.since), until: Math.floor(this.range.until) };
    }
  }

  /**
   * The first page. mini-journalreader prints no valid JSON when a `since` window holds no entry
   * (it cannot print a cursor): then the newest entry's cursor is where following starts.
   */
  private async fetchFirst(params: JournalParams, signal: AbortSignal): Promise<JournalPage> {
    try {
      return await this.fetch(params, signal);
    } catch (err) {
      if (params.since === undefined || !isDeckhandError(err, 'protocol')) throw err;
      if (this.range.preset === 'range') return { entries: [] };
      const newest = await this.fetch({ lastentries: 1 }, signal);
      return { ...(newest.lastCursor ? { lastCursor: newest.lastCursor } : {}), entries: [] };
    }
  }

  private async fetch(params: JournalParams, signal: AbortSignal): Promise<JournalPage> {
    const clock = await this.nodeClock(signal);
    const data = await getJournal(this.ctx.client(), this.ctx.spec.node, params, signal);
    const nodeNowLocal = this.ctx.now() + clock.skewMs + clock.offsetMs;
    return parseJournalPage(data, nodeNowLocal, clock.offsetMs);
  }

  private async nodeClock(signal: AbortSignal): Promise<{ offsetMs: number; skewMs: number }> {
    if (this.clock) return this.clock;
    try {
      const t = await getNodeTime(this.ctx.client(), this.ctx.spec.node, signal);
      this.clock = { offsetMs: t.offsetMs, skewMs: t.time * 1000 - this.ctx.now() };
    } catch (err) {
      // Without Sys.Audit the node's clock is unknown: read its lines as UTC, on our clock.
      if (!isDeckhandError(err, 'permission')) throw err;
      this.clock = { offsetMs: 0, skewMs: 0 };
      this.ctx.log('info', `${this.ctx.spec.node}: node time unreadable; journal read as UTC`);
    }
    return this.clock;
  }
}

export function nodeJournalSource(ctx: LogSourceContext<Spec>): LogSource {
  return new NodeJournal(ctx, ctx.pollMs ?? JOURNAL_POLL_MS);
}
