// A command typed into a node termproxy shell, its output read back as clean lines (spec §6
// "Container journal", the technique godoxy uses): the shell (root@pam only: anyone else gets
// /bin/login) is opened like a console (ConsoleConnection), then each command goes in as one line
// that brackets its output with markers the echo cannot contain (`echo "DHid""-B"` prints
// `DHid-B`), so the echoed command, the prompt and bracketed-paste/cursor sequences never reach
// the stream. What the caller types is built by guest-commands.ts from checked arguments only.

import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import { randomBytes } from 'node:crypto';
import {
  ConsoleConnection,
  DEFAULT_CONSOLE_TIMINGS,
  type ConnectionEnd,
} from '../console/console-connection';
import type { PveClient } from '../pve/client';

/** A terminal wide enough that bash never wraps the typed line with redraw sequences. */
const SHELL_SIZE = { cols: 4000, rows: 50 } as const;

// eslint-disable-next-line no-control-regex
const OSC_RE = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
// eslint-disable-next-line no-control-regex
const CSI_RE = /\u001b\[([0-9;?<=>!]*)([ -/]*)([@-~])/g;
// eslint-disable-next-line no-control-regex
const OTHER_ESC_RE = /\u001b[()][0-9A-Za-z]|\u001b[=>78DEHMNOZc]/g;
// eslint-disable-next-line no-control-regex
const C0_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]/g;

/**
 * A line of terminal output as the log panel shows it: SGR colours (`ESC[…m`) kept, every other
 * escape (cursor moves, bracketed paste, OSC titles) and control character dropped, and a
 * carriage return keeping only what was written after it (what a terminal would show).
 */
export function cleanTerminalLine(raw: string): string {
  let s = raw.replace(/\r+$/, '');
  s = s.replace(OSC_RE, '');
  s = s.replace(CSI_RE, (all, _params: string, inter: string, final: string) =>
    final === 'm' && inter === '' && !_params.startsWith('?') ? all : '',
  );
  s = s.replace(OTHER_ESC_RE, '');
  const cr = s.lastIndexOf('\r');
  if (cr >= 0) s = s.slice(cr + 1);
  return s.replace(C0_RE, '');
}

export interface ShellRunEvents {
  /** The command started (its output follows). */
  began(): void;
  /** A line the command printed (cleaned). */
  line(text: string): void;
  /** The command ended by itself with this exit code (the shell stays). */
  exited(code: number): void;
  /** The shell asks for a login (/bin/login: not root@pam's shell); nothing typed can answer. */
  loginPrompt(): void;
  /** The shell itself went (or never came): `why` says what is known. */
  ended(why: string, early: boolean): void;
}

export interface NodeShellOptions {
  client: PveClient;
  profileId: string;
  node: string;
  scheduler: Scheduler;
  events: ShellRunEvents;
}

/** One node shell; `run` types one bracketed command at a time. */
export class NodeShell implements Disposable {
  private readonly store = new DisposableStore('guest log shell');
  private readonly connection: ConsoleConnection;
  private readonly id = randomBytes(5).toString('hex');
  private pending = '';
  private inside = false;
  private began = false;
  private ready = false;
  private queued: string | undefined;
  private gone = false;

  constructor(private readonly opts: NodeShellOptions) {
    const where = (): string => opts.client.transport.endpoint.hostPort;
    this.connection = this.store.add(
      new ConsoleConnection({
        target: { profileId: opts.profileId, node: opts.node, kind: 'shell' },
        client: opts.client,
        timings: DEFAULT_CONSOLE_TIMINGS,
        scheduler: opts.scheduler,
        size: () => SHELL_SIZE,
        where,
        ready: () => {
          this.ready = true;
          if (this.queued !== undefined) this.type(this.queued);
          this.queued = undefined;
        },
        output: (data) => this.take(Buffer.from(data).toString('utf8')),
        ended: (end: ConnectionEnd) => this.end(describeEnd(end, where()), end.early),
      }),
    );
  }

  /** Connect; rejects with what failed (the proxy POST, the socket). */
  open(): Promise<void> {
    return this.connection.open();
  }

  /** Type `command` (built from checked arguments) with its markers. */
  run(command: string): void {
    const line = `echo "DH${this.id}""-B"; ${command}; echo "DH${this.id}""-E-$?"\r`;
    if (this.ready) this.type(line);
    else this.queued = line;
  }

  private type(line: string): void {
    this.connection.write(Buffer.from(line, 'utf8'));
  }

  private take(text: string): void {
    this.pending += text;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const raw = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.lineOut(cleanTerminalLine(raw));
    }
    // `<node> login: ` waits without a newline; the bracketed command never starts then.
    if (!this.began && !this.gone && /\blogin: $/.test(cleanTerminalLine(this.pending))) {
      this.gone = true;
      this.opts.events.loginPrompt();
    }
  }

  private lineOut(line: string): void {
    if (this.gone) return;
    if (line === `DH${this.id}-B`) {
      this.inside = true;
      this.began = true;
      this.opts.events.began();
      return;
    }
    if (!this.inside) return; // the echo, the prompt, the banner
    const end = new RegExp(`^DH${this.id}-E-(\\d+)$`).exec(line);
    if (end) {
      this.inside = false;
      this.opts.events.exited(Number(end[1]));
      return;
    }
    this.opts.events.line(line);
  }

  private end(why: string, early: boolean): void {
    if (this.gone) return;
    this.gone = true;
    this.opts.events.ended(why, early);
  }

  async dispose(): Promise<void> {
    this.gone = true;
    await this.store.dispose();
  }
}

function describeEnd(end: ConnectionEnd, where: string): string {
  if (end.deadReason) return end.deadReason;
  if (end.early) return `${where} closed the node shell before it was ready`;
  return `Connection to ${where} lost`;
}
