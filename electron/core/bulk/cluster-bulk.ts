// The cluster bulk endpoints (pve-manager 9.0.13+): POST /cluster/bulk-action/guest/<action> with
// `vms` starts one worker task (bulkstart, bulkshutdown, bulksuspend; bulk-start, … from 9.0.17)
// that runs each guest's own task, at most 4 at once, and logs each guest as Guest.pm does
// ("Shutting down CT 101 (Timeout = 180 seconds)"; "WARN: Stopping CT 101 failed: <exit status>";
// "WARN: Skipping CT 102, not running."); it ends "Some guests failed to start: 101, 103" (or
// "… to shutdown 101, 103") when any failed. Its log is mapped back to a row per guest. Older
// servers (501/404): per guest.

import { z } from 'zod';
import { DeckhandError } from '../../../shared/errors';
import { bulkActionLabel, type BulkAction } from '../../../shared/bulk';
import type { GuestRef, TaskInfo } from '../../../shared/model';
import { parseVersion } from '../console/token-consoles';
import type { PveClient } from '../pve/client';
import type { PveParams } from '../pve/form';
import type { ProfileSession } from '../session/profile-session';

const SINCE = [9, 0, 13] as const;

/** The bulk actions PVE has a cluster endpoint for (and the demo's). */
export const CLUSTER_BULK_ACTIONS: ReadonlySet<BulkAction> = new Set([
  'start',
  'shutdown',
  'suspend',
]);

/** Does this pve-manager version have /cluster/bulk-action? undefined version: no. */
export function hasClusterBulk(version: string | undefined): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  for (let i = 0; i < SINCE.length; i++) {
    const d = (v[i] ?? 0) - SINCE[i]!;
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The path answered 501 (or 404): this server has no such endpoint after all. */
export function isMissingEndpoint(err: unknown): boolean {
  return err instanceof DeckhandError && (err.status === 501 || err.status === 404);
}

/** The request: the guests by vmid; a shutdown as the per-guest one (no hard stop after it). */
export function clusterBulkParams(action: BulkAction, refs: readonly GuestRef[]): PveParams {
  return {
    vms: refs.map((r) => r.vmid),
    ...(action === 'shutdown' ? { 'force-stop': false } : {}),
  };
}

export async function postClusterBulk(
  client: PveClient,
  action: BulkAction,
  refs: readonly GuestRef[],
  signal?: AbortSignal,
): Promise<string> {
  return client.post(
    `/cluster/bulk-action/guest/${action}`,
    z.string(),
    clusterBulkParams(action, refs),
    signal,
  );
}

/** Sent once through the session's task writer (followed as a task; in doubt on a lost reply). */
export function startClusterBulk(
  session: ProfileSession,
  action: BulkAction,
  refs: readonly GuestRef[],
): Promise<TaskInfo> {
  const first = refs[0]!;
  const n = refs.length;
  return session.writes.start({
    guest: { node: first.node, type: first.type, vmid: first.vmid },
    guestless: true,
    taskId: '',
    types: [`bulk${action}`, `bulk-${action}`],
    label: `${bulkActionLabel(action)} ${String(n)} guest${n === 1 ? '' : 's'} (cluster bulk action)`,
    send: () => postClusterBulk(session.api, action, refs),
  });
}

export interface GuestOutcome {
  ok: boolean;
  message?: string;
}

const FAILED =
  /^(?:Starting|Shutting down|Stopping|Suspending|Migrating) (?:VM|CT) (\d+)(?: to \S+)? failed: (.*)$/;
const STARTED = /^(?:Starting|Shutting down|Suspending|Migrating) (?:VM|CT) (\d+)(?:\s|$)/;
// a guest skipped before its request (its own line, not the refusal of the one before)
const SKIPPED = /^(?:(?:VM|CT) \d+ already on \S+, skipping|Skipping (?:VM|CT) \d+|skipping \d+,)/;
// pve-manager's texts: "… to start: 1, 2", "… to shutdown 1, 2", "… to migrate 1, 2"
const SOME_FAILED = /Some guests failed to (?:start|shutdown|suspend|migrate):? ([\d, ]+)/;
// A power action's skip: a warning and no task ("Skipping CT 101, not running.", "skipping 101,
// only VMs can be suspended"), with the guest and the reason.
const SKIPPED_STATE = /^[Ss]kipping (?:(?:VM|CT) )?(\d+), (.*?)\.?$/;

/**
 * Each guest's outcome from the bulk task's log and its exit status: a "… failed: msg" line
 * (pve-manager logs it as a warning, "WARN: …") names the guest and PVE's message; a warning
 * right after a guest's "Migrating VM 100" line is the refusal of its request; a guest the
 * summary lists without such a line gets the task's status; a guest skipped as already in the
 * wanted state ("Skipping CT 101, not running.") is OK with that note; the others went well.
 */
export function bulkOutcomes(
  refs: readonly GuestRef[],
  log: readonly string[],
  exitstatus: string | undefined,
): Map<number, GuestOutcome> {
  const failed = new Map<number, string>();
  const skipped = new Map<number, string>();
  let justStarted: number | undefined;
  for (const raw of log) {
    const trimmed = raw.trim();
    const warned = trimmed.startsWith('WARN: ');
    const line = warned ? trimmed.slice(6) : trimmed;
    const skip = warned ? SKIPPED_STATE.exec(line) : null;
    if (skip) {
      // Logged before that guest's request: it is no refusal of the guest just started. Already
      // in the wanted state is fine; any other skip ("only VMs can be suspended") is not done.
      const vmid = Number(skip[1]);
      if (/^(?:already|not) running$/.test(skip[2]!)) skipped.set(vmid, `Skipped: ${skip[2]!}`);
      else failed.set(vmid, line);
      continue;
    }
    const m = FAILED.exec(line);
    if (m) failed.set(Number(m[1]), m[2]!);
    else if (warned && justStarted !== undefined && !SKIPPED.test(line)) {
      failed.set(justStarted, line);
    }
    const s = m ? null : STARTED.exec(line);
    if (s && !warned) justStarted = Number(s[1]);
    else if (!SKIPPED.test(line)) justStarted = undefined;
  }
  const listed = new Set(
    (SOME_FAILED.exec(exitstatus ?? '')?.[1] ?? '')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0),
  );
  const bulkOk = exitstatus === 'OK' || (exitstatus?.startsWith('WARNINGS') ?? false);
  const out = new Map<number, GuestOutcome>();
  for (const r of refs) {
    const msg = failed.get(r.vmid);
    if (msg !== undefined) out.set(r.vmid, { ok: false, message: msg });
    else if (listed.has(r.vmid)) out.set(r.vmid, { ok: false, message: exitstatus ?? 'Failed' });
    else if (skipped.has(r.vmid)) out.set(r.vmid, { ok: true, message: skipped.get(r.vmid)! });
    else if (!bulkOk && listed.size === 0) {
      // The whole task failed before naming anyone (a bad parameter, a lost node).
      out.set(r.vmid, { ok: false, message: exitstatus ?? 'Failed' });
    } else out.set(r.vmid, { ok: true });
  }
  return out;
}
