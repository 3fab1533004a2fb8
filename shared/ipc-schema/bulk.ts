// Argument check of bulk.run (shared/ipc/guests.ts): 1 to 500 guests and one of a power action,
// a snapshot (one name for all by PVE's configid rule), a backup (storage, mode, compression) or a
// migration (target node, online, restart timeout, local disks, target storage, max workers).

import { z } from 'zod';
import { BULK_ACTIONS } from '../bulk';
import { nodeNameArg, profileId, snapshotName, storageArg, vmid } from './blocks';

const items = z
  .array(z.object({ profileId, node: nodeNameArg, type: z.enum(['qemu', 'lxc']), vmid }).strict())
  .min(1)
  .max(500);

export const BULK_CALL_ARGS = {
  'bulk.run': z.union([
    z.object({ items, action: z.enum(BULK_ACTIONS) }).strict(),
    z
      .object({
        items,
        action: z.literal('snapshot'),
        snapshot: z
          .object({
            name: snapshotName,
            description: z.string().max(8192).optional(),
            vmstate: z.boolean().optional(),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        items,
        action: z.literal('backup'),
        backup: z
          .object({
            storage: storageArg,
            mode: z.enum(['snapshot', 'suspend', 'stop']),
            compress: z.enum(['0', 'gzip', 'lzo', 'zstd']).optional(),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        items,
        action: z.literal('migrate'),
        migrate: z
          .object({
            target: nodeNameArg,
            online: z.boolean(),
            restartTimeout: z.number().int().min(1).max(86400).optional(),
            withLocalDisks: z.boolean().optional(),
            targetStorage: storageArg.optional(),
            maxWorkers: z.number().int().min(1).max(64).optional(),
          })
          .strict(),
      })
      .strict(),
  ]),
};
