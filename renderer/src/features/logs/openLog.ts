// Open a log stream in the side panel: any feature (detail views, tasks strip) calls this; the
// stream opens (or its tab is focused if already open) and the workspace reveals the panel.
// The window's LogController is registered once at start (main.tsx); a pop-out window has its own.

import type { LogSourceSpec } from '../../../../shared/logs';
import { revealLogPanel } from '../workspace/layout';
import type { LogController } from './logController';

let current: LogController | undefined;

/** The window's log controller (set once by main.tsx; tests set their own). */
export function setLogController(controller: LogController | undefined): void {
  current = controller;
}

export function getLogController(): LogController | undefined {
  return current;
}

export function openLog(spec: LogSourceSpec): void {
  revealLogPanel();
  void current?.open(spec);
}
