// How the demo's real node shell (a bash in a PTY, console/shell.ts) gets a `pct` command: a
// `pct` bash script on the shell's PATH hands its arguments to this bridge over a loopback TCP
// connection (bash's /dev/tcp; a per-cluster secret first) and relays what comes back to its
// stdout/stderr, ending with the exit code. No Node is started (the packaged app may not run as
// Node: its runAsNode fuse is off). The commands themselves are console/pct.ts, so echo, prompt,
// pipes and exit codes are bash's own. Not on Windows (no bash).

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { Simulation } from '../sim';
import { runPct } from './pct';

/**
 * The client. Request: the secret, the node, whether stdout is a terminal and the argument count,
 * each on a line, then the arguments, each NUL-terminated. Reply lines: `o…`/`e…` a line of
 * stdout/stderr, `O…`/`E…` the same without its newline, `x<code>` the end.
 */
const CLIENT_SH = String.raw`#!/usr/bin/env bash
{ exec 3<>"/dev/tcp/127.0.0.1/${'$'}{DECKHAND_PCT_PORT:-0}"; } 2>/dev/null || { echo "pct: cannot reach the demo cluster" >&2; exit 255; }
tty=0; [ -t 1 ] && tty=1
{ printf '%s\n%s\n%s\n%s\n' "${'$'}{DECKHAND_PCT_SECRET:-}" "${'$'}{DECKHAND_DEMO_NODE:-}" "$tty" "$#"; for a in "$@"; do printf '%s\0' "$a"; done; } >&3
while IFS= read -r line <&3; do
  case "${'$'}{line:0:1}" in
    o) printf '%s\n' "${'$'}{line:1}" ;;
    O) printf '%s' "${'$'}{line:1}" ;;
    e) printf '%s\n' "${'$'}{line:1}" >&2 ;;
    E) printf '%s' "${'$'}{line:1}" >&2 ;;
    x) exit "${'$'}{line:1}" ;;
  esac
done
exit 255
`;

export interface PctShellEnv {
  /** Put first on the shell's PATH. */
  binDir: string;
  /** Variables the client needs (the socket; the node is added per shell). */
  env: Record<string, string>;
}

export class PctBridge implements Disposable {
  private readonly store = new DisposableStore('demo pct bridge');
  private readonly dir: string;
  private readonly secret = randomBytes(16).toString('hex');
  private readonly server: Server;
  private readonly clients = new Set<Socket>();

  constructor(
    private readonly sim: Simulation,
    private readonly scheduler: Scheduler,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'deckhand-demo-pct-'));
    writeFileSync(join(this.dir, 'pct'), CLIENT_SH);
    chmodSync(join(this.dir, 'pct'), 0o755);
    this.server = createServer((sock) => this.serve(sock));
    this.server.on('error', () => undefined);
    // TCP binds at once: the port is known before the first shell starts.
    this.server.listen(0, '127.0.0.1');
    this.store.defer(async () => {
      for (const c of this.clients) c.destroy();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      await rm(this.dir, { recursive: true, force: true });
    });
  }

  shellEnv(): PctShellEnv {
    const port = (this.server.address() as AddressInfo | null)?.port ?? 0;
    return {
      binDir: this.dir,
      env: { DECKHAND_PCT_PORT: String(port), DECKHAND_PCT_SECRET: this.secret },
    };
  }

  private serve(sock: Socket): void {
    this.clients.add(sock);
    let buf = Buffer.alloc(0);
    let running: Disposable | undefined;
    let started = false;
    const done = (): void => {
      this.clients.delete(sock);
      void running?.dispose();
      running = undefined;
    };
    sock.on('close', done);
    sock.on('error', () => undefined);
    sock.on('data', (d: Buffer) => {
      if (started) return;
      buf = Buffer.concat([buf, d]);
      const req = parseRequest(buf);
      if (req === 'incomplete') return;
      started = true;
      if (req === 'bad' || req.secret !== this.secret) {
        sock.destroy();
        return;
      }
      const send = (kind: 'o' | 'e', text: string): void => {
        if (sock.destroyed || !text) return;
        const lines = text.split('\n');
        const last = lines.pop()!;
        let out = lines.map((l) => `${kind}${l}\n`).join('');
        if (last) out += `${kind.toUpperCase()}${last}\n`;
        sock.write(out);
      };
      running = runPct(
        this.sim,
        req.node,
        req.argv,
        {
          out: (o) => send('o', o),
          err: (e) => send('e', e),
          exit: (x) => {
            if (!sock.destroyed) sock.end(`x${String(x)}\n`);
          },
          tty: req.tty,
        },
        this.scheduler,
      );
      if (sock.destroyed) done();
    });
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}

interface PctRequest {
  secret: string;
  node: string;
  tty: boolean;
  argv: string[];
}

/** The client's request, once all of it is in. */
function parseRequest(buf: Buffer): PctRequest | 'incomplete' | 'bad' {
  const head: string[] = [];
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const nl = buf.indexOf(0x0a, at);
    if (nl < 0) return buf.length > 4096 ? 'bad' : 'incomplete';
    head.push(buf.subarray(at, nl).toString('utf8'));
    at = nl + 1;
  }
  const count = Number(head[3]);
  if (!Number.isInteger(count) || count < 0 || count > 4096) return 'bad';
  const argv: string[] = [];
  while (argv.length < count) {
    const nul = buf.indexOf(0, at);
    if (nul < 0) return 'incomplete';
    argv.push(buf.subarray(at, nul).toString('utf8'));
    at = nul + 1;
  }
  return { secret: head[0]!, node: head[1]!, tty: head[2] === '1', argv };
}
