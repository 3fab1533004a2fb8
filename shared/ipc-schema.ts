// The contract's argument checks, owned by the contract: one zod schema per call and per
// notification, typed against shared/ipc.ts so that a schema drifting from its type (a field
// missing, extra, or optional on one side only) fails `tsc`. Arguments come from an untrusted
// renderer; hosts parse them here before core sees them.

import { z } from 'zod';
import { DeckhandError } from './errors';
import { SECRETS_CALL_ARGS } from './ipc-schema/secrets';
import { PROFILE_EXTRA_CALL_ARGS } from './ipc-schema/profiles-extra';
import { TRUST_CALL_ARGS } from './ipc-schema/trust';
import { CONFIG_EXTRA_CALL_ARGS } from './ipc-schema/config-extra';
import { CLONE_CALL_ARGS } from './ipc-schema/clone';
import { BULK_CALL_ARGS } from './ipc-schema/bulk';
import { RESOURCES_CALL_ARGS } from './ipc-schema/resources';
import { CREATE_CALL_ARGS } from './ipc-schema/create';
import { DEMO_CALL_ARGS } from './ipc-schema/demos';
import { APP_CALL_ARGS, APP_NOTIFICATION_ARGS } from './ipc-schema/app';
import type {
  CallArgs,
  CallName,
  IpcNotifications,
  NotificationArgs,
  NotificationName,
} from './ipc';
import { NET_KEY_RE, OPTION_KEYS, optionProblem, type OptionKey } from './config';
import {
  profileId,
  nonEmpty,
  consoleId,
  vmid,
  streamId,
  upid,
  storageArg,
  volidArg,
  contentArg,
  profileName,
  nodeNameArg,
  fingerprintArg,
  snapshotTarget,
  snapshotName,
  optionChanges,
  noArgs,
  authInput,
  logSourceSpec,
  guestTarget,
  nodeTarget,
  statsTarget,
  rrdRange,
  profileFlags,
  profileInput,
  profileArgs,
  consoleArgs,
} from './ipc-schema/blocks';

export { nodeNameArg } from './ipc-schema/blocks';

// ---- the maps ----

/** Drops `void` to `undefined`, the value a no-argument call's schema yields. */
type ArgsValue<T> = [T] extends [void] ? undefined : T;

/** A schema per name whose parsed value is assignable to the contract's type. */
export type SchemaMap<M> = { [K in keyof M]: z.ZodType<ArgsValue<M[K]>> };

type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : false
  : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;

/**
 * The names whose schema and type differ in either direction (`satisfies SchemaMap` checks only
 * one: a schema with an extra optional field would still pass it). `never` when none drift.
 */
export type ContractDrift<M, S extends SchemaMap<M>> = {
  [K in keyof M]: Same<ArgsValue<M[K]>, z.output<S[K]>> extends true ? never : K;
}[keyof M];

/** Fails to compile unless `T` is `never`: `NoDrift<ContractDrift<…>>` names the drifting call. */
export type NoDrift<T extends never> = T;

/** Each call's argument type, by name (what CALL_ARGS is checked against). */
export type CallArgsMap = { [K in CallName]: CallArgs<K> };

export const CALL_ARGS = {
  ...SECRETS_CALL_ARGS,
  ...PROFILE_EXTRA_CALL_ARGS,
  ...TRUST_CALL_ARGS,
  ...CONFIG_EXTRA_CALL_ARGS,
  ...CLONE_CALL_ARGS,
  ...BULK_CALL_ARGS,
  ...RESOURCES_CALL_ARGS,
  ...CREATE_CALL_ARGS,
  ...DEMO_CALL_ARGS,
  ...APP_CALL_ARGS,
  'app.info': noArgs,

  'profiles.list': noArgs,
  'profiles.probe': z.object({ url: nonEmpty(300), fingerprint: fingerprintArg.optional() }),
  'profiles.test': profileInput,
  'profiles.add': profileInput,
  'profiles.update': z
    .object({
      profileId,
      name: profileName.optional(),
      fingerprint: fingerprintArg.optional(),
      auth: authInput.optional(),
      ...profileFlags,
    })
    .strict()
    .refine((a) => Object.keys(a).some((k) => k !== 'profileId'), {
      message: 'give a name, a fingerprint, credentials or a setting to change',
    }),
  'profiles.remove': profileArgs,
  'profiles.addDemo': noArgs,

  'session.reconnect': profileArgs,
  'session.state': profileArgs,
  'session.answerTfa': z
    .object({
      profileId,
      kind: z.enum(['totp', 'recovery']),
      code: z.string().trim().min(1).max(64),
    })
    .strict(),
  'resources.snapshot': profileArgs,

  'guest.action': z.object({
    profileId,
    node: nodeNameArg,
    type: z.enum(['qemu', 'lxc']),
    vmid,
    action: z.enum(['start', 'shutdown', 'stop', 'reboot', 'suspend', 'resume', 'reset']),
    params: z
      .object({
        timeout: z.number().int().min(0).max(86_400).optional(),
        forceStop: z.boolean().optional(),
        overruleShutdown: z.boolean().optional(),
      })
      .strict()
      .optional(),
  }),

  'bulk.cancel': z.object({ jobId: z.string().regex(/^b[0-9a-f]{12}$/) }).strict(),
  'bulk.retry': z.object({ jobId: z.string().regex(/^b[0-9a-f]{12}$/) }).strict(),
  'tasks.list': profileArgs,
  'tasks.log': z.object({
    profileId,
    upid,
    start: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(100_000).optional(),
  }),

  'console.open': z
    .object({
      profileId,
      node: nodeNameArg,
      kind: z.enum(['shell', 'lxc', 'serial', 'vnc']),
      vmid: vmid.optional(),
    })
    .strict()
    .refine((t) => (t.kind === 'shell') === (t.vmid === undefined), {
      message: 'a node shell takes no vmid; every other console needs one',
    }),
  'console.list': noArgs,
  'console.attach': consoleArgs,
  'console.reconnect': consoleArgs,
  'console.close': consoleArgs,
  'console.login': z
    .object({
      profileId,
      username: nonEmpty(64),
      realm: nonEmpty(32),
      password: z.string().min(1).max(4096),
    })
    .strict(),
  'logs.open': logSourceSpec,
  'logs.older': z
    .object({ streamId, count: z.number().int().min(1).max(5000).optional() })
    .strict(),
  'logs.close': z.object({ streamId }).strict(),
  'tasks.stop': z.object({ profileId, upid }).strict(),
  'addresses.snapshot': profileArgs,
  'addresses.guest': z
    .object({
      profileId,
      guestId: z.string().regex(/^(qemu|lxc)\/\d{3,9}$/, 'expected a guest id'),
    })
    .strict(),
  'stats.watch': statsTarget,
  'stats.unwatch': z.object({ watchId: streamId }).strict(),
  'stats.rrd': z.discriminatedUnion('kind', [
    guestTarget.extend(rrdRange),
    nodeTarget.extend(rrdRange),
  ]),
  'stats.services': z.object({ profileId, node: nodeNameArg }).strict(),
  'snapshots.list': snapshotTarget,
  'snapshots.create': snapshotTarget
    .extend({
      name: snapshotName,
      description: z.string().max(8192).optional(),
      vmstate: z.boolean().optional(),
    })
    .strict()
    .refine((a) => a.type === 'qemu' || a.vmstate === undefined, {
      message: 'vmstate is for VMs only',
      path: ['vmstate'],
    }),
  'snapshots.rollback': snapshotTarget.extend({
    name: snapshotName,
    start: z.boolean().optional(),
  }),
  'snapshots.delete': snapshotTarget.extend({ name: snapshotName, force: z.boolean().optional() }),
  'snapshots.update': snapshotTarget.extend({
    name: snapshotName,
    description: z.string().max(8192),
  }),
  'config.get': snapshotTarget,
  'config.update': snapshotTarget
    .extend({ changes: optionChanges, digest: z.string().regex(/^[0-9a-f]{40}$/) })
    .strict()
    .superRefine((a, ctx) => {
      for (const [key, value] of Object.entries(a.changes)) {
        const problem = optionProblem(a.type, key as OptionKey, value, a.changes);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['changes', key] });
      }
    }),
  'config.revert': snapshotTarget
    .extend({
      keys: z
        .array(
          z.union([
            z.enum(OPTION_KEYS as [OptionKey, ...OptionKey[]]),
            z.custom<`net${number}`>((v) => typeof v === 'string' && NET_KEY_RE.test(v)),
          ]),
        )
        .min(1),
      digest: z
        .string()
        .regex(/^[0-9a-f]{40}$/)
        .optional(),
    })
    .strict(),
  'config.unlock': snapshotTarget,
  'storage.list': z
    .object({ profileId, node: nodeNameArg.optional(), content: contentArg.optional() })
    .strict(),
  'storage.content': z
    .object({ profileId, node: nodeNameArg, storage: storageArg, content: contentArg.optional() })
    .strict(),
  'backups.list': z
    .object({ profileId, node: nodeNameArg, type: z.enum(['qemu', 'lxc']), vmid })
    .strict(),
  'backups.create': z
    .object({
      profileId,
      guests: z
        .array(z.object({ node: nodeNameArg, type: z.enum(['qemu', 'lxc']), vmid }).strict())
        .min(1)
        .max(500),
      storage: storageArg,
      mode: z.enum(['snapshot', 'suspend', 'stop']),
      compress: z.enum(['0', 'gzip', 'lzo', 'zstd']).optional(),
      notesTemplate: z.string().max(1024).optional(),
      protected: z.boolean().optional(),
    })
    .strict(),
  'backups.restore': z
    .object({
      profileId,
      node: nodeNameArg,
      volid: volidArg,
      type: z.enum(['qemu', 'lxc']),
      vmid,
      force: z.boolean().optional(),
      storage: storageArg.optional(),
      start: z.boolean().optional(),
      unique: z.boolean().optional(),
    })
    .strict(),
  'backups.delete': z.object({ profileId, node: nodeNameArg, volid: volidArg }).strict(),
  'backups.nextId': profileArgs,
  'backups.jobs': profileArgs,
  'backups.runJob': z
    .object({
      profileId,
      id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a job id'),
    })
    .strict(),
  'migrate.precondition': snapshotTarget.extend({ target: nodeNameArg.optional() }).strict(),
  'migrate.run': snapshotTarget
    .extend({
      target: nodeNameArg,
      online: z.boolean().optional(),
      restart: z.boolean().optional(),
      withLocalDisks: z.boolean().optional(),
      targetStorage: storageArg.optional(),
    })
    .strict(),
  'guest.delete': snapshotTarget
    .extend({
      purge: z.boolean().optional(),
      destroyUnreferencedDisks: z.boolean().optional(),
    })
    .strict(),
} satisfies SchemaMap<CallArgsMap>;

export const NOTIFICATION_ARGS = {
  ...APP_NOTIFICATION_ARGS,
  'console.resize': z
    .object({
      consoleId,
      cols: z.number().int().min(1).max(1000),
      rows: z.number().int().min(1).max(1000),
    })
    .strict(),
  'console.ack': z
    .object({
      consoleId,
      bytes: z
        .number()
        .int()
        .min(0)
        .max(1 << 30),
    })
    .strict(),
  'logs.ack': z
    .object({
      streamId,
      count: z
        .number()
        .int()
        .min(0)
        .max(1 << 30),
    })
    .strict(),
} satisfies SchemaMap<IpcNotifications>;

// The other direction: every type equals what its schema yields.
export type CallsInSync = NoDrift<ContractDrift<CallArgsMap, typeof CALL_ARGS>>;
export type NotificationsInSync = NoDrift<
  ContractDrift<IpcNotifications, typeof NOTIFICATION_ARGS>
>;

// ---- parsing ----

/** Parse untrusted arguments or throw a validation error naming the field. */
export function parseArgs<T extends z.ZodType>(
  schema: T,
  args: unknown,
  name: string,
): z.output<T> {
  const r = schema.safeParse(args);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
  throw new DeckhandError({
    kind: 'validation',
    message: `Invalid ${field} for ${name}: ${issue?.message ?? 'bad input'}`,
  });
}

export function parseCallArgs<K extends CallName>(name: K, args: unknown): CallArgs<K> {
  return parseArgs(CALL_ARGS[name], args, name) as CallArgs<K>;
}

export function parseNotificationArgs<K extends NotificationName>(
  name: K,
  args: unknown,
): NotificationArgs<K> {
  return parseArgs(NOTIFICATION_ARGS[name], args, name) as NotificationArgs<K>;
}
