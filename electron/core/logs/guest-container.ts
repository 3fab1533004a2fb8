// A container's journal, or a file tail in a container or on a node, through a node shell
// (guest-shell.ts). The journal: a probe first (journalctl present? else /var/log/syslog or
// /var/log/messages, said so in the stream's message), then `journalctl -o json -f`; after a
// dropped shell it resumes `--after-cursor` the last entry, so nothing repeats or goes missing.
// A tail resumes with `-n 0` and a notice row saying lines written meanwhile are not shown.

import { randomBytes } from 'node:crypto';
import { DisposableStore, type Disposable } from '../../../shared/lifecycle';
import type { LogSourceSpec } from '../../../shared/logs';
import type { PveClient } from '../pve/client';
import { asDeckhandError } from '../session/as-error';
import {
  checkShellArgs,
  FIRST_LINES,
  journalCommand,
  probeCommand,
  shellLoginProblem,
  tailCommand,
} from './guest-commands';
import { parseFileLine, parseJournalJson } from './guest-lines';
import { NodeShell } from './guest-shell';
import type { LogSource, LogSourceContext, SourceEntry } from './source';

type JournalSpec = Extract<LogSourceSpec, { kind: 'guest-journal' }>;
type FileSpec = Extract<LogSourceSpec, { kind: 'file' }>;

/** Waits before reconnecting a dropped shell: 1 s, 2 s, 5 s, then every 10 s. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

type Mode = { kind: 'journal' } | { kind: 'tail'; path: string; notice?: string };

export class ContainerLog implements LogSource {
  readonly title: string;
  readonly canLoadOlder = false;
  private readonly store = new DisposableStore('container log');
  private shell: NodeShell | undefined;
  private mode: Mode | undefined;
  private phase: 'probe' | 'main' = 'probe';
  private cursor: string | undefined;
  private resumed = false;
  private attempt = 0;
  private probe: Record<string, number> = {};
  private readonly probeMarker = `DHP${randomBytes(4).toString('hex')}`;
  /** Non-entry lines of the current command (an error it printed). */
  private said: string[] = [];
  private batch: SourceEntry[] = [];
  private retry: Disposable | undefined;
  private disposed = false;
  private readonly vmid: number | undefined;
  private readonly node: string;

  constructor(private readonly ctx: LogSourceContext<JournalSpec | FileSpec>) {
    const spec = ctx.spec;
    this.node = spec.node;
    this.vmid = spec.vmid;
    const where = spec.vmid === undefined ? spec.node : `CT ${String(spec.vmid)}`;
    if (spec.kind === 'file') {
      this.mode = { kind: 'tail', path: spec.path };
      this.phase = 'main';
      this.title = `${spec.path} on ${where}`;
    } else {
      const units = spec.units?.length ? ` (${spec.units.join(', ')})` : '';
      this.title = `${where}${this.guestName()} journal${units}`;
    }
  }

  private guestName(): string {
    try {
      const r = this.ctx.session().resource(`lxc/${String(this.vmid)}`);
      return r && 'name' in r && r.name ? ` ${r.name}` : '';
    } catch {
      return '';
    }
  }

  start(): void {
    const client = this.shellClient();
    const problem = shellLoginProblem(client, this.version());
    if (problem) {
      this.ctx.sink.status('failed', problem);
      return;
    }
    this.connect(client);
  }

  private shellClient(): PveClient {
    return this.ctx.consoleClient?.() ?? this.ctx.client();
  }

  private version(): string | undefined {
    try {
      return this.ctx.session().state.version;
    } catch {
      return undefined;
    }
  }

  private connect(client: PveClient): void {
    if (this.disposed) return;
    this.said = [];
    const shell = new NodeShell({
      client,
      profileId: this.ctx.spec.profileId,
      node: this.node,
      scheduler: this.ctx.scheduler,
      events: {
        began: () => this.began(),
        line: (text) => this.line(text),
        exited: (code) => this.exited(code),
        loginPrompt: () => {
          this.ctx.sink.status(
            'failed',
            shellLoginProblem(client, this.version()) ??
              'The node shell asks for a login instead of starting a root shell: log in as root@pam with a password (Console login) to read container logs.',
          );
          void this.shell?.dispose();
        },
        ended: (why, early) => this.dropped(shell, why, early),
      },
    });
    this.shell = this.store.add(shell);
    shell.open().catch((err: unknown) => this.dropped(shell, asDeckhandError(err).message, true));
    shell.run(this.command());
  }

  private command(): string {
    const mode = this.mode;
    if (this.phase === 'probe' || !mode) return probeCommand(this.vmid ?? 0, this.probeMarker);
    if (mode.kind === 'journal') {
      const spec = this.ctx.spec as JournalSpec;
      return journalCommand(this.vmid ?? 0, spec.units ?? [], this.cursor);
    }
    return tailCommand(mode.path, this.vmid, this.resumed ? 0 : FIRST_LINES);
  }

  private began(): void {
    if (this.phase !== 'main') return;
    this.attempt = 0;
    const notice = this.mode?.kind === 'tail' ? this.mode.notice : undefined;
    this.ctx.sink.status('following', notice);
    if (this.resumed && this.mode?.kind === 'tail') {
      this.push({
        marker: 'notice',
        text: 'Reconnected: lines written while the connection was down are not shown',
        time: this.ctx.now(),
      });
    }
  }

  private line(text: string): void {
    if (this.phase === 'probe') {
      const m = new RegExp(`^${this.probeMarker}-([JSM])-(\\d+)$`).exec(text);
      if (m) this.probe[m[1]!] = Number(m[2]);
      else if (text.trim()) this.said.push(text);
      return;
    }
    if (this.mode?.kind === 'journal') {
      const j = parseJournalJson(text);
      if (!j) {
        if (text.trim()) this.said.push(text);
        return;
      }
      this.cursor = j.cursor;
      this.push(j.entry);
      return;
    }
    this.push(parseFileLine(text, this.ctx.now()));
  }

  private push(entry: SourceEntry): void {
    this.batch.push(entry);
    if (this.batch.length > 1) return;
    queueMicrotask(() => {
      const entries = this.batch;
      this.batch = [];
      if (!this.disposed && entries.length) this.ctx.sink.entries(entries);
    });
  }

  private exited(code: number): void {
    if (this.phase === 'probe') {
      this.decide();
      return;
    }
    const what = this.mode?.kind === 'journal' ? 'journalctl' : 'tail';
    const last = this.said.slice(-3).join(' ');
    this.ctx.sink.status(
      'failed',
      `${what} ended (exit code ${String(code)})${last ? `: ${last}` : ''}`,
    );
    void this.shell?.dispose();
  }

  /** After the probe: the journal, a syslog file, or why neither. */
  private decide(): void {
    const ct = `CT ${String(this.vmid)}`;
    const p = this.probe;
    if (p.J === 0) this.mode = { kind: 'journal' };
    else if (p.S === 0 || p.M === 0) {
      const path = p.S === 0 ? '/var/log/syslog' : '/var/log/messages';
      this.mode = { kind: 'tail', path, notice: `No systemd journal in ${ct}: following ${path}` };
    } else {
      const said = this.said.find((l) => /not running|does not exist/.test(l));
      this.ctx.sink.status(
        'failed',
        said === undefined
          ? `${ct} has no systemd journal and neither /var/log/syslog nor /var/log/messages`
          : /not running/.test(said)
            ? `${ct} is not running: start it to read its logs`
            : `${ct} is not on node ${this.node} (${said})`,
      );
      void this.shell?.dispose();
      return;
    }
    this.phase = 'main';
    this.said = [];
    this.shell?.run(this.command());
  }

  private dropped(shell: NodeShell, why: string, early: boolean): void {
    if (this.disposed || shell !== this.shell) return;
    this.shell = undefined;
    void this.store.release(shell);
    const wasUp = this.phase === 'main' && (this.cursor !== undefined || this.resumed || !early);
    if (!wasUp && this.attempt === 0 && early) {
      this.ctx.sink.status('failed', why);
      return;
    }
    const wait = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)]!;
    this.attempt++;
    this.resumed = this.phase === 'main';
    this.ctx.sink.status('reconnecting', `${why}; reconnecting in ${String(wait / 1000)} s`);
    this.retry = this.store.add(
      this.ctx.scheduler.setTimeout(
        () => {
          if (this.retry) this.store.forget(this.retry);
          this.retry = undefined;
          this.connect(this.shellClient());
        },
        wait,
        { label: 'container log reconnect' },
      ),
    );
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.store.dispose();
  }
}

export function containerLogSource(ctx: LogSourceContext<JournalSpec | FileSpec>): LogSource {
  // The second check, where the command is built (the schema checked once already); the
  // commands check again as they are typed.
  const spec = ctx.spec;
  if (spec.kind === 'guest-journal') checkShellArgs('unit', spec.units ?? []);
  else checkShellArgs('path', [spec.path]);
  return new ContainerLog(ctx);
}
