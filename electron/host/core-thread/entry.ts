// The core thread's entry, for both hosts: core and the built-in demos run on this worker, off the
// thread that serves the windows (Electron's main thread, the browser host's event loop). It never
// imports Electron: what needs Electron (settings, the keychain) stays on the UI thread and answers
// from there (core-worker.ts). The one file of electron/host that may start the demos.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { builtInDemos } from '../../demo/built-in';
import { runCoreThread } from './serve-core';
import type { CoreThreadData } from './protocol';

if (parentPort) void runCoreThread(parentPort, workerData as CoreThreadData, builtInDemos);

/**
 * Core and the built-in demos on the caller's own thread, over a MessageChannel: a host's fallback
 * where no worker can start (CoreWorker's `sameThread`). Imported on the main thread, where it has
 * no parentPort, this module starts nothing by itself.
 */
export function runCoreOnThisThread(port: MessagePort, data: CoreThreadData): Promise<void> {
  return runCoreThread(port, data, builtInDemos);
}
