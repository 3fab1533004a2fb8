// Migrate one guest: PVE's precondition first (GET …/migrate), then only what PVE allows — the
// target nodes with the refused ones disabled and their reason, online for a running VM, restart
// mode for a running CT, a target storage when the VM has local disks — and a note when the guest
// is HA-managed (the request goes through ha-manager). The task is followed like any other.

import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Radio,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatBytes } from '../../../../shared/format';
import type { MigratePrecondition } from '../../../../shared/migrate';
import type { GuestResource } from '../../../../shared/model';
import { useAppState, useController } from '../../store/hooks';
import type { AppState } from '../../store/appState';
import { describeError } from '../../ui/describeError';
import { guestDisplayName, guestKindLabel } from '../../ui/status';

interface NodeChoice {
  node: string;
  /** why it cannot be chosen; undefined when it can */
  reason?: string;
}

function useNodes(profileId: string): { node: string; online: boolean }[] {
  const structure = useAppState(useCallback((s: AppState) => s.resources[profileId], [profileId]));
  return useMemo(() => {
    const out: { node: string; online: boolean }[] = [];
    for (const r of structure?.byId.values() ?? []) {
      if (r.type === 'node') out.push({ node: r.node, online: r.status === 'online' });
    }
    return out.sort((a, b) => a.node.localeCompare(b.node));
  }, [structure]);
}

function choices(
  guest: GuestResource,
  nodes: { node: string; online: boolean }[],
  pre: MigratePrecondition | undefined,
): NodeChoice[] {
  return nodes
    .filter((n) => n.node !== guest.node)
    .map((n) => {
      if (!n.online) return { node: n.node, reason: 'node offline' };
      const refused = pre?.notAllowed.find((x) => x.node === n.node);
      if (refused) return { node: n.node, reason: refused.reasons.join('; ') };
      if (pre?.allowedNodes && !pre.allowedNodes.includes(n.node)) {
        return { node: n.node, reason: 'not allowed by the cluster' };
      }
      return { node: n.node };
    });
}

export function MigrateDialog({
  profileId,
  guest,
  opened,
  onClose,
}: {
  profileId: string;
  guest: GuestResource;
  opened: boolean;
  onClose(): void;
}) {
  const { api } = useController();
  const nodes = useNodes(profileId);
  const [pre, setPre] = useState<MigratePrecondition>();
  const [loadError, setLoadError] = useState<string>();
  const [target, setTarget] = useState<string | null>(null);
  const [storage, setStorage] = useState<string | null>(null);
  const [storages, setStorages] = useState<string[]>([]);
  const [online, setOnline] = useState(true);
  const [restart, setRestart] = useState(true);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const { node, type, vmid } = guest;

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setPre(undefined);
    setLoadError(undefined);
    setError(undefined);
    setTarget(null);
    setStorage(null);
    setOnline(true);
    setRestart(true);
    api.invoke('migrate.precondition', { profileId, node, type, vmid }).then(
      (p) => live && setPre(p),
      (err: unknown) => live && setLoadError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [api, opened, profileId, node, type, vmid]);

  const list = choices(guest, nodes, pre);
  useEffect(() => {
    // The first node PVE allows, once the precondition is in.
    if (pre && target === null) setTarget(list.find((c) => !c.reason)?.node ?? null);
  }, [pre, target, list]);

  const localDisks = pre?.localDisks.filter((d) => !d.cdrom) ?? [];
  useEffect(() => {
    if (!opened || !target || localDisks.length === 0) return;
    let live = true;
    api.invoke('storage.list', { profileId, node: target, content: 'images' }).then(
      (s) => live && setStorages(s.filter((x) => x.enabled && x.active).map((x) => x.storage)),
      () => live && setStorages([]),
    );
    return () => {
      live = false;
    };
    // Storages are read again only when the target changes.
  }, [api, opened, profileId, target, localDisks.length]);

  const running = pre?.running ?? guest.status === 'running';
  const ha = guest.hastate !== undefined && guest.hastate !== '';
  const label = `${guestKindLabel(guest)} (${guestDisplayName(guest)})`;
  const blocked =
    (pre?.localResources.length ?? 0) > 0
      ? `Local resources block migration: ${pre!.localResources.join(', ')}`
      : undefined;
  const needsMode =
    running && type === 'qemu' && !online
      ? 'PVE migrates a running VM only online.'
      : running && type === 'lxc' && !restart
        ? 'PVE migrates a running container only in restart mode.'
        : undefined;
  const canSend = pre !== undefined && target !== null && !sending && !blocked && !needsMode;

  const send = () => {
    if (!canSend || !target) return;
    setSending(true);
    setError(undefined);
    api
      .invoke('migrate.run', {
        profileId,
        node,
        type,
        vmid,
        target,
        ...(type === 'qemu' && running ? { online: true } : {}),
        ...(type === 'lxc' && running ? { restart: true } : {}),
        ...(type === 'qemu' && localDisks.length > 0 ? { withLocalDisks: true } : {}),
        ...(storage ? { targetStorage: storage } : {}),
      })
      .then(
        () => {
          setSending(false);
          onClose();
        },
        (err: unknown) => {
          setSending(false);
          setError(describeError(err));
        },
      );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Migrate ${label}`} size="md">
      <Stack gap="sm" data-testid="migrate-dialog">
        <Text size="sm" c="dimmed">
          From {guest.node}, {running ? 'running' : 'stopped'}.
        </Text>
        {loadError && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {loadError}
          </Alert>
        )}
        {!pre && !loadError && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Checking what the cluster allows…</Text>
          </Group>
        )}
        {pre && (
          <Radio.Group label="Target node" value={target} onChange={setTarget}>
            <Stack gap={6} mt={4}>
              {list.map((c) => (
                <Radio
                  key={c.node}
                  value={c.node}
                  label={c.node}
                  disabled={c.reason !== undefined}
                  description={c.reason}
                  data-testid={`migrate-target-${c.node}`}
                />
              ))}
              {list.length === 0 && <Text size="sm">No other node in this cluster.</Text>}
            </Stack>
          </Radio.Group>
        )}
        {pre && running && type === 'qemu' && (
          <Checkbox
            label="Online (live) migration"
            description="The VM keeps running while its memory and disks are copied."
            checked={online}
            onChange={(e) => setOnline(e.currentTarget.checked)}
          />
        )}
        {pre && running && type === 'lxc' && (
          <Checkbox
            label="Restart mode"
            description="The container is shut down, moved, and started on the target."
            checked={restart}
            onChange={(e) => setRestart(e.currentTarget.checked)}
          />
        )}
        {localDisks.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Local disks (copied to the target)
            </Text>
            {localDisks.map((d) => (
              <Text key={d.volid} size="xs" c="dimmed" ff="monospace">
                {d.drive ? `${d.drive}: ` : ''}
                {d.volid}
                {d.size !== undefined ? ` · ${formatBytes(d.size)}` : ''}
              </Text>
            ))}
            <Select
              size="xs"
              label="Target storage"
              placeholder="Same storage as now"
              data={storages}
              value={storage}
              onChange={setStorage}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          </Stack>
        )}
        {ha && (
          <Alert color="blue" variant="light" p="xs" data-testid="migrate-ha-note">
            This guest is HA-managed: the migration is requested through HA, and the cluster’s HA
            manager carries it out.
            {pre && pre.dependentHa.length > 0
              ? ` These move with it: ${pre.dependentHa.join(', ')}.`
              : ''}
          </Alert>
        )}
        {(blocked ?? needsMode) && (
          <Text size="sm" c="orange">
            {blocked ?? needsMode}
          </Text>
        )}
        {error && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onClose}>
            Cancel
          </Button>
          <Button size="xs" onClick={send} disabled={!canSend} loading={sending}>
            Migrate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
