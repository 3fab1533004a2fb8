import { Group, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label/value pair of a detail pane. */
export function Field({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.3 }}>
        {label}
      </Text>
      <div style={{ fontSize: 'var(--mantine-font-size-sm)' }}>{children}</div>
    </Stack>
  );
}

function barColor(fraction: number): string {
  if (fraction >= 0.9) return 'red';
  if (fraction >= 0.75) return 'yellow';
  return 'blue';
}

/** "1.2 GiB of 4 GiB" with a bar under it. */
export function UsageBar({
  fraction,
  text,
  label,
}: {
  fraction: number | undefined;
  text: string;
  label: string;
}) {
  return (
    <Stack gap={3}>
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Text size="sm">{text}</Text>
        {fraction !== undefined && (
          <Text size="xs" c="dimmed">
            {(fraction * 100).toFixed(0)}%
          </Text>
        )}
      </Group>
      {fraction !== undefined && (
        <Progress value={fraction * 100} size="sm" color={barColor(fraction)} aria-label={label} />
      )}
    </Stack>
  );
}
