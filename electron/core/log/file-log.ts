// The application log: one line per message (time, level, text) appended to `deckhand.log` in a
// directory the host picks, every line redacted first (./redact.ts). Size-capped: when the file
// would grow past `maxBytes` it becomes `deckhand.1.log` (the older ones move up, the oldest beyond
// `maxFiles` is deleted) and a new file starts. Writes are synchronous, so a crash loses no line
// and dispose() (which closes the file) is the flush. Never throws into its caller: a log that
// cannot be written says so once through `onError` and then drops lines.

import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { DisposableStore, type Disposable } from '../../../shared/lifecycle';
import type { LogLevel, Logger } from '../session/logger';
import { redact } from './redact';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface FileLogOptions {
  /** The directory the log files live in (created if missing, private to the user). */
  dir: string;
  /** Base name of the files: `<name>.log`, `<name>.1.log`, … Default `deckhand`. */
  name?: string;
  /** Lines below this level are dropped. Default 'info'. */
  level?: LogLevel;
  /** The size a file may reach before it is rotated. Default 1 MiB. */
  maxBytes?: number;
  /** How many files are kept, the current one included. Default 3. */
  maxFiles?: number;
  now?: () => number;
  /** Also hand each (redacted) line here, e.g. to stderr. */
  echo?: (line: string) => void;
  /** Told once when the log cannot be written. */
  onError?: (err: unknown) => void;
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export class FileLog implements Disposable {
  /** The file being written now. */
  readonly path: string;
  readonly dir: string;
  /** Core's logger port, bound: pass it as CoreDeps.log. */
  readonly log: Logger = (level, message) => this.write(level, message);

  private readonly store = new DisposableStore('file log');
  private readonly name: string;
  private readonly minLevel: number;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly now: () => number;
  private fd: number | undefined;
  private size = 0;
  private broken = false;

  constructor(private readonly options: FileLogOptions) {
    this.dir = options.dir;
    this.name = options.name ?? 'deckhand';
    this.path = path.join(this.dir, `${this.name}.log`);
    this.minLevel = LOG_LEVELS.indexOf(options.level ?? 'info');
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.maxFiles = Math.max(1, options.maxFiles ?? 3);
    this.now = options.now ?? Date.now;
    this.store.defer(() => this.close());
  }

  private file(index: number): string {
    return index === 0 ? this.path : path.join(this.dir, `${this.name}.${index}.log`);
  }

  private write(level: LogLevel, message: string): void {
    if (this.store.isDisposed || this.broken) return;
    if (LOG_LEVELS.indexOf(level) < this.minLevel) return;
    // One entry per line: continuation lines are indented, so no message can forge another line.
    const text = redact(message).replace(/\r\n?|\n/g, '\n    ');
    const line = `${new Date(this.now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`;
    try {
      const bytes = Buffer.from(line, 'utf8');
      if (this.fd === undefined) this.open();
      if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
      writeSync(this.fd!, bytes);
      this.size += bytes.length;
      this.options.echo?.(line.trimEnd());
    } catch (err) {
      this.broken = true;
      this.close();
      this.options.onError?.(err);
    }
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = statSync(this.path).size;
  }

  /** deckhand.log → deckhand.1.log → … → deckhand.<maxFiles-1>.log, the oldest dropped. */
  private rotate(): void {
    this.close();
    rmSync(this.file(this.maxFiles - 1), { force: true });
    for (let i = this.maxFiles - 2; i >= 0; i--) {
      try {
        renameSync(this.file(i), this.file(i + 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    this.open();
  }

  private close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Flush and close the file; later lines are dropped. */
  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
