// What serves a console once its websocket is connected: the terminal behind termproxy (a shell,
// a container console, a VM serial port) or the VNC server behind vncproxy. One interface, so the
// session neither knows nor cares which; disposing a backend stops everything it started.

import type { Disposable } from '../../../shared/lifecycle';

export interface ConsoleBackend extends Disposable {
  /** Bytes from the client's websocket. */
  input(data: Buffer): void;
  /** On every tick of the session, with the simulated clock's time (password expiry). */
  tick?(nowMs: number): void;
  /** The terminal's size, once a terminal runs. */
  readonly size?: { cols: number; rows: number } | undefined;
}
