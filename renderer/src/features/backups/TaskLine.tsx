// The last task started from a backups or storage view, in one line: running (with its latest log
// line, e.g. vzdump's progress), in doubt, or how it ended (a failure says why, in PVE's words).

import { Group, Loader, Text } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconHelpCircle,
} from '@tabler/icons-react';
import type { TaskInfo } from '../../../../shared/model';

export function TaskLine({ task, what }: { task: TaskInfo; what: string }) {
  const running = task.status === 'running';
  let icon;
  let text: string;
  if (task.outcome === 'in-doubt') {
    icon = <IconHelpCircle size={14} color="var(--mantine-color-yellow-6)" />;
    text = running ? 'may have started — checking the task list…' : (task.exitstatus ?? 'unknown');
  } else if (running) {
    icon = <Loader size={12} />;
    const last = task.logTail?.at(-1)?.replace(/^INFO:\s*/, '');
    text = last ? `running: ${last}` : 'running…';
  } else if (task.ok === false) {
    icon = <IconCircleX size={14} color="var(--mantine-color-red-6)" />;
    // vzdump ends with "job errors"; the guest's own ERROR line says what went wrong.
    const why = task.logTail?.find((l) => l.startsWith('ERROR:'))?.replace(/^ERROR:\s*/, '');
    text = `failed: ${why ?? task.exitstatus ?? 'unknown error'}`;
  } else if (task.exitstatus?.startsWith('WARNINGS')) {
    icon = <IconAlertTriangle size={14} color="var(--mantine-color-yellow-6)" />;
    text = `done with ${task.exitstatus.toLowerCase()}`;
  } else {
    icon = <IconCircleCheck size={14} color="var(--mantine-color-green-6)" />;
    text = 'done';
  }
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-label={what}>
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
