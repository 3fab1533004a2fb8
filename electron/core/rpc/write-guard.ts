// Read-only profiles, enforced at one place: every call of the contract is classified here as
// reading, local (Deckhand's own settings) or writing to a cluster, and `guardWrites` wraps every
// writing handler so that it is refused for a read-only profile whatever the renderer sends.
// A new call fails to compile until it is classified (the map is keyed by CallName), and a unit
// test (test/unit/write-guard.test.ts) fails when a write-like name is classified as reading.

import { DeckhandError } from '../../../shared/errors';
import type { CallHandlers, CallName, CallContext } from '../../../shared/ipc';
import type { ProfileInfo } from '../../../shared/model';

/**
 * - `read`: reads the cluster (or nothing);
 * - `local`: changes Deckhand's own settings only (a read-only profile can still be edited);
 * - `write`: changes the cluster; its arguments name the profile(s) (`profileId`, or `items` of
 *   guests), and the guard refuses it for a read-only one;
 * - `write-job`: runs again the items of a job a `write` call started; the guard checked them
 *   then, and each item's write is checked again where it is sent (`assertWritable`).
 */
export type CallKind = 'read' | 'local' | 'write' | 'write-job';

export const CALL_KINDS = {
  'app.info': 'read',
  // The window's first frame, kept beside the profile cache: Deckhand's own state.
  'app.saveFirstFrame': 'local',
  'secrets.setWeakPolicy': 'local',
  // Trust is the user's, not the cluster's: a read-only profile may approve and move too.
  'trust.approveNode': 'local',
  'session.preferNode': 'read',
  'secrets.dismissProblem': 'local',
  'profiles.duplicate': 'local',
  'profiles.reorder': 'local',
  'profiles.list': 'read',
  'profiles.probe': 'read',
  'profiles.test': 'read',
  'profiles.add': 'local',
  'profiles.update': 'local',
  'profiles.remove': 'local',
  'profiles.addDemo': 'local',
  'demos.list': 'read',
  'demos.add': 'local',
  'session.reconnect': 'read',
  'session.state': 'read',
  // Logging in changes nothing on the server (a spent recovery key is the user's own choice).
  'session.answerTfa': 'read',
  'resources.snapshot': 'read',
  'resources.watchMetrics': 'local',
  'guest.action': 'write',
  'bulk.run': 'write',
  'bulk.cancel': 'local',
  'bulk.retry': 'write-job',
  'tasks.list': 'read',
  'tasks.log': 'read',
  // A console is the user's own session under PVE's permissions: Deckhand sends nothing itself.
  'console.open': 'read',
  'console.list': 'read',
  'console.attach': 'read',
  'console.reconnect': 'read',
  'console.close': 'read',
  'console.login': 'read',
  'logs.open': 'read',
  'logs.older': 'read',
  'logs.close': 'read',
  'tasks.stop': 'write',
  'addresses.snapshot': 'read',
  'addresses.guest': 'read',
  'stats.watch': 'read',
  'stats.unwatch': 'read',
  'stats.rrd': 'read',
  'stats.services': 'read',
  'snapshots.list': 'read',
  'snapshots.create': 'write',
  'snapshots.rollback': 'write',
  'snapshots.delete': 'write',
  'snapshots.update': 'write',
  'config.get': 'read',
  'config.update': 'write',
  'config.revert': 'write',
  'config.unlock': 'write',
  'config.resize': 'write',
  'config.setNet': 'write',
  'config.bridges': 'read',
  'config.tagColors': 'read',
  'storage.list': 'read',
  'storage.content': 'read',
  'backups.list': 'read',
  'backups.create': 'write',
  'backups.restore': 'write',
  'backups.delete': 'write',
  'backups.nextId': 'read',
  'backups.jobs': 'read',
  'backups.runJob': 'write',
  'migrate.precondition': 'read',
  'migrate.run': 'write',
  'guest.delete': 'write',
  'clone.nextIds': 'read',
  'clone.checkId': 'read',
  'clone.run': 'write',
  'create.options': 'read',
  'create.run': 'write',
  'guest.template': 'write',
} as const satisfies Record<CallName, CallKind>;

export type WriteCall = {
  [K in CallName]: (typeof CALL_KINDS)[K] extends 'write' ? K : never;
}[CallName];

/** The profiles a writing call's arguments name. */
export function profilesOfCall(args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const a = args as { profileId?: unknown; items?: unknown };
  const ids = new Set<string>();
  if (typeof a.profileId === 'string') ids.add(a.profileId);
  if (Array.isArray(a.items))
    for (const item of a.items as unknown[]) {
      const id = (item as { profileId?: unknown } | null)?.profileId;
      if (typeof id === 'string') ids.add(id);
    }
  return [...ids];
}

/** The error a write to a read-only profile gets, in the words the UI shows. */
export function readOnlyRefused(profile: Pick<ProfileInfo, 'name'>): DeckhandError {
  return new DeckhandError({
    kind: 'permission',
    message: `Read-only profile: ${profile.name} is read-only, so Deckhand changes nothing on it (turn it off in Edit profile)`,
  });
}

/** Throws when the profile is read-only (for writes sent outside a call, e.g. a job's items). */
export function assertWritable(
  profile: (profileId: string) => ProfileInfo | undefined,
  profileId: string,
): void {
  const p = profile(profileId);
  if (p?.readOnly) throw readOnlyRefused(p);
}

type Handler = (args: unknown, ctx?: CallContext) => Promise<unknown>;

/** The handlers with every `write` call refused for a read-only profile (before it runs). */
export function guardWrites(
  handlers: CallHandlers,
  profile: (profileId: string) => ProfileInfo | undefined,
): CallHandlers {
  const guarded = { ...handlers } as unknown as Record<string, Handler>;
  for (const name of Object.keys(CALL_KINDS) as CallName[]) {
    if (CALL_KINDS[name] !== 'write') continue;
    const inner = handlers[name as WriteCall] as Handler;
    guarded[name] = async (args, ctx) => {
      const ids = profilesOfCall(args);
      if (ids.length === 0)
        throw new DeckhandError({ kind: 'validation', message: `${name} names no profile` });
      for (const id of ids) assertWritable(profile, id);
      return inner(args, ctx);
    };
  }
  return guarded as unknown as CallHandlers;
}
