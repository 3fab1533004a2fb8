// Argument checks of the Options tab's hardware calls (shared/ipc/config-extra.ts).

import { z } from 'zod';
import { NET_MODELS, SIZE_RE, netProblems, type NetModel } from '../config-hw';
import { nodeNameArg, profileId, snapshotTarget } from './blocks';

const digest = z.string().regex(/^[0-9a-f]{40}$/);

const netSpec = z
  .object({
    bridge: z.string().max(64),
    model: z.enum(NET_MODELS as [NetModel, ...NetModel[]]).optional(),
    name: z.string().max(64).optional(),
    ip: z.string().max(64).optional(),
    gw: z.string().max(64).optional(),
    firewall: z.boolean().optional(),
  })
  .strict();

export const CONFIG_EXTRA_CALL_ARGS = {
  'config.resize': snapshotTarget
    .extend({
      disk: z.string().regex(/^(ide|sata|scsi|virtio|mp)\d+$|^(efidisk0|tpmstate0|rootfs)$/),
      size: z.string().regex(SIZE_RE, 'a size like +4G or 40G'),
      digest,
    })
    .strict(),
  'config.setNet': snapshotTarget
    .extend({
      key: z.string().regex(/^net([0-9]|[12][0-9]|3[01])$/, 'net0 to net31'),
      net: netSpec.nullable(),
      digest,
    })
    .strict()
    .superRefine((a, ctx) => {
      if (!a.net) return;
      for (const [field, message] of Object.entries(netProblems(a.type, a.net))) {
        ctx.addIssue({ code: 'custom', message, path: ['net', field] });
      }
    }),
  'config.bridges': z.object({ profileId, node: nodeNameArg }).strict(),
  'config.tagColors': z.object({ profileId }).strict(),
};
