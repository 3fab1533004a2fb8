// Bulk power actions, snapshots and backups on many guests (electron/core/bulk): run, cancel what is queued, retry failed.

import type { CallHandlers } from '../../../../shared/ipc';
import type { BulkRunner } from '../../bulk/bulk-runner';

type BulkCalls = 'bulk.run' | 'bulk.cancel' | 'bulk.retry';

export function bulkHandlers(runner: BulkRunner): Pick<CallHandlers, BulkCalls> {
  return {
    'bulk.run': async ({ items, ...spec }, ctx) => runner.run(items, spec, ctx),
    'bulk.cancel': async ({ jobId }, ctx) => runner.cancel(jobId, ctx),
    'bulk.retry': async ({ jobId }, ctx) => runner.retry(jobId, ctx),
  };
}
