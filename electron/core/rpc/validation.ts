// Arguments from the renderer are untrusted: every handler parses them here first. A failure is a
// DeckhandError of kind 'validation' naming the offending field.

import { z } from 'zod';
import { TOKEN_ID_RE } from '../../../shared/token';
import { DeckhandError } from '../../../shared/errors';

const profileId = z.string().min(1).max(100);
const nonEmpty = (max: number) => z.string().trim().min(1).max(max);

export const fingerprintArg = z
  .string()
  .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, 'expected a SHA-256 fingerprint (AA:BB:...)');

const authInput = z.discriminatedUnion('mode', [
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

export const profileInputArgs = z.object({
  name: nonEmpty(100),
  url: nonEmpty(300),
  auth: authInput,
  fingerprint: fingerprintArg.optional(),
});

export const profileUpdateArgs = z
  .object({
    profileId,
    name: nonEmpty(100).optional(),
    fingerprint: fingerprintArg.optional(),
    auth: authInput.optional(),
  })
  .strict()
  .refine((a) => a.name !== undefined || a.fingerprint !== undefined || a.auth !== undefined, {
    message: 'give a name, a fingerprint or credentials to change',
  });

export const probeArgs = z.object({ url: nonEmpty(300), fingerprint: fingerprintArg.optional() });
export const profileArgs = z.object({ profileId });

export const guestActionArgs = z.object({
  profileId,
  node: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9.-]*$/, 'not a node name')
    .max(64),
  type: z.enum(['qemu', 'lxc']),
  vmid: z.number().int().min(100).max(999_999_999),
  action: z.enum(['start', 'shutdown', 'stop', 'reboot', 'suspend', 'resume', 'reset']),
  params: z
    .object({
      timeout: z.number().int().min(0).max(86_400).optional(),
      forceStop: z.boolean().optional(),
    })
    .strict()
    .optional(),
});

export const taskLogArgs = z.object({
  profileId,
  upid: z.string().min(1).max(512),
  start: z.number().int().min(0).optional(),
  limit: z.number().int().min(0).max(100_000).optional(),
});

export const noArgs = z.undefined().or(z.null()).or(z.object({}).strict());

/** Parse untrusted arguments or throw a validation error naming the field. */
export function parseArgs<T extends z.ZodType>(
  schema: T,
  args: unknown,
  call: string,
): z.output<T> {
  const r = schema.safeParse(args);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
  throw new DeckhandError({
    kind: 'validation',
    message: `Invalid ${field} for ${call}: ${issue?.message ?? 'bad input'}`,
  });
}

const consoleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a console id');

export const consoleTargetArgs = z
  .object({
    profileId,
    node: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/, 'expected a node name'),
    kind: z.enum(['shell', 'lxc', 'serial', 'vnc']),
    vmid: z.number().int().min(100).max(999_999_999).optional(),
  })
  .strict()
  .refine((t) => (t.kind === 'shell') === (t.vmid === undefined), {
    message: 'a node shell takes no vmid; every other console needs one',
  });

export const consoleArgs = z.object({ consoleId }).strict();

export const consoleResizeArgs = z
  .object({
    consoleId,
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  })
  .strict();

export const consoleAckArgs = z
  .object({
    consoleId,
    bytes: z
      .number()
      .int()
      .min(0)
      .max(1 << 30),
  })
  .strict();

export const consoleLoginArgs = z
  .object({
    profileId,
    username: nonEmpty(64),
    realm: nonEmpty(32),
    password: z.string().min(1).max(4096),
  })
  .strict();
