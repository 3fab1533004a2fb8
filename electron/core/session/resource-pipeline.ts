// The port through which a session turns /cluster/resources replies into deltas: each profile opens
// a stage (resource-stage.ts) that keeps its previous reply and items. Two implementations: in-
// process, and a worker thread (resource-pipeline-worker.ts) that keeps parse, validation and diff
// off the thread serving the UI. The host picks one; `createResourcePipeline` picks the worker
// wherever its script can be found (a bundle names it, a TypeScript checkout runs it through tsx).

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Disposable } from '../../../shared/lifecycle';
import type { PveClient } from '../pve/client';
import { malformedReply } from '../pve/errors';
import { ResourceStage, type StageResult } from './resource-stage';
import { WorkerPipeline } from './resource-pipeline-worker';

export type { StageResult } from './resource-stage';

/** One profile's stage. `process` calls never overlap (the refresh loop's cycles do not). */
export interface ProfilePipeline extends Disposable {
  /**
   * A 2xx body of GET /cluster/resources. With `snapshot` every item comes back; else what changed
   * since the last reply. A result of kind 'snapshot' may come unasked (the stage lost its state).
   */
  process(bytes: Buffer, snapshot: boolean): Promise<StageResult>;
}

export interface ResourcePipeline extends Disposable {
  open(): ProfilePipeline;
}

/** Everything on the calling thread. */
export class InProcessPipeline implements ResourcePipeline {
  open(): ProfilePipeline {
    const stage = new ResourceStage({ packMetrics: true });
    return {
      process: (bytes, snapshot) => Promise.resolve(stage.process(bytes, snapshot)),
      dispose: () => undefined,
    };
  }

  dispose(): void {}
}

export interface WorkerScript {
  url: URL;
  /**
   * An ES module whose `register()` installs a loader first (tsx's API, for a .ts script: a
   * worker's execArgv cannot carry `--import`).
   */
  loader?: URL;
}

/**
 * The worker script next to this module in a TypeScript checkout (tests, `tsx` hosts), run with
 * tsx's loader; undefined in a bundle, whose host names the bundled script itself.
 */
export function sourceWorkerScript(): WorkerScript | undefined {
  return tsxWorkerScript(new URL('./resource-worker.ts', import.meta.url));
}

/**
 * A TypeScript worker script run through tsx's loader, where this module itself runs from source
 * (the checkout's tests and `tsx` hosts); undefined in a bundle.
 */
export function tsxWorkerScript(url: URL): WorkerScript | undefined {
  const here = import.meta.url;
  if (!here.startsWith('file:') || !here.endsWith('.ts')) return undefined;
  try {
    // The ES build of tsx's API (its CommonJS build cannot register from a worker).
    const api = createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    return { url, loader: pathToFileURL(api) };
  } catch {
    return undefined;
  }
}

/** The worker pipeline when a script is given or found (createCore's default), else in-process. */
export function createResourcePipeline(
  script: WorkerScript | undefined = sourceWorkerScript(),
): ResourcePipeline {
  return script ? new WorkerPipeline(script) : new InProcessPipeline();
}

export type ResourceUpdate = Exclude<StageResult, { kind: 'malformed' }>;

/** One GET /cluster/resources through `stage`; a reply that is no resource list throws. */
export async function fetchResources(
  client: PveClient,
  stage: ProfilePipeline,
  snapshot: boolean,
  signal?: AbortSignal,
): Promise<ResourceUpdate> {
  const path = '/cluster/resources';
  const reply = await client.request('GET', path, undefined, signal, { raw: true });
  const result = await stage.process(reply.bytes ?? Buffer.alloc(0), snapshot);
  if (result.kind !== 'malformed') return result;
  const ctx = { method: 'GET' as const, path, hostPort: client.transport.endpoint.hostPort };
  throw malformedReply(ctx, result.detail);
}
