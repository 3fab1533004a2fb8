// The stream calls: consoles and log streams (their bytes and lines travel as window events).

import type { LogEntry, LogSourceSpec, LogStreamInfo } from '../logs';
import type { ConsoleInfo, ConsoleTarget } from '../model';

export interface StreamCalls {
  // ---- consoles: owned by the window that opened (or attached) them ----
  // Progress arrives as 'console' events and output as stream bytes (stream id = consoleId), both
  // to the owning window only. Input goes through `DeckhandApi.write(consoleId, bytes)`: UTF-8
  // text for terminals, RFB client bytes for VNC; sizes and acks are notifications (below).

  /** Open a console; resolves at once with status 'connecting'. */
  'console.open': { args: ConsoleTarget; result: ConsoleInfo };
  /** The consoles this window owns. */
  'console.list': { args: void; result: ConsoleInfo[] };
  /**
   * Take a console over from another window (pop-out). A terminal's recent output is replayed to
   * the new owner; a VNC console reconnects (RFB cannot be resumed). The old owner gets a
   * 'console' event with status 'closed' and `movedAway`.
   */
  'console.attach': { args: { consoleId: string }; result: ConsoleInfo };
  /** Reconnect a disconnected (or connected) console: a new proxy and socket. */
  'console.reconnect': { args: { consoleId: string }; result: ConsoleInfo };
  /** Close the console and its socket. */
  'console.close': { args: { consoleId: string }; result: void };
  /**
   * For token profiles on servers that refuse token consoles: log in with a password for
   * consoles only. Kept in memory for this session; nothing is saved.
   */
  'console.login': {
    args: { profileId: string; username: string; realm: string; password: string };
    result: void;
  };
  // ---- log streams: owned by the window that opened them, like consoles ----
  // State arrives as 'logStream' events and entries as batched 'logLines' events, both to the
  // owning window only; the window acknowledges applied entries with the 'logs.ack' notification.

  /** Open a stream; resolves at once (status 'connecting'), entries follow as events. */
  'logs.open': { args: LogSourceSpec; result: LogStreamInfo };
  /** Entries before the oldest one this stream has sent (journal `endcursor` paging). */
  'logs.older': {
    args: { streamId: string; count?: number };
    result: { entries: LogEntry[]; more: boolean };
  };
  'logs.close': { args: { streamId: string }; result: void };
}

export const STREAM_CALL_NAMES = [
  'console.open',
  'console.list',
  'console.attach',
  'console.reconnect',
  'console.close',
  'console.login',
  'logs.open',
  'logs.older',
  'logs.close',
] as const satisfies readonly (keyof StreamCalls)[];
