// Argument checks of the create calls (shared/ipc/create.ts): shapes and lengths only. PVE's own
// rules (bounds, DNS names, key formats) are the wizard's (shared/create.ts validateCreate) and
// PVE's, so that what PVE refuses comes back on the wizard's fields.

import { z } from 'zod';
import { nodeNameArg, profileId, storageArg, vmid, volidArg } from './blocks';

const guestType = z.enum(['qemu', 'lxc']);
const int = z.number().int();

export const CREATE_CALL_ARGS = {
  'create.options': z.object({ profileId, node: nodeNameArg, type: guestType }).strict(),
  'create.run': z
    .object({
      profileId,
      node: nodeNameArg,
      type: guestType,
      vmid,
      name: z.string().max(255).optional(),
      pool: z.string().max(64).optional(),
      cores: int,
      memoryMiB: int,
      swapMiB: int.optional(),
      balloonMiB: int.optional(),
      diskStorage: storageArg,
      diskGiB: int,
      template: volidArg.optional(),
      iso: volidArg.optional(),
      ostype: z.string().max(16).optional(),
      password: z.string().max(256).optional(),
      sshKeys: z.string().max(16384).optional(),
      unprivileged: z.boolean().optional(),
      net: z
        .object({
          bridge: z.string().max(64),
          vlan: int.optional(),
          ip: z.string().max(64),
          gw: z.string().max(64).optional(),
          firewall: z.boolean(),
        })
        .strict(),
      cloudInit: z
        .object({ storage: storageArg, user: z.string().max(64).optional() })
        .strict()
        .optional(),
      start: z.boolean(),
    })
    .strict(),
};
