// A guest's snapshots: the tree (parent → children, "You are here" where the current state hangs)
// with name, date, RAM and description; Take, Roll back, Delete and Edit description, each started
// as a task (the tasks strip follows it) whose state shows under the tree. Self-contained: give it
// the profile and the guest.

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
import {
  IconArrowBackUp,
  IconCamera,
  IconCameraPlus,
  IconMapPin,
  IconPencil,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatDateTime } from '../../../../shared/format';
import type { GuestResource, TaskInfo } from '../../../../shared/model';
import type { SnapshotEntry } from '../../../../shared/snapshots';
import { useAppState, useController, useProfile, useResource } from '../../store/hooks';
import { taskKey, type AppState } from '../../store/appState';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { DeleteSnapshotModal, EditDescriptionModal, RollbackModal } from './SnapshotDialogs';
import { snapshotRows } from './snapshotTree';
import { TakeSnapshotModal, type TakeInput } from './TakeSnapshotModal';
import { useSnapshots } from './useSnapshots';
import { SnapshotTaskLine } from './SnapshotTaskLine';

const WORKING_LOCKS = new Set(['snapshot', 'snapshot-delete']);

type Dialog = 'take' | 'rollback' | 'delete' | 'edit' | null;

export function SnapshotsPanel({
  profileId,
  guest: given,
}: {
  profileId: string;
  guest: GuestResource;
}) {
  const { api } = useController();
  const live = useResource(profileId, given.id) as GuestResource | undefined;
  const guest = live ?? given;
  const { list, error, loading, reload } = useSnapshots(profileId, guest);
  const production = useProfile(profileId)?.production === true;
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [lastUpid, setLastUpid] = useState<string>();
  /** snapshot name → why force is offered (a delete of it failed) */
  const [failedDeletes, setFailedDeletes] = useState<Record<string, string>>({});
  const task = useAppState(
    useCallback(
      (s: AppState): TaskInfo | undefined => {
        if (!lastUpid) return undefined;
        const direct = s.tasks[taskKey(profileId, lastUpid)];
        if (direct) return direct;
        return Object.values(s.tasks).find((t) => t.replaces === lastUpid);
      },
      [profileId, lastUpid],
    ),
  );

  const rows = useMemo(() => (list ? snapshotRows(list) : []), [list]);
  const snap = list?.snapshots.find((s) => s.name === selected) ?? null;
  const guestLabel = `${guestKindLabel(guest)} (${guestDisplayName(guest)})`;
  const ref = { profileId, node: guest.node, type: guest.type, vmid: guest.vmid };
  const now = Math.floor(Date.now() / 1000);

  const running = task?.status === 'running';
  // A snapshot task at work leaves snapstate set meanwhile: that is progress, not breakage.
  const working = running || (guest.lock !== undefined && WORKING_LOCKS.has(guest.lock));
  const blocked = running
    ? 'A snapshot task of this guest is running'
    : guest.lock
      ? `The guest is locked (${guest.lock})`
      : guest.status === 'unknown'
        ? 'The guest’s node is offline'
        : undefined;

  const started = (t: TaskInfo) => {
    setLastUpid(t.upid);
    reload();
  };

  const take = async (input: TakeInput) => {
    const t = await api.invoke('snapshots.create', {
      ...ref,
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      // Never sent for containers (PVE refuses it there).
      ...(guest.type === 'qemu' && input.vmstate ? { vmstate: true } : {}),
    });
    setSelected(input.name);
    started(t);
  };

  const rollback = async (start: boolean) => {
    if (!snap) return;
    started(await api.invoke('snapshots.rollback', { ...ref, name: snap.name, start }));
  };

  const remove = async (force: boolean) => {
    if (!snap) return;
    const name = snap.name;
    const t = await api.invoke('snapshots.delete', { ...ref, name, ...(force ? { force } : {}) });
    started(t);
    setSelected(null);
    setFailedDeletes(({ [name]: _, ...rest }) => rest);
    setDeleteWatch({ upid: t.upid, name });
  };

  // A failed delete offers force next time (PVE leaves broken snapshots that need it).
  const [deleteWatch, setDeleteWatch] = useState<{ upid: string; name: string }>();
  useEffect(() => {
    if (!deleteWatch || !task || task.status !== 'stopped') return;
    if (task.upid !== deleteWatch.upid && task.replaces !== deleteWatch.upid) return;
    if (task.ok === false && task.exitstatus) {
      const why = `PVE could not delete it: ${task.exitstatus}.`;
      setFailedDeletes((f) => ({ ...f, [deleteWatch.name]: why }));
    }
    setDeleteWatch(undefined);
  }, [deleteWatch, task]);

  const edit = async (description: string) => {
    if (!snap) return;
    await api.invoke('snapshots.update', { ...ref, name: snap.name, description });
    reload();
  };

  const forceReason = (s: SnapshotEntry | null): string | undefined => {
    if (!s) return undefined;
    if (s.snapstate && !working) {
      return `PVE reports this snapshot as broken (snapstate ${s.snapstate}).`;
    }
    return failedDeletes[s.name];
  };

  const actionButton = (
    label: string,
    Icon: typeof IconCamera,
    onClick: () => void,
    why: string | undefined,
    color?: string,
  ) => {
    const b = (
      <Button
        size="compact-sm"
        variant={color ? 'light' : 'default'}
        color={color}
        leftSection={<Icon size={14} />}
        disabled={why !== undefined}
        onClick={onClick}
      >
        {label}
      </Button>
    );
    return why ? (
      <Tooltip label={why} withinPortal position="bottom" withArrow key={label}>
        <span>{b}</span>
      </Tooltip>
    ) : (
      <span key={label}>{b}</span>
    );
  };
  const pick = snap ? undefined : 'Select a snapshot';
  const incomplete = snap?.snapstate ? `Incomplete snapshot (${snap.snapstate})` : undefined;

  return (
    <Stack gap="xs" aria-label={`Snapshots of ${guestLabel}`} role="region">
      <Group gap={6} role="toolbar" aria-label="Snapshot actions">
        {actionButton('Take snapshot', IconCameraPlus, () => setDialog('take'), blocked)}
        {actionButton(
          'Roll back',
          IconArrowBackUp,
          () => setDialog('rollback'),
          blocked ?? pick ?? incomplete,
          'red',
        )}
        {actionButton('Edit description', IconPencil, () => setDialog('edit'), blocked ?? pick)}
        {actionButton('Delete', IconTrash, () => setDialog('delete'), blocked ?? pick, 'red')}
        <Tooltip label="Read the list again" withinPortal>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label="Refresh snapshots"
            onClick={reload}
            loading={loading}
          >
            <IconRefresh size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {error && !list && (
        <Alert color="red" variant="light" p="xs" role="alert">
          Can’t read the snapshots: {error}
        </Alert>
      )}
      {list && (
        <Table
          striped={false}
          highlightOnHover
          verticalSpacing={3}
          horizontalSpacing="xs"
          fz="xs"
          aria-label="Snapshot tree"
          role="grid"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={150}>Date</Table.Th>
              <Table.Th w={52}>RAM</Table.Th>
              <Table.Th>Description</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const pad = 4 + r.depth * 16;
              if (r.kind === 'current') {
                return (
                  <Table.Tr key="current" data-current>
                    <Table.Td style={{ paddingLeft: pad }}>
                      <Group gap={6} wrap="nowrap">
                        <IconMapPin size={14} color="var(--mantine-color-blue-5)" />
                        <Text size="xs" fw={600} c="blue">
                          You are here
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td />
                    <Table.Td />
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        Current state{r.running ? ', running' : ', stopped'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              }
              const s = r.snap;
              const isSel = s.name === selected;
              return (
                <Table.Tr
                  key={s.name}
                  aria-selected={isSel}
                  tabIndex={0}
                  onClick={() => setSelected(s.name)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelected(s.name);
                    }
                  }}
                  style={{
                    cursor: 'pointer',
                    background: isSel ? 'var(--mantine-primary-color-light)' : undefined,
                  }}
                >
                  <Table.Td style={{ paddingLeft: pad }}>
                    <Group gap={6} wrap="nowrap">
                      <IconCamera size={14} style={{ flex: 'none', opacity: 0.7 }} />
                      <Text size="xs" fw={500} truncate>
                        {s.name}
                      </Text>
                      {s.snapstate && (
                        <Badge size="xs" color={working ? 'gray' : 'orange'} variant="light">
                          {working ? 'in progress' : `broken (${s.snapstate})`}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {s.snaptime ? formatDateTime(s.snaptime, now) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {s.vmstate ? (
                      <Badge size="xs" variant="light" color="grape" title="RAM saved">
                        RAM
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
                      {s.description}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {list && list.snapshots.length === 0 && (
        <Text size="xs" c="dimmed">
          No snapshots yet. Take one before a risky change to be able to roll back.
        </Text>
      )}
      {task && <SnapshotTaskLine task={task} />}

      <TakeSnapshotModal
        opened={dialog === 'take'}
        guest={guest}
        guestLabel={guestLabel}
        taken={list?.snapshots.map((s) => s.name) ?? []}
        onSubmit={take}
        onClose={() => setDialog(null)}
      />
      <RollbackModal
        snap={dialog === 'rollback' ? snap : null}
        guestLabel={guestLabel}
        qemu={guest.type === 'qemu'}
        running={guest.status === 'running'}
        typeToConfirm={production ? guestDisplayName(guest) : undefined}
        onConfirm={rollback}
        onClose={() => setDialog(null)}
      />
      <DeleteSnapshotModal
        snap={dialog === 'delete' ? snap : null}
        guestLabel={guestLabel}
        children={rows.flatMap((r) =>
          r.kind === 'snapshot' && r.snap.name === snap?.name ? r.children : [],
        )}
        offerForce={forceReason(snap)}
        onConfirm={remove}
        onClose={() => setDialog(null)}
      />
      <EditDescriptionModal
        snap={dialog === 'edit' ? snap : null}
        onSave={edit}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}
