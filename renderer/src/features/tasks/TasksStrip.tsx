// The tasks strip at the bottom: running tasks, then recent outcomes; a row opens its log, and a
// running one can be stopped after a confirmation.

import { Group, NativeSelect, ScrollArea, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { TaskInfo } from '../../../../shared/model';
import { taskKey } from '../../store/appState';
import { useAppState } from '../../store/hooks';
import { selectTasks } from '../../store/selectors';
import type { AppState } from '../../store/appState';
import { orderTasks } from './taskList';
import { openLog } from '../logs/openLog';
import { StopTaskDialog } from './StopTaskDialog';
import { TaskRow } from './TaskRow';
import { useNowSeconds } from './useNow';

const SHOWN = 30;
const ALL = '';
const selectProfiles = (s: AppState) => s.profiles;

/** The bottom strip: running tasks with elapsed time, then recent outcomes. */
export function TasksStrip() {
  const tasks = useAppState(selectTasks);
  const profiles = useAppState(selectProfiles);
  // With several profiles the strip can show one profile's tasks only.
  const [profileFilter, setProfileFilter] = useState(ALL);
  const filter = profiles?.some((p) => p.id === profileFilter) ? profileFilter : ALL;
  const ordered = useMemo(
    () =>
      orderTasks(
        Object.values(tasks).filter((t) => filter === ALL || t.profileId === filter),
        SHOWN,
      ),
    [tasks, filter],
  );
  const runningCount = ordered.filter((t) => t.status === 'running').length;
  const now = useNowSeconds(runningCount > 0);
  // A task's log opens (or is focused) in the log side panel, followed while the task runs.
  const onOpen = useCallback(
    (t: TaskInfo) => openLog({ kind: 'task', profileId: t.profileId, upid: t.upid }),
    [],
  );
  // The task whose Stop was clicked (its live entry is shown, so the dialog sees it end), and the
  // tasks whose stop PVE took, marked "stopping…" until they end.
  const [asking, setAsking] = useState<string>();
  const [stopping, setStopping] = useState<ReadonlySet<string>>(new Set());
  const onStop = useCallback((t: TaskInfo) => setAsking(taskKey(t.profileId, t.upid)), []);
  const onStopped = useCallback(
    (t: TaskInfo) => setStopping((s) => new Set(s).add(taskKey(t.profileId, t.upid))),
    [],
  );

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
        {profiles && profiles.length > 1 && (
          <NativeSelect
            size="xs"
            aria-label="Show tasks of"
            value={filter}
            onChange={(e) => setProfileFilter(e.currentTarget.value)}
            data={[
              { value: ALL, label: 'All profiles' },
              ...profiles.map((p) => ({ value: p.id, label: p.name })),
            ]}
            styles={{
              input: {
                height: 20,
                minHeight: 20,
                lineHeight: '18px',
                paddingBlock: 0,
                fontSize: 11,
              },
            }}
            ml="auto"
          />
        )}
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        {ordered.length === 0 ? (
          <Text size="xs" c="dimmed" px={8} py={4}>
            No tasks yet. Power actions and other operations show here.
          </Text>
        ) : (
          ordered.map((t) => (
            <TaskRow
              key={`${t.profileId}|${t.upid}`}
              task={t}
              now={now}
              onOpen={onOpen}
              onStop={onStop}
              stopping={stopping.has(taskKey(t.profileId, t.upid))}
            />
          ))
        )}
      </ScrollArea>
      <StopTaskDialog
        task={asking === undefined ? undefined : tasks[asking]}
        onClose={() => setAsking(undefined)}
        onStopped={onStopped}
      />
    </div>
  );
}
