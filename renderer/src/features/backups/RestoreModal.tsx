// Restore a backup: as a new guest (the id prefilled from /cluster/nextid) or over the guest it
// came from (same id, overwriting it: typed confirmation of its name), onto a target storage, and
// start after restore. VMs and containers restore through different PVE endpoints (core's job).

import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { StorageInfo, StorageVolume } from '../../../../shared/backups';
import { formatBytes, formatDateTime } from '../../../../shared/format';
import type { GuestResource, TaskInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

type Target = 'new' | 'same';

export function RestoreModal({
  profileId,
  guest,
  volume,
  onStarted,
  onClose,
}: {
  profileId: string;
  /** the guest the backup is of */
  guest: GuestResource;
  /** null: closed */
  volume: StorageVolume | null;
  onStarted(task: TaskInfo): void;
  onClose(): void;
}) {
  const { api } = useController();
  const [target, setTarget] = useState<Target>('new');
  const [newId, setNewId] = useState<number | ''>('');
  const [confirm, setConfirm] = useState('');
  const [storages, setStorages] = useState<StorageInfo[]>([]);
  const [storage, setStorage] = useState<string>('');
  const [start, setStart] = useState(false);
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const opened = volume !== null;
  const kind = guest.type === 'qemu' ? 'VM' : 'CT';
  const word = guest.name ?? String(guest.vmid);
  const running = guest.status === 'running' || guest.status === 'paused';

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setTarget('new');
    setConfirm('');
    setError(undefined);
    setStart(false);
    setNewId('');
    api.invoke('backups.nextId', { profileId }).then(
      (id) => live && setNewId(id),
      (err: unknown) => live && setError(`Can’t get a free id: ${describeError(err)}`),
    );
    const content = guest.type === 'qemu' ? 'images' : 'rootdir';
    api.invoke('storage.list', { profileId, node: guest.node, content }).then(
      (list) => live && setStorages(list.filter((s) => s.active && s.enabled)),
      () => live && setStorages([]),
    );
    return () => {
      live = false;
    };
  }, [api, opened, profileId, guest.node, guest.type]);

  const sameBlocked =
    target === 'same' && running
      ? `Stop ${kind} ${guest.vmid} first: PVE does not restore over a running guest.`
      : undefined;
  const confirmed = target === 'new' ? newId !== '' : confirm.trim() === word && !sameBlocked;

  const submit = () => {
    if (!volume || !confirmed || sending) return;
    setSending(true);
    setError(undefined);
    api
      .invoke('backups.restore', {
        profileId,
        node: guest.node,
        volid: volume.volid,
        type: guest.type,
        vmid: target === 'new' ? Number(newId) : guest.vmid,
        ...(target === 'same' ? { force: true } : {}),
        ...(storage ? { storage } : {}),
        ...(start ? { start: true } : {}),
      })
      .then(
        (task) => {
          setSending(false);
          onStarted(task);
          onClose();
        },
        (err: unknown) => {
          setSending(false);
          setError(describeError(err));
        },
      );
  };

  const now = Math.floor(Date.now() / 1000);
  return (
    <Modal opened={opened} onClose={onClose} title="Restore a backup" size="md">
      {volume && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            // Enter never overwrites a guest: restoring over it takes a click on the button.
            if (target !== 'same') submit();
          }}
        >
          <Stack gap="sm">
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {volume.ctime ? formatDateTime(volume.ctime, now) : ''} · {formatBytes(volume.size)} ·{' '}
              {volume.volid}
            </Text>
            <Radio.Group value={target} onChange={(v) => setTarget(v as Target)} label="Restore as">
              <Stack gap={6} mt={4}>
                <Radio
                  size="xs"
                  value="new"
                  label={`A new ${kind === 'VM' ? 'VM' : 'container'}`}
                />
                <Radio
                  size="xs"
                  value="same"
                  label={`${kind} ${guest.vmid} (${word}) itself, overwriting it`}
                />
              </Stack>
            </Radio.Group>
            {target === 'new' ? (
              <NumberInput
                label="New id"
                value={newId}
                onChange={(v) => setNewId(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
                min={100}
                max={999_999_999}
                allowDecimal={false}
                size="xs"
              />
            ) : (
              <>
                <Alert color="red" variant="light" p="xs">
                  <Text size="xs">
                    Everything on {kind} {guest.vmid} since this backup is lost: its disks and
                    config are replaced.
                  </Text>
                </Alert>
                {sameBlocked && (
                  <Text size="xs" c="red">
                    {sameBlocked}
                  </Text>
                )}
                <TextInput
                  label={`Type ${word} to confirm`}
                  value={confirm}
                  onChange={(e) => setConfirm(e.currentTarget.value)}
                  size="xs"
                  autoComplete="off"
                  aria-label="Confirm the guest to overwrite"
                />
              </>
            )}
            <Select
              label="Target storage"
              data={[
                { value: '', label: 'As in the backup' },
                ...storages.map((s) => ({
                  value: s.storage,
                  label: `${s.storage} (${s.type})${s.avail !== undefined ? ` — ${formatBytes(s.avail)} free` : ''}`,
                })),
              ]}
              value={storage}
              onChange={(v) => setStorage(v ?? '')}
              allowDeselect={false}
              size="xs"
              comboboxProps={{ withinPortal: true }}
            />
            <Checkbox
              label="Start after restore"
              checked={start}
              onChange={(e) => setStart(e.currentTarget.checked)}
              size="xs"
            />
            {error && (
              <Alert color="red" variant="light" p="xs" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type={target === 'same' ? 'button' : 'submit'}
                onClick={target === 'same' ? submit : undefined}
                size="xs"
                color={target === 'same' ? 'red' : undefined}
                loading={sending}
                disabled={!confirmed}
              >
                {target === 'same' ? `Overwrite ${kind} ${guest.vmid}` : 'Restore'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
