// The contract's schema building blocks: ids, names, targets and inputs that several calls share.
// Domain schema files (shared/ipc-schema/<domain>.ts) and shared/ipc-schema.ts import them from
// here, never from shared/ipc-schema.ts, so that no import cycle forms.

import { z } from 'zod';
import { shellArgProblem, UNIT_NAME_RE } from '../logs';
import { PROFILE_COLORS } from '../model';
import { profileNameProblem } from '../profile-name';
import { snapshotNameProblem } from '../snapshots';
import { TOKEN_ID_RE } from '../token';

export const profileId = z.string().min(1).max(100);
export const nonEmpty = (max: number) => z.string().trim().min(1).max(max);
export const consoleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a console id');
export const vmid = z.number().int().min(100).max(999_999_999);
export const streamId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a stream id');
export const upid = z.string().min(1).max(512);
/** PVE's storage id rule (pve-storage-id) and a volume id `<storage>:<name>`. */
export const storageArg = z
  .string()
  .regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i, 'expected a storage id');
export const volidArg = z
  .string()
  .max(1024)
  .regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]:\S+$/i, 'expected a volume id');
/** A storage content type (backup, iso, vztmpl, images, rootdir, …). */
export const contentArg = z.string().regex(/^[a-z]{2,20}$/, 'expected a content type');

/** A profile's name: the one rule of shared/profile-name.ts (no controls, no bidi overrides). */
export const profileName = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = profileNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The one node-name rule: a host name label as PVE allows it (at most 63 characters). */
export const nodeNameArg = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/, 'expected a node name');

export const fingerprintArg = z
  .string()
  .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, 'expected a SHA-256 fingerprint (AA:BB:...)');

export const snapshotTarget = z
  .object({ profileId, node: nodeNameArg, type: z.enum(['qemu', 'lxc']), vmid })
  .strict();

/** A snapshot's name: PVE's configid rule (shared/snapshots.ts). */
export const snapshotName = z.string().superRefine((name, ctx) => {
  const problem = snapshotNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A guest's option changes: known keys with values of the right shape; limits in superRefine. */
export const optionChanges = z
  .object({
    cores: z.number().int(),
    memory: z.number().int(),
    balloon: z.number().int().optional(),
    swap: z.number().int().optional(),
    name: z.string().max(63),
    description: z.string().max(8192),
    tags: z.array(z.string().max(64)).max(64),
    onboot: z.boolean(),
    startup: z
      .object({
        order: z.number().int().optional(),
        up: z.number().int().optional(),
        down: z.number().int().optional(),
      })
      .strict(),
    protection: z.boolean(),
  })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' });

/** Calls without arguments: nothing, null (the WebSocket bridge sends it) or {}; all undefined. */
export const noArgs = z
  .union([z.undefined(), z.null(), z.object({}).strict()])
  .transform(() => undefined);

export const authInput = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('password'),
    username: nonEmpty(64),
    realm: nonEmpty(32),
    password: z.string().min(1).max(4096),
  }),
  z.object({
    mode: z.literal('token'),
    tokenId: z.string().trim().regex(TOKEN_ID_RE, 'expected user@realm!tokenname'),
    secret: z.string().trim().min(1).max(512),
  }),
]);

/** A log source; unit names and paths are checked here, before anything reaches a shell. */
export const journalRange = z.discriminatedUnion('preset', [
  z.object({ preset: z.literal('live') }).strict(),
  z.object({ preset: z.literal('boot') }).strict(),
  z
    .object({
      preset: z.literal('last'),
      seconds: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400),
    })
    .strict(),
  z
    .object({
      preset: z.literal('range'),
      since: z.number().int().min(0),
      until: z.number().int().min(0),
    })
    .strict()
    .refine((r) => r.since < r.until, { message: 'the range must end after it starts' }),
]);

export const logPath = z.string().superRefine((path, ctx) => {
  const problem = shellArgProblem('path', path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const logSourceSpec = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('node-journal'),
      profileId,
      node: nodeNameArg,
      range: journalRange.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('cluster-log'), profileId }).strict(),
  z.object({ kind: z.literal('task'), profileId, upid }).strict(),
  z
    .object({
      kind: z.literal('guest-journal'),
      profileId,
      node: nodeNameArg,
      type: z.enum(['qemu', 'lxc']),
      vmid,
      units: z
        .array(z.string().regex(UNIT_NAME_RE, 'expected a plain systemd unit name'))
        .max(32)
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('file'),
      profileId,
      node: nodeNameArg,
      vmid: vmid.optional(),
      path: logPath,
    })
    .strict(),
]);

/** What a detail view watches or charts: a guest or a node (spec §4, §5). */
export const guestTarget = z.object({
  profileId,
  node: nodeNameArg,
  kind: z.enum(['qemu', 'lxc']),
  vmid,
});
export const nodeTarget = z.object({ profileId, node: nodeNameArg, kind: z.literal('node') });
export const statsTarget = z.discriminatedUnion('kind', [guestTarget, nodeTarget]);
export const rrdRange = {
  timeframe: z.enum(['hour', 'day', 'week', 'month', 'year']),
  cf: z.enum(['AVERAGE', 'MAX']),
};

export const profileFlags = {
  color: z.enum(PROFILE_COLORS).optional(),
  readOnly: z.boolean().optional(),
  production: z.boolean().optional(),
  rememberSecret: z.boolean().optional(),
  disabled: z.boolean().optional(),
};

export const profileInput = z.object({
  name: profileName,
  url: nonEmpty(300),
  auth: authInput,
  fingerprint: fingerprintArg.optional(),
  ...profileFlags,
});

export const profileArgs = z.object({ profileId });
export const consoleArgs = z.object({ consoleId }).strict();
