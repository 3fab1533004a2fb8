import { Badge, Group } from '@mantine/core';
import { tagColorIndex } from '../../../shared/tags';

/** A tag's colour from the cluster's tag-style (background and text, `#rrggbb`). */
export interface ChipColor {
  bg: string;
  fg: string;
}

const TAG_PALETTE = [
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
] as const;

/** A tag's palette colour (a Mantine colour name) where the cluster gives it none. */
export function tagColor(tag: string): string {
  return TAG_PALETTE[tagColorIndex(tag, TAG_PALETTE.length)]!;
}

function TagChip({ tag, color }: { tag: string; color: ChipColor | undefined }) {
  // The cluster's colour when it gives one; else the stable palette colour.
  return (
    <Badge
      size="xs"
      radius="sm"
      variant={color ? 'filled' : 'light'}
      color={color ? undefined : tagColor(tag)}
      style={color ? { background: color.bg, color: color.fg } : undefined}
      data-tag={tag}
      tt="none"
      fw={500}
    >
      {tag}
    </Badge>
  );
}

/** Tags as small chips (in the cluster's colours where given); past `max`, "+n" for the rest. */
export function TagChips({
  tags,
  max = Infinity,
  colors,
}: {
  tags: readonly string[];
  max?: number;
  colors?: Readonly<Record<string, ChipColor>>;
}) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, max);
  const rest = tags.length - shown.length;
  return (
    <Group gap={3} wrap="nowrap" style={{ overflow: 'hidden', flexShrink: 1 }}>
      {shown.map((t) => (
        <TagChip key={t} tag={t} color={colors?.[t]} />
      ))}
      {rest > 0 && (
        <Badge
          size="xs"
          radius="sm"
          variant="outline"
          color="gray"
          title={tags.slice(max).join(', ')}
        >
          +{rest}
        </Badge>
      )}
    </Group>
  );
}
