// Where a new guest goes: the target node (the cluster's online nodes), the target storage (the
// node's storages that hold guest disks — `images` for VMs, `rootdir` for containers — with their
// free space) and the pool (the cluster's pools). Each a compact select of the form.

import { Select } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StorageInfo } from '../../../../../shared/backups';
import { formatBytes } from '../../../../../shared/format';
import type { GuestType } from '../../../../../shared/model';
import type { AppState } from '../../../store/appState';
import { useAppState, useController } from '../../../store/hooks';

function useStructure(profileId: string) {
  return useAppState(useCallback((s: AppState) => s.resources[profileId], [profileId]));
}

/** The cluster's nodes, by name, with whether each is online. */
export function useClusterNodes(profileId: string): { node: string; online: boolean }[] {
  const structure = useStructure(profileId);
  return useMemo(() => {
    const out: { node: string; online: boolean }[] = [];
    for (const r of structure?.byId.values() ?? []) {
      if (r.type === 'node') out.push({ node: r.node, online: r.status === 'online' });
    }
    return out.sort((a, b) => a.node.localeCompare(b.node));
  }, [structure]);
}

export function usePools(profileId: string): string[] {
  const structure = useStructure(profileId);
  return useMemo(() => {
    const out: string[] = [];
    for (const r of structure?.byId.values() ?? []) if (r.type === 'pool') out.push(r.pool);
    return out.sort();
  }, [structure]);
}

export function TargetNodeField({
  profileId,
  value,
  onChange,
  sourceNode,
  error,
}: {
  profileId: string;
  value: string;
  onChange(node: string): void;
  sourceNode: string;
  error?: string | undefined;
}) {
  const nodes = useClusterNodes(profileId);
  const data = nodes.map((n) => ({
    value: n.node,
    label: `${n.node}${n.node === sourceNode ? ' (same node)' : ''}${n.online ? '' : ' — offline'}`,
    disabled: !n.online,
  }));
  return (
    <Select
      size="xs"
      label="Target node"
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid="clone-target"
    />
  );
}

/** The storages of `node` that hold disks of `type`, enabled and active. */
export function useGuestStorages(
  profileId: string,
  node: string,
  type: GuestType,
): StorageInfo[] | undefined {
  const { api } = useController();
  const [list, setList] = useState<StorageInfo[]>();
  const content = type === 'qemu' ? 'images' : 'rootdir';
  useEffect(() => {
    let live = true;
    setList(undefined);
    api.invoke('storage.list', { profileId, node, content }).then(
      (s) => live && setList(s.filter((x) => x.enabled && x.active && x.content.includes(content))),
      () => live && setList([]),
    );
    return () => {
      live = false;
    };
  }, [api, profileId, node, content]);
  return list;
}

export function TargetStorageField({
  storages,
  value,
  onChange,
  disabled,
  placeholder = 'Same as the source',
  error,
}: {
  storages: StorageInfo[] | undefined;
  value: string | null;
  onChange(storage: string | null): void;
  disabled?: boolean;
  placeholder?: string;
  error?: string | undefined;
}) {
  const data = (storages ?? []).map((s) => ({
    value: s.storage,
    label: `${s.storage}${s.avail !== undefined ? ` — ${formatBytes(s.avail)} free` : ''}`,
  }));
  return (
    <Select
      size="xs"
      label="Target storage"
      placeholder={placeholder}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      disabled={disabled}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid="clone-storage"
    />
  );
}

export function PoolField({
  profileId,
  value,
  onChange,
  error,
}: {
  profileId: string;
  value: string | null;
  onChange(pool: string | null): void;
  error?: string | undefined;
}) {
  const pools = usePools(profileId);
  return (
    <Select
      size="xs"
      label="Pool"
      placeholder="None"
      data={pools}
      value={value}
      onChange={onChange}
      clearable
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid="clone-pool"
    />
  );
}
