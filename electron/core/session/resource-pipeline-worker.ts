// The resource pipeline on a worker thread (resource-worker.ts): the session thread only moves each
// reply's bytes there (transferred, not copied); the comparison with the last reply, parse,
// validation, normalisation and diff run on the worker, which posts back compact results. A worker
// that dies is restarted and each profile's next result is a full snapshot (its stage is gone); one
// that cannot start at all (no script, no loader) leaves the profiles in-process.

import { Worker } from 'node:worker_threads';
import { DeckhandError } from '../../../shared/errors';
import type { ProfilePipeline, ResourcePipeline, WorkerScript } from './resource-pipeline';
import { ResourceStage, type StageResult } from './resource-stage';
import type { WorkerReply, WorkerRequest } from './resource-worker-protocol';

interface Pending {
  resolve(result: StageResult): void;
  reject(err: Error): void;
}

export class WorkerPipeline implements ResourcePipeline {
  private worker: Worker | undefined;
  /** Counts worker starts: a stage made under an older one is gone. */
  private generation = 0;
  private answered = false;
  /** The worker could not start: every profile runs in-process from then on. */
  private broken = false;
  private nextStage = 1;
  private nextReq = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  /**
   * The worker starts with the first reply, not with core: loading its script costs a burst of
   * CPU (about 150 ms here from TypeScript sources) that would otherwise compete with the window's
   * first paint at every start, and a start with every cluster away never needs it.
   */
  constructor(private readonly script: WorkerScript) {}

  open(): ProfilePipeline {
    const stage = this.nextStage++;
    let lastGeneration = -1;
    let local: ResourceStage | undefined;
    const inProcess = (bytes: Buffer, snapshot: boolean): StageResult => {
      const fresh = !local;
      local ??= new ResourceStage({ packMetrics: true });
      return local.process(bytes, snapshot || fresh);
    };
    return {
      process: async (bytes, snapshot) => {
        if (this.disposed) throw closed();
        if (this.broken) return inProcess(bytes, snapshot);
        const worker = this.ensureWorker();
        const generation = this.generation;
        // A new worker has no stage for this profile: it must start from a snapshot.
        const fresh = lastGeneration !== generation;
        try {
          const result = await this.call(worker, stage, bytes, snapshot || fresh);
          if (result.kind !== 'malformed') lastGeneration = generation;
          return result;
        } catch (err) {
          if (this.broken && !this.disposed) return inProcess(bytes, snapshot);
          throw err;
        }
      },
      dispose: () => {
        local = undefined;
        if (this.worker && !this.disposed) this.post(this.worker, { op: 'close', stage });
      },
    };
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { url, loader } = this.script;
    const name = 'deckhand-resources';
    const worker = loader
      ? new Worker(
          `import(${JSON.stringify(loader.href)})` +
            `.then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`,
          { eval: true, name },
        )
      : new Worker(url, { name });
    // Held only while a reply is awaited: an idle worker never keeps the process alive.
    worker.unref();
    worker.on('message', (msg: WorkerReply) => this.onReply(msg));
    worker.on('error', (err) => this.lost(worker, err.message));
    worker.on('exit', (code) => this.lost(worker, `exited with code ${String(code)}`));
    this.worker = worker;
    this.generation++;
    return worker;
  }

  private call(
    worker: Worker,
    stage: number,
    bytes: Buffer,
    snapshot: boolean,
  ): Promise<StageResult> {
    const req = this.nextReq++;
    return new Promise<StageResult>((resolve, reject) => {
      this.pending.set(req, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      // Moved, not copied, when the bytes own their memory (a small Buffer may share Node's pool):
      // the worker compares them with the last reply, so this thread keeps none. Copied until the
      // worker has answered once: one that cannot start leaves them to the in-process stage.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const movable = this.answered && own && bytes.buffer instanceof ArrayBuffer;
      const transfer = movable ? [bytes.buffer] : [];
      worker.postMessage(
        { op: 'process', stage, req, bytes, snapshot } satisfies WorkerRequest,
        transfer,
      );
    });
  }

  private post(worker: Worker, msg: WorkerRequest): void {
    worker.postMessage(msg);
  }

  private onReply(msg: WorkerReply): void {
    this.answered = true;
    const p = this.pending.get(msg.req);
    if (!p) return;
    this.pending.delete(msg.req);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in msg) {
      p.reject(new DeckhandError({ kind: 'internal', message: `Resource worker: ${msg.error}` }));
    } else p.resolve(msg.result);
  }

  private lost(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.answered) this.broken = true;
    const err = this.disposed
      ? closed()
      : new DeckhandError({ kind: 'internal', message: `Resource worker stopped: ${why}` });
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const worker = this.worker;
    if (worker) {
      this.lost(worker, 'closed');
      await worker.terminate();
    }
  }
}

function closed(): DeckhandError {
  return new DeckhandError({ kind: 'internal', message: 'Session closed' });
}
