// A stream's state as a compact chip (following, paused, reconnecting, failed, complete; a task's
// final status), and the line under the toolbar that says why, with Retry, Stop or notices.

import { Badge, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconPlayerStopFilled, IconRefresh } from '@tabler/icons-react';
import type { LogStreamInfo } from '../../../../shared/logs';

interface Chip {
  label: string;
  color: string;
  state: string;
}

/** What the chip says for a stream (and whether the view is paused by the user). */
export function streamChip(info: LogStreamInfo, paused: boolean): Chip {
  if (info.task && !info.task.running && info.task.exitstatus !== undefined) {
    const ok = info.task.exitstatus === 'OK';
    const warn = info.task.exitstatus.startsWith('WARNINGS');
    return {
      label: ok ? 'OK' : info.task.exitstatus,
      color: ok ? 'green' : warn ? 'yellow' : 'red',
      state: ok ? 'task-ok' : 'task-failed',
    };
  }
  switch (info.status) {
    case 'connecting':
      return { label: 'connecting', color: 'gray', state: 'connecting' };
    case 'following':
      if (paused) return { label: 'paused', color: 'yellow', state: 'paused' };
      return {
        label: info.task?.running ? 'running' : 'following',
        color: 'green',
        state: 'following',
      };
    case 'complete':
      return { label: 'complete', color: 'blue', state: 'complete' };
    case 'reconnecting':
      return { label: 'reconnecting', color: 'orange', state: 'reconnecting' };
    case 'failed':
      return { label: 'failed', color: 'red', state: 'failed' };
    case 'closed':
      return { label: 'closed', color: 'gray', state: 'closed' };
  }
}

export function StateChip({ info, paused }: { info: LogStreamInfo; paused: boolean }) {
  const chip = streamChip(info, paused);
  return (
    <Tooltip label={info.message ?? chip.label} disabled={!info.message} withinPortal>
      <Badge
        size="sm"
        radius="sm"
        variant="light"
        color={chip.color}
        data-testid="log-state"
        data-state={chip.state}
        leftSection={
          info.status === 'connecting' || info.status === 'reconnecting' ? (
            <Loader size={8} color={chip.color} />
          ) : undefined
        }
        style={{ flexShrink: 0, textTransform: 'none', fontWeight: 600 }}
      >
        {chip.label}
      </Badge>
    </Tooltip>
  );
}

/** The line under the toolbar: why it failed or reconnects, a notice, a running task's Stop. */
export function StreamNotice({
  info,
  dropped,
  onRetry,
  onStop,
}: {
  info: LogStreamInfo;
  dropped: number;
  onRetry(): void;
  onStop?: () => void;
}) {
  const failed = info.status === 'failed';
  const running = info.task?.running === true;
  const parts: string[] = [];
  if (info.message && !failed) parts.push(info.message);
  if (dropped > 0) parts.push(`${dropped.toLocaleString('en-US')} older lines dropped`);
  if (!failed && !running && parts.length === 0) return null;
  return (
    <Group
      gap={6}
      px={8}
      py={3}
      wrap="nowrap"
      className="log-notice"
      data-tone={failed ? 'error' : info.status === 'reconnecting' ? 'warning' : undefined}
    >
      {failed ? (
        <Text
          size="xs"
          c="red"
          style={{ flex: 1, minWidth: 0 }}
          role="alert"
          data-testid="log-failure"
        >
          {info.message ?? 'The stream failed.'}
        </Text>
      ) : (
        <Text
          size="xs"
          c="dimmed"
          style={{ flex: 1, minWidth: 0 }}
          truncate="end"
          data-testid="log-notice"
          title={parts.join(' · ')}
        >
          {parts.join(' · ')}
        </Text>
      )}
      {failed && (
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconRefresh size={12} />}
          onClick={onRetry}
        >
          Retry
        </Button>
      )}
      {running && onStop && (
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          leftSection={<IconPlayerStopFilled size={11} />}
          onClick={onStop}
        >
          Stop task
        </Button>
      )}
    </Group>
  );
}
