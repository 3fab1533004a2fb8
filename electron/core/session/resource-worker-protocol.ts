// Messages between the main thread (resource-pipeline-worker.ts) and the resource worker
// (resource-worker.ts).

import type { StageResult } from './resource-stage';

export type WorkerRequest =
  | { op: 'process'; stage: number; req: number; bytes: Uint8Array; snapshot: boolean }
  | { op: 'close'; stage: number };

export type WorkerReply = { req: number; result: StageResult } | { req: number; error: string };
