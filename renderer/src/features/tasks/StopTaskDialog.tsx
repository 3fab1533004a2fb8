// The confirmation before a running task is stopped (DELETE …/tasks/{upid}, sent once): it names
// the task, its node and cluster, and says what stopping does; a refusal is shown in place.

import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TaskInfo } from '../../../../shared/model';
import { useController, useProfile } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

/** The question, in one wording for every place a task can be stopped from. */
export function stopQuestion(task: TaskInfo, cluster: string | undefined): string {
  return `Stop “${task.label}” on ${task.node}${cluster ? ` (${cluster})` : ''}?`;
}

export const STOP_CONSEQUENCE =
  'The task is interrupted where it is: what it has done so far stays, the rest is not done.';

/**
 * Asks before stopping `task` (undefined: closed). `onStopped` runs once PVE took the request; the
 * task's end arrives later as a task event.
 */
export function StopTaskDialog({
  task,
  onClose,
  onStopped,
}: {
  task: TaskInfo | undefined;
  onClose(): void;
  onStopped(task: TaskInfo): void;
}) {
  const { api } = useController();
  const profile = useProfile(task?.profileId);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setSending(false);
    setError(undefined);
  }, [task?.profileId, task?.upid]);
  const ended = task !== undefined && task.status !== 'running';

  const stop = (): void => {
    if (!task || sending) return;
    setSending(true);
    setError(undefined);
    api.invoke('tasks.stop', { profileId: task.profileId, upid: task.upid }).then(
      () => {
        setSending(false);
        onStopped(task);
        onClose();
      },
      (err: unknown) => {
        setSending(false);
        setError(describeError(err));
      },
    );
  };

  return (
    <Modal
      opened={task !== undefined}
      onClose={onClose}
      title="Stop the task?"
      size="md"
      data-testid="stop-task-dialog"
    >
      {task && (
        <>
          <Text size="sm" fw={500}>
            {stopQuestion(task, profile?.name)}
          </Text>
          <Text size="sm" c="dimmed" mt={4}>
            {ended ? 'The task has already ended.' : STOP_CONSEQUENCE}
          </Text>
          {error && (
            <Alert color="red" mt="sm" p="xs" role="alert">
              <Text size="sm">Could not stop the task: {error}</Text>
            </Alert>
          )}
          <Group justify="flex-end" mt="md" gap="xs">
            <Button variant="default" size="xs" onClick={onClose} data-autofocus>
              {ended ? 'Close' : 'Keep running'}
            </Button>
            {!ended && (
              <Button color="red" size="xs" loading={sending} onClick={stop}>
                Stop task
              </Button>
            )}
          </Group>
        </>
      )}
    </Modal>
  );
}
