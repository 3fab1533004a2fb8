// A task's log in a modal, polled while the task runs.

import { Alert, Badge, Group, Loader, Modal, ScrollArea, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { TaskInfo, TaskLogLine } from '../../../../shared/model';
import { DisposableStore } from '../../../../shared/lifecycle';
import { describeError } from '../../ui/describeError';
import { useAppState, useController } from '../../store/hooks';
import { taskKey, type AppState } from '../../store/appState';
import { taskTimes } from './taskList';
import { useNowSeconds } from './useNow';

const POLL_MS = 1000;

/** The log of one task, polled while it runs. */
export function TaskLogModal({ task, onClose }: { task: TaskInfo | null; onClose(): void }) {
  const controller = useController();
  // Follow the task's live state so the badge and polling stop when it ends.
  const key = task ? taskKey(task.profileId, task.upid) : '';
  const live = useAppState(useCallback((s: AppState) => s.tasks[key], [key]));
  const current = live ?? task;
  const running = current?.status === 'running';
  const now = useNowSeconds(running);
  const times = current ? taskTimes(current, now) : undefined;
  const [lines, setLines] = useState<TaskLogLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const profileId = task?.profileId;
  const upid = task?.upid;
  useEffect(() => {
    if (!profileId || !upid) return;
    const { scheduler } = controller;
    // The poll loop ends with the effect: the store's disposal aborts its wait.
    const store = new DisposableStore('TaskLogModal');
    const stop = new AbortController();
    store.defer(() => {
      stop.abort();
      setLines(null);
    });
    const load = async () => {
      try {
        const log = await controller.api.invoke('tasks.log', {
          profileId,
          upid,
          start: 0,
          limit: 5000,
        });
        if (store.isDisposed) return;
        setLines(log.lines);
        setError(null);
      } catch (err) {
        if (!store.isDisposed) setError(describeError(err));
      }
    };
    const poll = async () => {
      await load();
      while (running && !store.isDisposed) {
        await scheduler.delay(POLL_MS, { signal: stop.signal, label: 'task log poll' });
        await load();
      }
    };
    poll().catch(() => undefined); // only the abort ends it early
    return () => void store.dispose();
  }, [controller, profileId, upid, running]);

  return (
    <Modal opened={task !== null} onClose={onClose} size="xl" title={current?.label ?? 'Task'}>
      {current && times && (
        <Group gap="xs" mb="xs">
          <Badge color={running ? 'blue' : current.ok === false ? 'red' : 'green'} variant="light">
            {running ? 'running' : (current.exitstatus ?? 'stopped')}
          </Badge>
          <Text size="xs" c="dimmed" data-testid="task-log-times">
            {current.node} · {current.user} · started {times.start}
            {times.length ? ` · ${running ? 'running for' : 'took'} ${times.length}` : ''}
          </Text>
        </Group>
      )}
      {error && (
        <Alert color="red" mb="xs">
          {error}
        </Alert>
      )}
      {lines === null && !error ? (
        <Loader size="sm" />
      ) : (
        <ScrollArea.Autosize mah="60vh">
          <pre data-testid="task-log" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
            {(lines ?? []).map((l) => l.t).join('\n')}
          </pre>
        </ScrollArea.Autosize>
      )}
    </Modal>
  );
}
