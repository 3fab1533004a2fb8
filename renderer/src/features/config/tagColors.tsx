// Tags in the cluster's colours, as PVE's UI draws them: datacenter.cfg `tag-style` color-map
// gives a tag its background (and text) colour; a tag without one gets the stable palette colour
// Deckhand's chips use. Text without a given colour is black or white, whichever contrasts more
// with the background (WCAG luminance, as Proxmox.Utils.getTextContrastClass).

import { Badge, CloseButton, Group } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TagColor } from '../../../../shared/ipc/config-extra';
import { useController } from '../../store/hooks';

export function useTagColors(profileId: string): Record<string, TagColor> {
  const { api } = useController();
  const [colors, setColors] = useState<Record<string, TagColor>>({});
  useEffect(() => {
    let live = true;
    // Without Sys.Audit on / the options may be refused: the tags keep the palette colours.
    api.invoke('config.tagColors', { profileId }).then(
      (c) => live && setColors(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, profileId]);
  return colors;
}

function luminance(hex: string): number {
  const ch = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = ch.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function textColorFor(bg: string): string {
  const l = luminance(bg);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** One tag as a pill: the cluster's colour when it has one. */
export function TagPill({
  tag,
  color,
  onRemove,
}: {
  tag: string;
  color?: TagColor;
  onRemove?: () => void;
}) {
  const style = color
    ? { background: color.bg, color: color.fg ?? textColorFor(color.bg) }
    : undefined;
  return (
    <Badge
      size="sm"
      radius="sm"
      variant={color ? 'filled' : 'light'}
      color={color ? undefined : 'gray'}
      tt="none"
      fw={500}
      style={style}
      data-testid={`tag-${tag}`}
      rightSection={
        onRemove ? (
          <CloseButton
            size={14}
            aria-label={`Remove tag ${tag}`}
            style={{ color: 'inherit' }}
            onMouseDown={(e) => e.preventDefault()}
            onClick={onRemove}
          />
        ) : undefined
      }
    >
      {tag}
    </Badge>
  );
}

export function TagPills({ tags, colors }: { tags: string[]; colors: Record<string, TagColor> }) {
  return (
    <Group gap={4}>
      {tags.map((t) => (
        <TagPill key={t} tag={t} color={colors[t]} />
      ))}
    </Group>
  );
}
