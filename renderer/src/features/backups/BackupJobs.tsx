// The cluster's backup jobs (/cluster/backup): schedule, next run, which guests, storage and mode,
// enabled or not, and the last run's result per guest (read from the vzdump tasks' logs); "Run
// now" sends the job's settings to vzdump on each node, as PVE's UI does. Self-contained: give it
// the profile.

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { BackupJob } from '../../../../shared/backups';
import { formatDateTime } from '../../../../shared/format';
import type { BackupRunResult } from '../../../../shared/ipc';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { useLastTask } from './BackupsPanel';
import { TaskLine } from './TaskLine';

function selection(j: BackupJob): string {
  if (j.all) return j.exclude.length ? `All but ${j.exclude.join(', ')}` : 'All guests';
  if (j.pool) return `Pool ${j.pool}`;
  return j.vmids.join(', ');
}

function LastRun({ job, now }: { job: BackupJob; now: number }) {
  if (job.lastRun.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No run in the recent tasks
      </Text>
    );
  }
  const failed = job.lastRun.filter((r) => !r.ok);
  const newest = Math.max(...job.lastRun.map((r) => r.time));
  return (
    <Stack gap={2}>
      <Text size="xs">
        {formatDateTime(newest, now)}:{' '}
        {failed.length === 0 ? (
          <Text span size="xs" c="green">
            {job.lastRun.length} ok
          </Text>
        ) : (
          <Text span size="xs" c="red">
            {failed.length} of {job.lastRun.length} failed
          </Text>
        )}
      </Text>
      {failed.map((r) => (
        <Text key={r.vmid} size="xs" c="red" truncate maw={320} title={r.error}>
          {r.vmid}: {r.error ?? 'failed'}
        </Text>
      ))}
    </Stack>
  );
}

export function BackupJobs({ profileId }: { profileId: string }) {
  const { api } = useController();
  const [jobs, setJobs] = useState<BackupJob[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [runError, setRunError] = useState<string>();
  const [lastUpid, setLastUpid] = useState<string>();
  const task = useLastTask(profileId, lastUpid);

  const reload = useCallback(() => {
    setLoading(true);
    api.invoke('backups.jobs', { profileId }).then(
      (list) => {
        setJobs(list);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        setError(describeError(err));
        setLoading(false);
      },
    );
  }, [api, profileId]);

  useEffect(() => reload(), [reload]);
  useEffect(() => {
    if (task?.status === 'stopped') reload();
  }, [task?.status, reload]);

  const run = (id: string) => {
    setRunError(undefined);
    api.invoke('backups.runJob', { profileId, id }).then(
      (r: BackupRunResult) => {
        if (r.tasks[0]) setLastUpid(r.tasks[0].upid);
        if (r.failures.length)
          setRunError(r.failures.map((f) => `${f.node}: ${f.message}`).join('; '));
        if (r.tasks.length === 0 && r.failures.length === 0)
          setRunError('No node has a guest of this job.');
      },
      (err: unknown) => setRunError(describeError(err)),
    );
  };

  const now = Math.floor(Date.now() / 1000);
  return (
    <Stack gap="xs" aria-label="Backup jobs" role="region">
      <Group gap={6} justify="space-between">
        <Text size="sm" fw={600}>
          Backup jobs
        </Text>
        <Tooltip label="Read again" withinPortal>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label="Refresh backup jobs"
            onClick={reload}
            loading={loading}
          >
            <IconRefresh size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {error && (
        <Alert color="red" variant="light" p="xs" role="alert">
          Can’t read the backup jobs: {error}
        </Alert>
      )}
      {jobs && jobs.length === 0 && (
        <Text size="xs" c="dimmed">
          No backup jobs: nothing is backed up on a schedule.
        </Text>
      )}
      {jobs && jobs.length > 0 && (
        <Table
          verticalSpacing={4}
          horizontalSpacing="xs"
          fz="xs"
          aria-label="Backup jobs"
          role="grid"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Schedule</Table.Th>
              <Table.Th>Next run</Table.Th>
              <Table.Th>Guests</Table.Th>
              <Table.Th>Storage</Table.Th>
              <Table.Th>Last run</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((j) => (
              <Table.Tr key={j.id} title={j.comment ?? j.id}>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="xs" fw={500}>
                      {j.schedule ?? '—'}
                    </Text>
                    {!j.enabled && (
                      <Badge size="xs" color="gray" variant="light" style={{ flexShrink: 0 }}>
                        disabled
                      </Badge>
                    )}
                  </Group>
                  {j.comment && (
                    <Text size="xs" c="dimmed" truncate maw={180}>
                      {j.comment}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {j.enabled && j.nextRun ? formatDateTime(j.nextRun, now) : '—'}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" truncate maw={160}>
                    {selection(j)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {j.storage ?? 'local'} · {j.mode ?? 'snapshot'}
                </Table.Td>
                <Table.Td>
                  <LastRun job={j} now={now} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="default"
                    leftSection={<IconPlayerPlay size={12} />}
                    onClick={() => run(j.id)}
                    aria-label={`Run ${j.id} now`}
                  >
                    Run now
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {runError && (
        <Text size="xs" c="red" role="alert">
          {runError}
        </Text>
      )}
      {task && <TaskLine task={task} what="Backup job task" />}
    </Stack>
  );
}
