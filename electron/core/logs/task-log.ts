// A task's log (GET …/tasks/{upid}/log, spec §4): everything so far, then followed (status and
// new lines every poll) until the task stops; then the rest of the log, its exit status in
// LogStreamInfo.task ("OK" or "WARNINGS: n" is success) and the stream 'complete'.

import { parseUpid } from '../../../shared/upid';
import { DeckhandError } from '../../../shared/errors';
import type { LogSourceSpec } from '../../../shared/logs';
import { isGuest, type GuestResource } from '../../../shared/model';
import { getTaskLog, getTaskStatus } from '../pve/api';
import { labelTask } from '../session/labels';
import { runFollowLoop } from './follow-loop';
import type { LogSource, LogSourceContext, SourceEntry } from './source';

type Spec = Extract<LogSourceSpec, { kind: 'task' }>;

const PAGE = 1000;
export const TASK_LOG_POLL_MS = 1_000;

/** "Task: Start VM 100 (web01)", labelled as the tasks strip labels it. */
function taskTitle(ctx: LogSourceContext<Spec>, type: string, id: string): string {
  const guest = (guestId: string): GuestResource | undefined => {
    try {
      const r = ctx.session().resource(guestId);
      return r && isGuest(r) ? r : undefined;
    } catch {
      return undefined;
    }
  };
  return `Task: ${labelTask(type, id, guest).label}`;
}

class TaskLog implements LogSource {
  readonly title: string;
  readonly canLoadOlder = false;
  private readonly node: string;
  /** Lines read so far (the next `start`). */
  private read = 0;

  constructor(
    private readonly ctx: LogSourceContext<Spec>,
    private readonly pollMs: number,
  ) {
    const upid = parseUpid(ctx.spec.upid);
    if (!upid) {
      throw new DeckhandError({ kind: 'validation', message: `Not a task id: ${ctx.spec.upid}` });
    }
    this.node = upid.node;
    this.title = taskTitle(ctx, upid.type, upid.id);
  }

  start(): void {
    this.ctx.sink.status('connecting');
    void runFollowLoop({
      sink: this.ctx.sink,
      scheduler: this.ctx.scheduler,
      signal: this.ctx.signal,
      pollMs: this.pollMs,
      what: 'task log',
      step: (signal) => this.step(signal),
    });
  }

  dispose(): void {
    // The loop ends on the stream's signal.
  }

  private async step(signal: AbortSignal): Promise<'more' | 'done'> {
    const client = this.ctx.client();
    // Status first: lines read after it saw 'stopped' are the whole log.
    const status = await getTaskStatus(client, this.node, this.ctx.spec.upid, signal);
    await this.readNew(signal);
    if (status.running) {
      this.ctx.sink.task({ running: true });
      return 'more';
    }
    this.ctx.sink.task({ running: false, exitstatus: status.exitstatus ?? 'unexpected status' });
    return 'done';
  }

  private async readNew(signal: AbortSignal): Promise<void> {
    const client = this.ctx.client();
    for (;;) {
      const page = await getTaskLog(
        client,
        this.node,
        this.ctx.spec.upid,
        { start: this.read, limit: PAGE },
        signal,
      );
      // pve-common dump_logfile: an empty log is one line "no content" (total 1).
      const empty = this.read === 0 && page.lines.length === 1 && page.lines[0]!.t === 'no content';
      const lines = empty ? [] : page.lines.filter((l) => l.n > this.read);
      if (lines.length === 0) return;
      this.read = lines[lines.length - 1]!.n;
      this.ctx.sink.entries(lines.map((l): SourceEntry => ({ text: l.t })));
      if (lines.length < PAGE) return;
    }
  }
}

export function taskLogSource(ctx: LogSourceContext<Spec>): LogSource {
  return new TaskLog(ctx, ctx.pollMs ?? TASK_LOG_POLL_MS);
}
