// PVE replies validated where they enter. PVE's JSON is loosely typed Perl output: booleans as 0/1,
// some numbers as strings, optional keys absent (spec §2). Identity fields are strict; a garbled
// optional stat is dropped rather than failing the whole reply.

import { z } from 'zod';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number, possibly sent as a decimal string. */
const pveNumber = z.union([
  z.number().finite(),
  z
    .string()
    .trim()
    .regex(NUMERIC)
    .transform((s) => Number(s)),
]);

/** PVE booleans: 0/1 (number or string), or JSON true/false. */
const pveBoolean = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1');

/** Optional and forgiving: absent, null or malformed values become undefined. */
export function loose<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

const optNum = loose(pveNumber);
const optStr = loose(z.string());
const optBool = loose(pveBoolean);

export const ticketReply = z.object({
  username: z.string(),
  ticket: optStr,
  CSRFPreventionToken: optStr,
  clustername: optStr,
  NeedTFA: optBool,
});

export const versionReply = z.object({
  version: z.string(),
  release: optStr,
  repoid: optStr,
});

export const clusterStatusReply = z.array(
  z.object({
    type: z.string(),
    id: optStr,
    name: optStr,
    nodeid: optNum,
    online: optBool,
    local: optBool,
    quorate: optBool,
  }),
);

/** Uptime and usage, as guests and nodes report them in /cluster/resources. */
const usageStats = {
  uptime: optNum,
  cpu: optNum,
  maxcpu: optNum,
  mem: optNum,
  maxmem: optNum,
  disk: optNum,
  maxdisk: optNum,
};

export const guestItem = z.object({
  id: z.string(),
  type: z.enum(['qemu', 'lxc']),
  vmid: pveNumber,
  node: z.string(),
  name: optStr,
  status: z.string().catch('unknown'),
  template: optBool,
  ...usageStats,
  netin: optNum,
  netout: optNum,
  diskread: optNum,
  diskwrite: optNum,
  pool: optStr,
  lock: optStr,
  tags: optStr,
  hastate: optStr,
});

export const nodeItem = z.object({
  id: z.string(),
  type: z.literal('node'),
  node: z.string(),
  status: z.enum(['online', 'offline', 'unknown']).catch('unknown'),
  ...usageStats,
  level: optStr,
  hastate: optStr,
});

export const storageItem = z.object({
  id: z.string(),
  type: z.literal('storage'),
  storage: z.string(),
  node: z.string(),
  plugintype: optStr,
  status: optStr,
  shared: optBool,
  content: optStr,
  disk: optNum,
  maxdisk: optNum,
});

export const poolItem = z.object({
  id: z.string(),
  type: z.literal('pool'),
  pool: z.string(),
});

export const taskStatusReply = z.object({
  status: z.string(),
  exitstatus: optStr,
});

export const taskLogReply = z.array(z.object({ n: pveNumber, t: z.string().catch('') }));

export const clusterTaskItem = z.object({
  upid: z.string(),
  node: z.string(),
  type: z.string(),
  id: loose(z.union([z.string(), z.number()]).transform(String)),
  user: z.string(),
  tokenid: optStr,
  starttime: pveNumber,
  endtime: optNum,
  status: optStr,
});
export type ClusterTaskItem = z.infer<typeof clusterTaskItem>;

export const domainsReply = z.array(
  z.object({
    realm: z.string(),
    type: z.string(),
    comment: optStr,
    default: optBool,
    tfa: optStr,
  }),
);

/** `data` of a power action: the UPID of the task it started. */
export const upidReply = z.string().startsWith('UPID:');
