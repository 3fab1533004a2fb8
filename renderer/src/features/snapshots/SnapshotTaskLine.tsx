// The last snapshot task started from the panel, in one line: running, in doubt, or how it ended
// (a failure says why, in PVE's words).

import { Group, Loader, Text } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconHelpCircle,
} from '@tabler/icons-react';
import type { TaskInfo } from '../../../../shared/model';

export function SnapshotTaskLine({ task }: { task: TaskInfo }) {
  const running = task.status === 'running';
  let icon;
  let text: string;
  if (task.outcome === 'in-doubt') {
    icon = <IconHelpCircle size={14} color="var(--mantine-color-yellow-6)" />;
    text = running ? 'may have started — checking the task list…' : (task.exitstatus ?? 'unknown');
  } else if (running) {
    icon = <Loader size={12} />;
    text = 'running…';
  } else if (task.ok === false) {
    icon = <IconCircleX size={14} color="var(--mantine-color-red-6)" />;
    text = `failed: ${task.exitstatus ?? 'unknown error'}`;
  } else if (task.exitstatus?.startsWith('WARNINGS')) {
    icon = <IconAlertTriangle size={14} color="var(--mantine-color-yellow-6)" />;
    text = `done with ${task.exitstatus.toLowerCase()}`;
  } else {
    icon = <IconCircleCheck size={14} color="var(--mantine-color-green-6)" />;
    text = 'done';
  }
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-label="Snapshot task">
      {icon}
      <Text size="xs" truncate>
        <Text span size="xs" fw={500}>
          {task.label}
        </Text>{' '}
        — {text}
      </Text>
    </Group>
  );
}
