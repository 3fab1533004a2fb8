// A VM's journal through the QEMU guest agent (spec §9's agent errors): `POST agent/exec` with
// `journalctl -o json --no-pager -n 500` as the command array (no shell: arguments go as they
// are), `GET agent/exec-status?pid=` until it exited, then every few seconds again with
// `--after-cursor` the last entry, so nothing repeats. No agent configured, the VM stopped or the
// agent not running each say so; while following, a lost agent is retried.

import { z } from 'zod';
import { isDeckhandError } from '../../../shared/errors';
import { DisposableStore } from '../../../shared/lifecycle';
import type { LogSourceSpec } from '../../../shared/logs';
import type { PveClient } from '../pve/client';
import { asDeckhandError } from '../session/as-error';
import { checkShellArgs, FIRST_LINES } from './guest-commands';
import { parseJournalJson } from './guest-lines';
import type { LogSource, LogSourceContext, SourceEntry } from './source';

type Spec = Extract<LogSourceSpec, { kind: 'guest-journal' }>;

export const AGENT_POLL_MS = 2_000;
const STATUS_POLL_MS = 100;
/** An exec that has not exited after this long is given up (journalctl without -f ends fast). */
const EXEC_DEADLINE_MS = 30_000;

const execReply = z.object({
  pid: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
});
const bool = z.union([z.boolean(), z.number().transform((n) => n !== 0)]);
const statusReply = z.object({
  exited: bool,
  exitcode: z.number().optional(),
  'out-data': z.string().optional(),
  'err-data': z.string().optional(),
  'out-truncated': bool.optional(),
});

/** What a user reads for PVE's agent errors. */
export function agentProblem(message: string, vmid: number): string | undefined {
  const vm = `VM ${String(vmid)}`;
  if (/No QEMU guest agent configured/i.test(message)) {
    return `${vm} has no QEMU guest agent configured: its journal is read through the agent (enable it in the VM's options and install qemu-guest-agent in the guest)`;
  }
  if (/QEMU guest agent is not running/i.test(message)) {
    return `The QEMU guest agent is not running in ${vm}: start qemu-guest-agent in the guest to read its journal`;
  }
  if (/is not running/i.test(message)) return `${vm} is not running: start it to read its journal`;
  return undefined;
}

class AgentJournal implements LogSource {
  readonly title: string;
  readonly canLoadOlder = false;
  private readonly store = new DisposableStore('agent journal');
  private cursor: string | undefined;
  private following = false;
  /** The agent failed while following: the next success adds a notice row. */
  private followingAgain = false;
  private readonly base: string;

  constructor(private readonly ctx: LogSourceContext<Spec>) {
    const { node, vmid } = ctx.spec;
    this.base = `/nodes/${encodeURIComponent(node)}/qemu/${String(vmid)}/agent`;
    const units = ctx.spec.units?.length ? ` (${ctx.spec.units.join(', ')})` : '';
    this.title = `VM ${String(vmid)}${this.guestName()} journal${units}`;
  }

  private guestName(): string {
    try {
      const r = this.ctx.session().resource(`qemu/${String(this.ctx.spec.vmid)}`);
      return r && 'name' in r && r.name ? ` ${r.name}` : '';
    } catch {
      return '';
    }
  }

  start(): void {
    void this.loop();
  }

  private command(): string[] {
    const args = ['journalctl', '-o', 'json', '--no-pager'];
    if (this.cursor) args.push('--no-tail', `--after-cursor=${this.cursor}`);
    else args.push('-n', String(FIRST_LINES));
    for (const u of this.ctx.spec.units ?? []) args.push('-u', u);
    return args;
  }

  private async loop(): Promise<void> {
    const { signal, scheduler } = this.ctx;
    while (!signal.aborted) {
      try {
        const entries = await this.once(this.ctx.client(), signal);
        if (signal.aborted) return;
        if (entries.length) this.ctx.sink.entries(entries);
        if (!this.following) {
          this.following = true;
          this.ctx.sink.status('following');
        }
      } catch (err) {
        if (signal.aborted) return;
        const e = asDeckhandError(err);
        const problem = agentProblem(e.message, this.ctx.spec.vmid) ?? e.message;
        const configured = !/No QEMU guest agent configured/i.test(e.message);
        if (!this.following || !configured || (isDeckhandError(err) && e.kind === 'permission')) {
          this.ctx.sink.status('failed', problem);
          return;
        }
        this.ctx.sink.status(
          'reconnecting',
          `${problem}; retrying every ${String(AGENT_POLL_MS / 1000)} s`,
        );
        this.following = false;
        // The next success says 'following' again; the cursor keeps the place.
        this.followingAgain = true;
      }
      try {
        await scheduler.delay(AGENT_POLL_MS, { label: 'agent journal poll', signal });
      } catch {
        return;
      }
    }
  }

  /** One exec: its new entries (the cursor moves only when all of them are in). */
  private async once(client: PveClient, signal: AbortSignal): Promise<SourceEntry[]> {
    const started = await client.post(
      `${this.base}/exec`,
      execReply,
      { command: this.command() },
      signal,
    );
    const deadline = this.ctx.now() + EXEC_DEADLINE_MS;
    for (;;) {
      const { data: s } = await client.get(
        `${this.base}/exec-status`,
        statusReply,
        { pid: started.pid },
        signal,
      );
      if (s.exited) {
        if (s.exitcode !== undefined && s.exitcode !== 0) {
          const err = (s['err-data'] ?? '').trim().split('\n').at(-1) ?? '';
          throw new Error(
            `journalctl in VM ${String(this.ctx.spec.vmid)} failed (exit code ${String(s.exitcode)})${err ? `: ${err}` : ''}`,
          );
        }
        const entries: SourceEntry[] = [];
        let cursor = this.cursor;
        for (const line of (s['out-data'] ?? '').split('\n')) {
          const j = parseJournalJson(line.replace(/\r$/, ''));
          if (!j) continue;
          cursor = j.cursor;
          entries.push(j.entry);
        }
        if (this.followingAgain && this.cursor) {
          entries.unshift({
            marker: 'notice',
            text: 'The guest agent answers again: resumed after the last entry shown',
            time: this.ctx.now(),
          });
          this.followingAgain = false;
        }
        this.cursor = cursor;
        return entries;
      }
      if (this.ctx.now() > deadline)
        throw new Error('journalctl through the guest agent did not finish in 30 s');
      await this.ctx.scheduler.delay(STATUS_POLL_MS, { label: 'agent exec-status', signal });
    }
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}

export function agentJournalSource(ctx: LogSourceContext<Spec>): LogSource {
  // No shell here, but a unit name is still only ever a unit name.
  checkShellArgs('unit', ctx.spec.units ?? []);
  return new AgentJournal(ctx);
}
