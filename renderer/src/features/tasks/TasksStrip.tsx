import { Group, ScrollArea, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { TaskInfo } from '../../../../shared/model';
import { useAppState } from '../../store/hooks';
import { selectTasks } from '../../store/selectors';
import { orderTasks } from './taskList';
import { TaskLogModal } from './TaskLogModal';
import { TaskRow } from './TaskRow';
import { useNowSeconds } from './useNow';

const SHOWN = 30;

/** The bottom strip: running tasks with elapsed time, then recent outcomes. */
export function TasksStrip() {
  const tasks = useAppState(selectTasks);
  const ordered = useMemo(() => orderTasks(Object.values(tasks), SHOWN), [tasks]);
  const runningCount = ordered.filter((t) => t.status === 'running').length;
  const now = useNowSeconds(runningCount > 0);
  const [open, setOpen] = useState<TaskInfo | null>(null);
  const onOpen = useCallback((t: TaskInfo) => setOpen(t), []);

  return (
    <div
      data-testid="tasks-strip"
      role="region"
      aria-label="Tasks"
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
    >
      <Group
        gap="xs"
        px={8}
        py={2}
        style={{ borderBottom: '1px solid var(--app-shell-border-color)' }}
      >
        <Text size="xs" fw={600}>
          Tasks
        </Text>
        <Text size="xs" c="dimmed">
          {runningCount > 0 ? `${runningCount} running` : 'none running'}
        </Text>
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        {ordered.length === 0 ? (
          <Text size="xs" c="dimmed" px={8} py={4}>
            No tasks yet. Power actions and other operations show here.
          </Text>
        ) : (
          ordered.map((t) => (
            <TaskRow key={`${t.profileId}|${t.upid}`} task={t} now={now} onOpen={onOpen} />
          ))
        )}
      </ScrollArea>
      <TaskLogModal task={open} onClose={() => setOpen(null)} />
    </div>
  );
}
