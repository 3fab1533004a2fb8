// The small dialog before a snapshot or backup of many guests: for a snapshot one name for all
// (PVE's configid rule), a description and "include RAM" where it applies (running VMs); for a
// backup a storage with backup content that every guest's node sees, the mode and compression.
// Submitting runs the bulk job, whose progress view shows a row per guest.

import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BackupCompress, BackupMode, StorageInfo } from '../../../../shared/backups';
import { formatBytes } from '../../../../shared/format';
import { isGuest } from '../../../../shared/model';
import { snapshotNameProblem } from '../../../../shared/snapshots';
import type { AppState } from '../../store/appState';
import { useAppState, useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { COMPRESSIONS, MODES } from '../backups/backupText';
import { BulkMigrateForm } from './BulkMigrateForm';
import { bulk, useBulk, type BulkAskKind, type BulkTarget } from './bulkState';

const selectResources = (s: AppState) => s.resources;

function plural(n: number): string {
  return `${String(n)} guest${n === 1 ? '' : 's'}`;
}

const TITLES: Record<BulkAskKind, string> = {
  snapshot: 'New snapshot on',
  backup: 'Backup of',
  migrate: 'Migrate',
};

export function BulkWriteDialog() {
  const ui = useBulk();
  const ask = ui.ask;
  return (
    <Modal
      opened={ask !== null}
      onClose={() => bulk.dismissAsk()}
      title={ask ? `${TITLES[ask.kind]} ${plural(ask.targets.length)}` : ''}
      size={ask?.kind === 'migrate' ? 'lg' : 'md'}
      centered
    >
      {ask?.kind === 'snapshot' && <SnapshotForm targets={ask.targets} />}
      {ask?.kind === 'backup' && <BackupForm targets={ask.targets} />}
      {ask?.kind === 'migrate' && <BulkMigrateForm targets={ask.targets} />}
    </Modal>
  );
}

function SnapshotForm({ targets }: { targets: BulkTarget[] }) {
  const { api } = useController();
  const resources = useAppState(selectResources);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [ram, setRam] = useState(false);
  const [touched, setTouched] = useState(false);
  const runningVms = targets.filter((t) => {
    if (t.ref.type !== 'qemu') return false;
    const r = resources[t.ref.profileId]?.byId.get(`qemu/${String(t.ref.vmid)}`);
    return r !== undefined && isGuest(r) && r.status === 'running';
  }).length;
  const types = new Set(targets.map((t) => t.ref.type));
  const problem = [...types].map((ty) => snapshotNameProblem(name.trim(), ty)).find(Boolean);
  const submit = () => {
    setTouched(true);
    if (problem) return;
    void bulk.run(
      api,
      {
        action: 'snapshot',
        snapshot: {
          name: name.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          ...(ram && runningVms > 0 ? { vmstate: true } : {}),
        },
      },
      targets,
    );
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="The same name on every guest"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          onBlur={() => setTouched(true)}
          error={touched ? problem : undefined}
          size="xs"
          data-autofocus
        />
        <TextInput
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          size="xs"
        />
        {runningVms > 0 && (
          <Checkbox
            size="xs"
            label={`Include RAM (${String(runningVms)} running VM${runningVms === 1 ? '' : 's'})`}
            checked={ram}
            onChange={(e) => setRam(e.currentTarget.checked)}
          />
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={() => bulk.dismissAsk()}>
            Cancel
          </Button>
          <Button type="submit" size="xs" disabled={touched && problem !== undefined}>
            {`Take ${String(targets.length)} snapshot${targets.length === 1 ? '' : 's'}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The backup storages that every (profile, node) of the guests sees, by name. */
function common(lists: StorageInfo[][]): StorageInfo[] {
  const [first, ...rest] = lists;
  if (!first) return [];
  return first.filter(
    (s) =>
      s.active &&
      s.enabled &&
      rest.every((l) => l.some((o) => o.storage === s.storage && o.active && o.enabled)),
  );
}

function BackupForm({ targets }: { targets: BulkTarget[] }) {
  const { api } = useController();
  const [storages, setStorages] = useState<StorageInfo[]>();
  const [storage, setStorage] = useState<string | null>(null);
  const [mode, setMode] = useState<BackupMode>('snapshot');
  const [compress, setCompress] = useState<BackupCompress>('zstd');
  const [error, setError] = useState<string>();
  const places = [...new Set(targets.map((t) => `${t.ref.profileId}\u0000${t.ref.node}`))].sort();
  const placeKey = places.join('\u0001');
  useEffect(() => {
    let live = true;
    Promise.all(
      placeKey.split('\u0001').map((p) => {
        const [profileId = '', node = ''] = p.split('\u0000');
        return api.invoke('storage.list', { profileId, node, content: 'backup' });
      }),
    ).then(
      (lists) => {
        if (!live) return;
        const list = common(lists);
        setStorages(list);
        const best =
          list.find((s) => s.type === 'pbs') ??
          [...list].sort((a, b) => (b.avail ?? 0) - (a.avail ?? 0))[0];
        setStorage(best?.storage ?? null);
      },
      (err: unknown) => live && setError(`Can’t list the storages: ${describeError(err)}`),
    );
    return () => {
      live = false;
    };
  }, [api, placeKey]);
  const pbs = storages?.find((s) => s.storage === storage)?.type === 'pbs';
  const submit = () => {
    if (!storage) return;
    void bulk.run(
      api,
      { action: 'backup', backup: { storage, mode, ...(pbs ? {} : { compress }) } },
      targets,
    );
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Select
          label="Storage"
          description="Storages that take backups and that every guest’s node sees"
          placeholder={
            storages ? 'No storage every node sees takes backups' : 'Reading the storages…'
          }
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
        <Select
          label="Mode"
          data={MODES}
          value={mode}
          onChange={(v) => v && setMode(v as BackupMode)}
          allowDeselect={false}
          size="xs"
          comboboxProps={{ withinPortal: true }}
        />
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
        {error && (
          <Text size="xs" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={() => bulk.dismissAsk()}>
            Cancel
          </Button>
          <Button type="submit" size="xs" disabled={!storage}>
            {`Back up ${plural(targets.length)}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
