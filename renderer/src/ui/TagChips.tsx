import { Badge, Group } from '@mantine/core';
import { tagColorIndex } from '../../../shared/tags';

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

function tagColor(tag: string): string {
  return TAG_PALETTE[tagColorIndex(tag, TAG_PALETTE.length)]!;
}

function TagChip({ tag }: { tag: string }) {
  return (
    <Badge size="xs" radius="sm" variant="light" color={tagColor(tag)} tt="none" fw={500}>
      {tag}
    </Badge>
  );
}

/** Tags as small chips; past `max`, a "+n" chip stands for the rest. */
export function TagChips({ tags, max = Infinity }: { tags: readonly string[]; max?: number }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, max);
  const rest = tags.length - shown.length;
  return (
    <Group gap={3} wrap="nowrap" style={{ overflow: 'hidden', flexShrink: 1 }}>
      {shown.map((t) => (
        <TagChip key={t} tag={t} />
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
