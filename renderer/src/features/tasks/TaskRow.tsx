import { Group, Progress, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { memo } from 'react';
import { formatElapsed } from '../../../../shared/format';
import type { TaskInfo } from '../../../../shared/model';

function TaskStatusIcon({ task }: { task: TaskInfo }) {
  if (task.ok === false)
    return (
      <IconCircleX size={15} color="var(--mantine-color-red-6)" aria-label="failed" role="img" />
    );
  if (task.exitstatus?.startsWith('WARNINGS'))
    return (
      <IconAlertTriangle
        size={15}
        color="var(--mantine-color-yellow-6)"
        aria-label="warnings"
        role="img"
      />
    );
  return (
    <IconCircleCheck size={15} color="var(--mantine-color-green-6)" aria-label="OK" role="img" />
  );
}

function endedAt(task: TaskInfo, now: number): string {
  if (!task.endtime) return '';
  const ended = new Date(task.endtime * 1000);
  // Today's tasks need only the time; older ones need the day too.
  return ended.toDateString() === new Date(now * 1000).toDateString()
    ? ended.toLocaleTimeString()
    : ended.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** One task of the strip: running with a bar and elapsed time, or finished with its outcome. */
export const TaskRow = memo(function TaskRow({
  task,
  now,
  onOpen,
}: {
  task: TaskInfo;
  now: number;
  onOpen(task: TaskInfo): void;
}) {
  const running = task.status === 'running';
  return (
    <UnstyledButton
      onClick={() => onOpen(task)}
      data-task-status={running ? 'running' : task.ok === false ? 'error' : 'ok'}
      aria-label={`${task.label}, ${running ? 'running' : (task.exitstatus ?? 'done')}`}
      style={{ display: 'block', width: '100%', padding: '2px 8px', borderRadius: 4 }}
      className="task-row"
    >
      <Group gap={8} wrap="nowrap">
        {running ? (
          <Progress
            value={100}
            animated
            striped
            size="sm"
            w={60}
            aria-label="running"
            style={{ flexShrink: 0 }}
          />
        ) : (
          <TaskStatusIcon task={task} />
        )}
        <Text size="xs" fw={500} truncate="end" style={{ flexShrink: 0, maxWidth: '40%' }}>
          {task.label}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {running ? formatElapsed(now - task.starttime) : endedAt(task, now)}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }} data-testid="task-origin">
          {task.node} · {task.user}
        </Text>
        {!running && task.ok === false && (
          <Text size="xs" c="red" truncate="end" style={{ minWidth: 0 }}>
            {task.exitstatus}
          </Text>
        )}
      </Group>
    </UnstyledButton>
  );
});
