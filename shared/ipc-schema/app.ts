// Argument checks of the app's calls and notifications (shared/ipc/app.ts).

import { z } from 'zod';
import { FIRST_FRAME_MAX_ROWS } from '../first-frame';

export const APP_NOTIFICATION_ARGS = {
  'app.visibility': z.object({ visible: z.boolean(), focused: z.boolean().optional() }).strict(),
};

const text = (max: number) => z.string().max(max);
const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const tag = z
  .object({
    text: text(60),
    bg: hex.optional(),
    fg: hex.optional(),
    palette: z
      .string()
      .regex(/^[a-z]{3,8}$/)
      .optional(),
  })
  .strict();
const rowBase = { profileId: z.string().min(1).max(100) };
/** A first frame's row (shared/first-frame.ts): plain text of bounded size, nothing else. */
const firstFrameRow = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('profile'),
      ...rowBase,
      name: text(200),
      expanded: z.boolean(),
      standalone: z.boolean().optional(),
      disabled: z.boolean().optional(),
      seenAt: z.number().finite().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('node'),
      ...rowBase,
      name: text(100),
      status: text(20),
      expanded: z.boolean(),
      counts: text(30),
    })
    .strict(),
  z
    .object({
      kind: z.literal('guest'),
      ...rowBase,
      level: z.union([z.literal(2), z.literal(3)]),
      name: text(200),
      vmid: z.number().int().min(0).max(999_999_999),
      type: z.enum(['qemu', 'lxc']),
      status: text(20),
      template: z.boolean().optional(),
      tags: z.array(tag).max(2).optional(),
      moreTags: z.number().int().min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('group'),
      ...rowBase,
      label: text(200),
      count: z.number().int().min(0),
      expanded: z.boolean(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('note'),
      ...rowBase,
      level: z.union([z.literal(2), z.literal(3)]),
      text: text(300),
    })
    .strict(),
]);

export const firstFrameSchema = z
  .object({
    version: z.literal(1),
    savedAt: z.number().finite(),
    view: z.enum(['nodes', 'tags', 'pools']),
    rows: z.array(firstFrameRow).max(FIRST_FRAME_MAX_ROWS),
  })
  .strict();

export const APP_CALL_ARGS = {
  'app.saveFirstFrame': z.object({ frame: firstFrameSchema }).strict(),
};
