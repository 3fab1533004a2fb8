// Argument checks of the clone calls (shared/ipc/clone.ts): ids in PVE's range, names by PVE's
// `dns-name` rule, pool ids by `pve-poolid`, at most CLONE_MAX_COPIES copies with distinct ids.

import { z } from 'zod';
import { CLONE_MAX_COPIES, dnsNameProblem } from '../clone';
import { nodeNameArg, profileId, snapshotName, snapshotTarget, storageArg, vmid } from './blocks';

const dnsName = z
  .string()
  .min(1)
  .superRefine((name, ctx) => {
    const problem = dnsNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const CLONE_CALL_ARGS = {
  'clone.nextIds': z
    .object({ profileId, count: z.number().int().min(1).max(CLONE_MAX_COPIES) })
    .strict(),
  'clone.checkId': z.object({ profileId, vmid }).strict(),
  'clone.run': snapshotTarget
    .extend({
      copies: z
        .array(z.object({ newid: vmid, name: dnsName.optional() }).strict())
        .min(1)
        .max(CLONE_MAX_COPIES)
        .refine((c) => new Set(c.map((x) => x.newid)).size === c.length, 'ids must differ'),
      full: z.boolean().optional(),
      target: nodeNameArg.optional(),
      storage: storageArg.optional(),
      pool: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a pool id')
        .optional(),
      description: z.string().max(8192).optional(),
      snapname: snapshotName.optional(),
    })
    .strict(),
  'guest.template': snapshotTarget,
};
