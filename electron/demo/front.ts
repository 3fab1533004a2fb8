// What the request and upgrade paths share with the server that owns them: the dispatcher, the
// fault rules, request counting, and delays that end (never fire) when the server closes.

import type { ConsoleManager } from './console/manager';
import type { Dispatcher } from './dispatch';
import type { FaultSet } from './faults';

export interface FrontEnd {
  readonly dispatcher: Dispatcher;
  readonly faults: FaultSet;
  readonly consoles: ConsoleManager;
  /** Added latency per request, in ms. */
  readonly latencyMs: number;
  /** Delay before a 401, as pveproxy's. */
  readonly authFailureDelayMs: number;
  /** The server is closing: answer nothing more. */
  readonly closing: boolean;
  /** Count a request by `METHOD /path`. */
  count(method: string, path: string): void;
  /** Resolves after `ms`; never, when the server closes first. */
  delay(ms: number): Promise<void>;
}
