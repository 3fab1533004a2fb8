// The resource worker's entry (node:worker_threads): one ResourceStage per profile, keyed by the
// number the main thread gave it; answers each reply with what changed (resource-pipeline-
// worker.ts is the other end). Bundled as its own entry for Electron (electron.vite.config.ts).

import { parentPort } from 'node:worker_threads';
import { ResourceStage } from './resource-stage';
import type { WorkerReply, WorkerRequest } from './resource-worker-protocol';

const port = parentPort;
if (!port) throw new Error('resource-worker.ts runs only as a worker thread');
const stages = new Map<number, ResourceStage>();

port.on('message', (msg: WorkerRequest) => {
  if (msg.op === 'close') {
    stages.delete(msg.stage);
    return;
  }
  let stage = stages.get(msg.stage);
  if (!stage) stages.set(msg.stage, (stage = new ResourceStage({ packMetrics: true })));
  let reply: WorkerReply;
  try {
    reply = { req: msg.req, result: stage.process(msg.bytes, msg.snapshot) };
  } catch (err) {
    reply = { req: msg.req, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
