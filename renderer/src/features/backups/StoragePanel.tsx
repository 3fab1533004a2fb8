// A node's storages: type, content types, shared or local, used of total with a bar, active or
// not; and a content browser for the one selected (backups, ISO images, container templates,
// disk images, with size and date). Self-contained: give it the profile and the node.

import {
  ActionIcon,
  Alert,
  Badge,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StorageInfo, StorageVolume } from '../../../../shared/backups';
import { formatBytes, formatDateTime } from '../../../../shared/format';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { formatLabel } from './backupText';

const CONTENT_LABEL: Record<string, string> = {
  backup: 'Backups',
  iso: 'ISO images',
  vztmpl: 'CT templates',
  images: 'Disk images',
  rootdir: 'CT volumes',
  snippets: 'Snippets',
  import: 'Import',
};

function barColor(f: number): string {
  return f >= 0.9 ? 'red' : f >= 0.75 ? 'yellow' : 'blue';
}

/** The volume's name without its storage: `backup/vzdump-…`, `iso/debian.iso`, `vm-100-disk-0`. */
function shortName(v: StorageVolume): string {
  const i = v.volid.indexOf(':');
  return i >= 0 ? v.volid.slice(i + 1) : v.volid;
}

export function StoragePanel({ profileId, node }: { profileId: string; node: string }) {
  const { api } = useController();
  const [storages, setStorages] = useState<StorageInfo[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [content, setContent] = useState<StorageVolume[]>();
  const [contentError, setContentError] = useState<string>();
  const [filter, setFilter] = useState('all');
  const seq = useRef(0);

  const reload = useCallback(() => {
    setLoading(true);
    api.invoke('storage.list', { profileId, node }).then(
      (list) => {
        setStorages(list);
        setError(undefined);
        setLoading(false);
        setSelected((cur) => cur ?? list[0]?.storage ?? null);
      },
      (err: unknown) => {
        setError(describeError(err));
        setLoading(false);
      },
    );
  }, [api, profileId, node]);

  useEffect(() => reload(), [reload]);

  useEffect(() => {
    if (!selected) return;
    const mine = ++seq.current;
    setContent(undefined);
    setContentError(undefined);
    setFilter('all');
    api.invoke('storage.content', { profileId, node, storage: selected }).then(
      (list) => mine === seq.current && setContent(list),
      (err: unknown) => mine === seq.current && setContentError(describeError(err)),
    );
  }, [api, profileId, node, selected]);

  const now = Math.floor(Date.now() / 1000);
  const kinds = [...new Set((content ?? []).map((v) => v.content))];
  const shown = (content ?? []).filter((v) => filter === 'all' || v.content === filter);

  return (
    <Stack gap="xs" aria-label={`Storages of ${node}`} role="region">
      <Group gap={6} justify="space-between">
        <Text size="sm" fw={600}>
          Storages of {node}
        </Text>
        <Tooltip label="Read again" withinPortal>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label="Refresh storages"
            onClick={reload}
            loading={loading}
          >
            <IconRefresh size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {error && (
        <Alert color="red" variant="light" p="xs" role="alert">
          Can’t read the storages: {error}
        </Alert>
      )}
      {storages && (
        <Table
          highlightOnHover
          verticalSpacing={4}
          horizontalSpacing="xs"
          fz="xs"
          aria-label="Storages"
          role="grid"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Storage</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Content</Table.Th>
              <Table.Th w={220}>Usage</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {storages.map((s) => {
              const frac = s.total && s.used !== undefined ? s.used / s.total : undefined;
              const isSel = s.storage === selected;
              return (
                <Table.Tr
                  key={s.storage}
                  aria-selected={isSel}
                  tabIndex={0}
                  onClick={() => setSelected(s.storage)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelected(s.storage);
                    }
                  }}
                  style={{
                    cursor: 'pointer',
                    background: isSel ? 'var(--mantine-primary-color-light)' : undefined,
                  }}
                >
                  <Table.Td fw={500}>{s.storage}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {s.type}
                      <Badge size="xs" variant="light" color={s.shared ? 'grape' : 'gray'}>
                        {s.shared ? 'shared' : 'local'}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" truncate maw={200}>
                      {s.content.map((c) => CONTENT_LABEL[c] ?? c).join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {frac !== undefined ? (
                      <Stack gap={2}>
                        <Text size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {formatBytes(s.used)} of {formatBytes(s.total)} ({Math.round(frac * 100)}
                          %)
                        </Text>
                        <Progress
                          value={frac * 100}
                          size="xs"
                          color={barColor(frac)}
                          aria-label={`${s.storage} usage`}
                        />
                      </Stack>
                    ) : (
                      <Text size="xs" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="dot" color={s.active && s.enabled ? 'green' : 'gray'}>
                      {!s.enabled ? 'disabled' : s.active ? 'active' : 'inactive'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {selected && (
        <Stack gap={6} aria-label={`Content of ${selected}`}>
          <Group gap="xs" justify="space-between">
            <Text size="sm" fw={600}>
              {selected}
            </Text>
            {kinds.length > 1 && (
              <SegmentedControl
                size="xs"
                value={filter}
                onChange={setFilter}
                data={[
                  { value: 'all', label: 'All' },
                  ...kinds.map((k) => ({ value: k, label: CONTENT_LABEL[k] ?? k })),
                ]}
                aria-label="Content type"
              />
            )}
          </Group>
          {contentError && (
            <Alert color="red" variant="light" p="xs" role="alert">
              Can’t read {selected}: {contentError}
            </Alert>
          )}
          {content && shown.length === 0 && (
            <Text size="xs" c="dimmed">
              Nothing stored here.
            </Text>
          )}
          {shown.length > 0 && (
            <Table verticalSpacing={2} horizontalSpacing="xs" fz="xs" aria-label="Storage content">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Format</Table.Th>
                  <Table.Th ta="right">Size</Table.Th>
                  <Table.Th w={140}>Date</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((v) => (
                  <Table.Tr key={v.volid} title={v.notes ?? v.volid}>
                    <Table.Td>
                      <Text size="xs" truncate maw={360}>
                        {shortName(v)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{CONTENT_LABEL[v.content] ?? v.content}</Table.Td>
                    <Table.Td>{v.content === 'backup' ? formatLabel(v) : v.format}</Table.Td>
                    <Table.Td
                      ta="right"
                      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                    >
                      {formatBytes(v.size)}
                    </Table.Td>
                    <Table.Td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {v.ctime ? formatDateTime(v.ctime, now) : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Stack>
  );
}
