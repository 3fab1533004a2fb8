// One row of the tasks strip: status, label, when it started and how long it ran, who ran it.

import { ActionIcon, Group, Progress, Text, Tooltip, UnstyledButton } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconHelpCircle,
  IconPlayerStopFilled,
} from '@tabler/icons-react';
import { memo } from 'react';
import { isInDoubtPlaceholder, type TaskInfo } from '../../../../shared/model';
import { ProfileChip, useProfileTag } from '../../ui/ProfileChip';
import { taskTimes } from './taskList';
import { taskReason } from './taskReason';

/** What is known of an in-doubt action, after its label. */
function doubtNote(task: TaskInfo): string {
  if (task.outcome === 'confirmed') return ' ran (confirmed from the task list)';
  if (task.outcome === 'in-doubt' && task.status === 'running') return ' may have run — checking…';
  return '';
}

function TaskStatusIcon({ task }: { task: TaskInfo }) {
  if (task.outcome === 'in-doubt')
    return (
      <IconHelpCircle
        size={15}
        color="var(--mantine-color-yellow-6)"
        aria-label="unknown"
        role="img"
      />
    );
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

/** One task of the strip: running with a bar and elapsed time, or finished with its outcome. */
export const TaskRow = memo(function TaskRow({
  task,
  now,
  onOpen,
  onStop,
  stopping = false,
}: {
  task: TaskInfo;
  now: number;
  onOpen(task: TaskInfo): void;
  /** Asks to stop a running task (a confirmation follows); absent: no Stop button. */
  onStop?(task: TaskInfo): void;
  /** The stop request was taken: the task is ending. */
  stopping?: boolean;
}) {
  const running = task.status === 'running';
  const times = taskTimes(task, now);
  const note = doubtNote(task);
  const checking = running && task.outcome === 'in-doubt';
  const unknown = !running && task.outcome === 'in-doubt';
  const reason = taskReason(task);
  // An in-doubt placeholder is no PVE task: there is nothing to stop.
  const stoppable = running && onStop !== undefined && !isInDoubtPlaceholder(task.upid);
  // Which cluster it ran on (only when there are several).
  const tag = useProfileTag(task.profileId);
  return (
    <div className="task-row-line" style={{ display: 'flex', alignItems: 'center' }}>
      {/* At the row's start: toasts (bottom right) never cover it. */}
      {stoppable && (
        <Tooltip label={`Stop ${task.label}`} openDelay={400}>
          <ActionIcon
            variant="subtle"
            color="red"
            size="sm"
            ml={4}
            disabled={stopping}
            aria-label={`Stop ${task.label}`}
            onClick={() => onStop(task)}
          >
            <IconPlayerStopFilled size={12} />
          </ActionIcon>
        </Tooltip>
      )}
      <UnstyledButton
        // An in-doubt placeholder is no PVE task: it has no log to open.
        onClick={() => (isInDoubtPlaceholder(task.upid) ? undefined : onOpen(task))}
        data-task-status={
          checking
            ? 'in-doubt'
            : running
              ? 'running'
              : task.ok === false
                ? reason?.kind === 'stopped'
                  ? 'stopped'
                  : 'error'
                : unknown
                  ? 'unknown'
                  : 'ok'
        }
        aria-label={`${tag ? `${tag.name}: ` : ''}${task.label}${note}, ${checking ? 'checking' : running ? 'running' : (reason?.text ?? task.exitstatus ?? 'done')}`}
        style={{ display: 'block', flex: 1, minWidth: 0, padding: '2px 8px', borderRadius: 4 }}
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
          {tag && <ProfileChip tag={tag} withName maxWidth={120} />}
          <Text size="xs" fw={500} truncate="end" style={{ flexShrink: 0, maxWidth: '40%' }}>
            {task.label}
          </Text>
          {note && (
            <Text size="xs" c={checking ? 'yellow' : 'dimmed'} style={{ flexShrink: 0 }}>
              {note.trim()}
            </Text>
          )}
          <Text
            size="xs"
            c="dimmed"
            style={{ flexShrink: 0 }}
            data-testid="task-times"
            title={`Started ${times.start}${times.length ? `, ${running ? 'running for' : 'took'} ${times.length}` : ''}`}
          >
            {times.length ? `${times.start} · ${times.length}` : times.start}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }} data-testid="task-origin">
            {task.node} · {task.user}
          </Text>
          {stopping && running && (
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              stopping…
            </Text>
          )}
          {reason && (
            <Text
              size="xs"
              c={
                reason.kind === 'unknown' ? 'yellow' : reason.kind === 'stopped' ? 'orange' : 'red'
              }
              truncate="end"
              style={{ minWidth: 0 }}
              title={reason.full}
              data-testid="task-reason"
            >
              {reason.text}
            </Text>
          )}
        </Group>
      </UnstyledButton>
    </div>
  );
});
