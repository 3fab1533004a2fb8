// What a ProfileSession is given: the profile and its credentials, where its events go, and its
// timings (tests shorten them), clock and scheduler.

import type { AddressEvent } from '../../../shared/addresses';
import type { BackoffPolicy } from '../../../shared/backoff';
import type { Scheduler } from '../../../shared/lifecycle';
import type {
  ConnectionState,
  ProfileAuthInput,
  ProfileInfo,
  TaskInfo,
} from '../../../shared/model';
import type { PveClientOptions } from '../pve/client';
import type { AddressTimings } from '../addresses/address-index';
import type { CachedState } from '../cache/cached-state';
import type { SearchTimings } from './in-doubt';
import type { Logger } from './logger';
import type { ResourcePipeline } from './resource-pipeline';
import type { SessionResourceEvent } from './metric-moves';

export interface SessionListeners {
  connection(state: ConnectionState): void;
  /** A delta may carry its metric moves packed (`metrics`): metric-moves.ts. */
  resources(event: SessionResourceEvent): void;
  task(task: TaskInfo): void;
  /** Per-node pins changed (a node vouched for by the cluster, or approved): save them. */
  nodePins?(pins: Record<string, string>): void;
  /** The address index changed (electron/core/addresses). */
  addresses?(event: AddressEvent): void;
}

export interface ProfileSessionOptions {
  profile: ProfileInfo;
  credentials: ProfileAuthInput;
  listeners: SessionListeners;
  /** Refresh period (ms). Default 3000, like the PVE web UI. */
  refreshIntervalMs?: number;
  /** Task status poll period (ms). Default 1000. */
  taskPollMs?: number;
  /**
   * How often the cluster's task list (other admins', HA, backups) is read (ms); 0 turns it off.
   * Default 15000: slower than resources, since tasks change far less often than stats.
   */
  clusterTasksIntervalMs?: number;
  /** Clock (ms). Default: the scheduler's. */
  now?: () => number;
  /** Where the loop's, the task polls' and the client's timers come from. Default: the system's. */
  scheduler?: Scheduler;
  log?: Logger;
  /** Pause between attempts while offline (full jitter, added to the refresh interval). */
  offlineBackoff?: BackoffPolicy;
  /** The profile's last known state (the profile cache): shown, marked stale, until refreshed. */
  seed?: CachedState;
  /** Refresh period while no window is visible (ms). Default 30000. */
  hiddenRefreshIntervalMs?: number;
  /** Cadence and concurrency of the address index (tests shorten them). */
  addressTimings?: Partial<AddressTimings>;
  /** How long and how often the task of an in-doubt power action is looked for. */
  inDoubtSearch?: Partial<SearchTimings>;
  /**
   * Where replies are parsed and diffed (resource-pipeline.ts): the host's, shared by its
   * sessions (createCore's runs on a worker thread); default an in-process one of its own.
   */
  resourcePipeline?: ResourcePipeline;
  /** Client tuning: timeouts, retries, ticket renewal age. */
  client?: Pick<
    PveClientOptions,
    'timeoutMs' | 'connectTimeoutMs' | 'getRetries' | 'retryBackoff' | 'renewAfterMs' | 'random'
  >;
}
