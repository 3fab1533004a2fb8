// The log sources by kind of spec: the manager opens a stream with the factory of its kind.
// Guest journals and file tails (guest-*.ts) plug in here, one line each.

import { clusterLogSource } from './cluster-log';
import { nodeJournalSource } from './node-journal';
import { fileLogSource, guestJournalSource } from './guest-sources';
import type { LogSourceFactories } from './source';
import { taskLogSource } from './task-log';

export const LOG_SOURCE_FACTORIES: LogSourceFactories = {
  'node-journal': nodeJournalSource,
  'cluster-log': clusterLogSource,
  task: taskLogSource,
  'guest-journal': guestJournalSource,
  file: fileLogSource,
};
