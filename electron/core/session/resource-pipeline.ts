// The port through which a session turns /cluster/resources replies into deltas: each profile opens
// a stage (resource-stage.ts) that keeps its previous reply and items. It runs on core's thread,
// which both hosts keep off the thread serving the UI (electron/host/core-thread).

import type { Disposable } from '../../../shared/lifecycle';
import type { PveClient } from '../pve/client';
import { malformedReply } from '../pve/errors';
import { ResourceStage, type StageResult } from './resource-stage';

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
