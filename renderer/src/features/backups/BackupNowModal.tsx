// Back up now, for one guest or a selection: a storage that takes backups (with its free space),
// the mode (and what it means for a running guest), compression, a notes template with vzdump's
// variables, and whether to protect the backup. One vzdump task per node is started.

import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  expandNotesTemplate,
  type BackupCompress,
  type BackupMode,
  type StorageInfo,
} from '../../../../shared/backups';
import { formatBytes } from '../../../../shared/format';
import type { BackupRunResult } from '../../../../shared/ipc';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { COMPRESSIONS, MODES, modeMeaning, NOTES_DEFAULT } from './backupText';

/** The backup storages every one of the guests' nodes sees, and their free space. */
function common(lists: StorageInfo[][]): StorageInfo[] {
  const [first, ...rest] = lists;
  if (!first) return [];
  return first.filter(
    (s) => s.active && s.enabled && rest.every((l) => l.some((o) => o.storage === s.storage)),
  );
}

export function BackupNowModal({
  opened,
  profileId,
  guests,
  onStarted,
  onClose,
}: {
  opened: boolean;
  profileId: string;
  guests: readonly GuestResource[];
  onStarted(result: BackupRunResult): void;
  onClose(): void;
}) {
  const { api } = useController();
  const [storages, setStorages] = useState<StorageInfo[]>();
  const [storage, setStorage] = useState<string | null>(null);
  const [mode, setMode] = useState<BackupMode>('snapshot');
  const [compress, setCompress] = useState<BackupCompress>('zstd');
  const [notes, setNotes] = useState(NOTES_DEFAULT);
  const [protect, setProtect] = useState(false);
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const nodes = [...new Set(guests.map((g) => g.node))].sort();
  const nodeKey = nodes.join(',');
  const one = guests.length === 1 ? guests[0] : undefined;
  const running = guests.some((g) => g.status === 'running');

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setStorages(undefined);
    setError(undefined);
    Promise.all(
      nodeKey
        .split(',')
        .map((node) => api.invoke('storage.list', { profileId, node, content: 'backup' })),
    ).then(
      (lists) => {
        if (!live) return;
        const list = common(lists);
        setStorages(list);
        // PBS first if there is one (deduplicated, incremental), else the one with most room.
        const best =
          list.find((s) => s.type === 'pbs') ??
          [...list].sort((a, b) => (b.avail ?? 0) - (a.avail ?? 0))[0];
        setStorage((cur) =>
          cur && list.some((s) => s.storage === cur) ? cur : (best?.storage ?? null),
        );
      },
      (err: unknown) => live && setError(`Can’t list the storages: ${describeError(err)}`),
    );
    return () => {
      live = false;
    };
  }, [api, opened, profileId, nodeKey]);

  const chosen = storages?.find((s) => s.storage === storage);
  const pbs = chosen?.type === 'pbs';
  const close = () => {
    setError(undefined);
    setSending(false);
    onClose();
  };

  const submit = () => {
    if (!storage || sending) return;
    setSending(true);
    setError(undefined);
    api
      .invoke('backups.create', {
        profileId,
        guests: guests.map((g) => ({ node: g.node, type: g.type, vmid: g.vmid })),
        storage,
        mode,
        // PBS compresses on its own (vzdump ignores the choice there).
        ...(pbs ? {} : { compress }),
        ...(notes.trim() ? { notesTemplate: notes.trim() } : {}),
        ...(protect ? { protected: true } : {}),
      })
      .then(
        (result) => {
          setSending(false);
          onStarted(result);
          if (result.failures.length === 0) close();
          else setError(result.failures.map((f) => `${f.node}: ${f.message}`).join('\n'));
        },
        (err: unknown) => {
          setSending(false);
          setError(describeError(err));
        },
      );
  };

  const title = one
    ? `Back up ${one.type === 'qemu' ? 'VM' : 'CT'} ${one.vmid}${one.name ? ` (${one.name})` : ''}`
    : `Back up ${guests.length} guests`;
  const preview = one
    ? expandNotesTemplate(notes, { guestname: one.name ?? '', vmid: one.vmid, node: one.node })
    : undefined;

  return (
    <Modal opened={opened} onClose={close} title={title} size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Select
            label="Storage"
            description="Only storages that take backups, with their free space"
            placeholder={storages ? 'No storage takes backups' : 'Reading the storages…'}
            data={(storages ?? []).map((s) => ({
              value: s.storage,
              label: `${s.storage} (${s.type})${s.avail !== undefined ? ` — ${formatBytes(s.avail)} free` : ''}`,
            }))}
            value={storage}
            onChange={setStorage}
            allowDeselect={false}
            size="xs"
            data-autofocus
            comboboxProps={{ withinPortal: true }}
          />
          <Stack gap={4}>
            <Text size="xs" fw={500}>
              Mode
            </Text>
            <SegmentedControl
              size="xs"
              data={MODES}
              value={mode}
              onChange={(v) => setMode(v as BackupMode)}
              aria-label="Mode"
            />
            <Text size="xs" c="dimmed" data-testid="mode-meaning">
              {one
                ? modeMeaning(mode, one.type, one.status === 'running')
                : modeMeaning(mode, 'qemu', running)}
            </Text>
          </Stack>
          {!pbs && (
            <Select
              label="Compression"
              data={COMPRESSIONS}
              value={compress}
              onChange={(v) => v && setCompress(v as BackupCompress)}
              allowDeselect={false}
              size="xs"
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <TextInput
            label="Notes"
            description="Variables: {{guestname}} {{vmid}} {{node}} {{cluster}}"
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            maxLength={1024}
            size="xs"
          />
          {preview !== undefined && notes.trim() !== '' && (
            <Text size="xs" c="dimmed">
              Will read: {preview}
            </Text>
          )}
          <Checkbox
            label="Protected"
            description="Kept by pruning and refused by delete until unprotected"
            checked={protect}
            onChange={(e) => setProtect(e.currentTarget.checked)}
            size="xs"
          />
          {error && (
            <Alert
              color="red"
              variant="light"
              p="xs"
              role="alert"
              style={{ whiteSpace: 'pre-line' }}
            >
              {error}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={sending} disabled={!storage}>
              Back up now
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
