// A guest's backups on every backup storage its node sees (file archives and PBS snapshots):
// date, storage, size, format, notes, protected and verification; Back up now, Restore and
// Delete, each started as a task (the tasks strip follows it) whose state shows under the list.
// Self-contained: give it the profile and the guest.

import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconArchive,
  IconLock,
  IconRefresh,
  IconRestore,
  IconShieldCheck,
  IconShieldX,
  IconTrash,
} from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { StorageVolume } from '../../../../shared/backups';
import { formatBytes, formatDateTime } from '../../../../shared/format';
import type { BackupRunResult } from '../../../../shared/ipc';
import type { GuestResource, TaskInfo } from '../../../../shared/model';
import { taskKey, type AppState } from '../../store/appState';
import { useAppState, useController, useResource } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { BackupNowModal } from './BackupNowModal';
import { formatLabel } from './backupText';
import { RestoreModal } from './RestoreModal';
import { TaskLine } from './TaskLine';
import { useBackups } from './useBackups';

/** The newest state of a task started here (or of the confirmed task that replaced it). */
export function useLastTask(profileId: string, upid: string | undefined): TaskInfo | undefined {
  return useAppState(
    useCallback(
      (s: AppState): TaskInfo | undefined => {
        if (!upid) return undefined;
        return (
          s.tasks[taskKey(profileId, upid)] ??
          Object.values(s.tasks).find((t) => t.replaces === upid)
        );
      },
      [profileId, upid],
    ),
  );
}

export function BackupsPanel({
  profileId,
  guest: given,
}: {
  profileId: string;
  guest: GuestResource;
}) {
  const { api } = useController();
  const live = useResource(profileId, given.id) as GuestResource | undefined;
  const guest = live ?? given;
  const { list, error, loading, reload } = useBackups(profileId, guest);
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'backup' | 'restore' | 'delete' | null>(null);
  const [lastUpid, setLastUpid] = useState<string>();
  const [deleteError, setDeleteError] = useState<string>();
  const task = useLastTask(profileId, lastUpid);
  const volume = list?.volumes.find((v) => v.volid === selected) ?? null;
  const guestLabel = `${guestKindLabel(guest)} (${guestDisplayName(guest)})`;
  const now = Math.floor(Date.now() / 1000);
  const offline = guest.status === 'unknown' ? 'The guest’s node is offline' : undefined;
  const pick = volume ? undefined : 'Select a backup first';

  const started = (t: TaskInfo) => {
    setLastUpid(t.upid);
    reload();
  };

  const remove = (v: StorageVolume) => {
    setDeleteError(undefined);
    api.invoke('backups.delete', { profileId, node: guest.node, volid: v.volid }).then(
      (t) => {
        setDialog(null);
        setSelected(null);
        started(t);
      },
      (err: unknown) => setDeleteError(describeError(err)),
    );
  };

  const button = (
    label: string,
    Icon: typeof IconTrash,
    onClick: () => void,
    disabled: string | undefined,
    color?: string,
  ) => {
    const b = (
      <Button
        size="compact-xs"
        variant="default"
        color={color}
        leftSection={<Icon size={13} />}
        disabled={disabled !== undefined}
        onClick={onClick}
      >
        {label}
      </Button>
    );
    return disabled ? (
      <Tooltip key={label} label={disabled} withinPortal>
        <span>{b}</span>
      </Tooltip>
    ) : (
      <span key={label}>{b}</span>
    );
  };

  return (
    <Stack gap="xs" aria-label={`Backups of ${guestLabel}`} role="region">
      <Group gap={6} role="toolbar" aria-label="Backup actions">
        {button('Back up now', IconArchive, () => setDialog('backup'), offline)}
        {button('Restore', IconRestore, () => setDialog('restore'), offline ?? pick)}
        {button('Delete', IconTrash, () => setDialog('delete'), offline ?? pick, 'red')}
        <Tooltip label="Read the list again" withinPortal>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label="Refresh backups"
            onClick={reload}
            loading={loading}
          >
            <IconRefresh size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {error && !list && (
        <Alert color="red" variant="light" p="xs" role="alert">
          Can’t read the backups: {error}
        </Alert>
      )}
      {list?.failures.map((f) => (
        <Text key={f.storage} size="xs" c="orange">
          {f.storage}: {f.message}
        </Text>
      ))}
      {list && list.volumes.length > 0 && (
        <Table
          highlightOnHover
          verticalSpacing={3}
          horizontalSpacing="xs"
          fz="xs"
          aria-label="Backups"
          role="grid"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>Date</Table.Th>
              <Table.Th>Storage</Table.Th>
              <Table.Th ta="right">Size</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th>Notes</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.volumes.map((v) => {
              const isSel = v.volid === selected;
              return (
                <Table.Tr
                  key={v.volid}
                  aria-selected={isSel}
                  tabIndex={0}
                  title={v.volid}
                  onClick={() => setSelected(v.volid)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelected(v.volid);
                    }
                  }}
                  style={{
                    cursor: 'pointer',
                    background: isSel ? 'var(--mantine-primary-color-light)' : undefined,
                  }}
                >
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {v.ctime ? formatDateTime(v.ctime, now) : '—'}
                  </Table.Td>
                  <Table.Td>{v.storage}</Table.Td>
                  <Table.Td
                    ta="right"
                    style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                  >
                    {formatBytes(v.size)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatLabel(v)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" truncate maw={260}>
                      {v.notes ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {v.protected && (
                        <Tooltip label="Protected" withinPortal>
                          <IconLock size={13} aria-label="Protected" />
                        </Tooltip>
                      )}
                      {v.verification === 'ok' && (
                        <Tooltip label="Verified" withinPortal>
                          <IconShieldCheck
                            size={13}
                            color="var(--mantine-color-green-6)"
                            aria-label="Verified"
                          />
                        </Tooltip>
                      )}
                      {v.verification && v.verification !== 'ok' && (
                        <Tooltip label={`Verification ${v.verification}`} withinPortal>
                          <IconShieldX
                            size={13}
                            color="var(--mantine-color-red-6)"
                            aria-label={`Verification ${v.verification}`}
                          />
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {list && list.volumes.length === 0 && (
        <Text size="xs" c="dimmed">
          No backups of this guest on the storages {guest.node} sees.
        </Text>
      )}
      {task && <TaskLine task={task} what="Backup task" />}

      <BackupNowModal
        opened={dialog === 'backup'}
        profileId={profileId}
        guests={[guest]}
        onStarted={(r: BackupRunResult) => r.tasks[0] && started(r.tasks[0])}
        onClose={() => setDialog(null)}
      />
      <RestoreModal
        profileId={profileId}
        guest={guest}
        volume={dialog === 'restore' ? volume : null}
        onStarted={started}
        onClose={() => setDialog(null)}
      />
      <Modal
        opened={dialog === 'delete' && volume !== null}
        onClose={() => setDialog(null)}
        title="Delete this backup?"
        size="md"
      >
        {volume && (
          <Stack gap="sm">
            <Text size="sm">
              The backup of {guestLabel} from{' '}
              {volume.ctime ? formatDateTime(volume.ctime, now) : '—'} on {volume.storage} (
              {formatBytes(volume.size)}) is removed for good.
            </Text>
            {volume.protected && (
              <Text size="xs" c="orange">
                It is protected: PVE refuses to delete it until it is unprotected.
              </Text>
            )}
            {deleteError && (
              <Alert color="red" variant="light" p="xs" role="alert">
                {deleteError}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              {/* The safe choice has the focus: Enter never deletes. */}
              <Button variant="default" size="xs" onClick={() => setDialog(null)} data-autofocus>
                Cancel
              </Button>
              <Button color="red" size="xs" onClick={() => remove(volume)}>
                Delete
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
