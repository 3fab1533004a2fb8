// The Options tab's hardware: each disk or mount point with its size and a Resize dialog (grow
// only, by whole or half GiB, the new size shown before sending), and the network interfaces
// with add (a bridge of the node; a VM's model, a container's name, DHCP or a static address
// and gateway) and remove (a second click confirms). Pending interface changes are marked
// "reboot to apply" with a revert. Every write sends the digest read.

import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconArrowBackUp, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { GuestConfig } from '../../../../shared/config';
import {
  formatBytes,
  growBy,
  nextNetKey,
  type GuestDisk,
  type GuestNet,
} from '../../../../shared/config-hw';
import type { GuestResource } from '../../../../shared/model';
import { AddNetDialog } from './NetDialog';
import type { GuestConfigState } from './useGuestConfig';

const GiB = 1024 ** 3;

export function Hardware({
  profileId,
  guest,
  config,
  st,
}: {
  profileId: string;
  guest: GuestResource;
  config: GuestConfig;
  st: GuestConfigState;
}) {
  const [resizing, setResizing] = useState<GuestDisk>();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string>();
  const type = guest.type;
  const locked = !!config.lock || !!st.conflict;
  return (
    <Stack gap={6} data-testid="config-hardware">
      <Title order={6}>{type === 'qemu' ? 'Disks' : 'Root disk and mount points'}</Title>
      <Table withRowBorders={false} verticalSpacing={2} fz="sm" w="auto" data-testid="config-disks">
        <Table.Tbody>
          {config.disks.map((d) => (
            <Table.Tr key={d.key} data-testid={`disk-${d.key}`}>
              <Table.Td fw={500}>{d.key}</Table.Td>
              <Table.Td c="dimmed" ff="monospace" fz="xs">
                {d.volume}
                {d.mountpoint && d.key !== 'rootfs' ? ` → ${d.mountpoint}` : ''}
              </Table.Td>
              <Table.Td ta="right">
                {d.sizeBytes !== undefined ? formatBytes(d.sizeBytes) : '–'}
              </Table.Td>
              <Table.Td>
                {d.resizable && (
                  <Button
                    size="compact-xs"
                    variant="default"
                    disabled={locked || st.busy}
                    onClick={() => setResizing(d)}
                  >
                    Resize…
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="xs" mt={4}>
        <Title order={6}>Network</Title>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={12} />}
          disabled={locked || st.busy || !nextNetKey(config.nets)}
          onClick={() => setAdding(true)}
        >
          Add interface…
        </Button>
      </Group>
      {config.nets.length === 0 ? (
        <Text size="sm" c="dimmed">
          No network interface.
        </Text>
      ) : (
        <Table
          withRowBorders={false}
          verticalSpacing={2}
          fz="sm"
          w="auto"
          data-testid="config-nets"
        >
          <Table.Tbody>
            {config.nets.map((n) => (
              <Table.Tr key={n.key} data-testid={`net-${n.key}`}>
                <Table.Td fw={500}>{n.key}</Table.Td>
                <Table.Td>{netSummary(type, n)}</Table.Td>
                <Table.Td c="dimmed" ff="monospace" fz="xs">
                  {n.mac ?? ''}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {n.pending && (
                      <>
                        <Badge size="xs" color="yellow" variant="light">
                          {n.pending === 'delete' ? 'removal pending' : 'pending'} · reboot to apply
                        </Badge>
                        <Tooltip label="Revert this pending change">
                          <ActionIcon
                            size="xs"
                            variant="subtle"
                            aria-label={`Revert ${n.key}`}
                            disabled={st.busy}
                            onClick={() => void st.revert([n.key as `net${number}`])}
                          >
                            <IconArrowBackUp size={12} />
                          </ActionIcon>
                        </Tooltip>
                      </>
                    )}
                    {n.pending !== 'delete' &&
                      (removing === n.key ? (
                        <>
                          <Button
                            size="compact-xs"
                            color="red"
                            variant="light"
                            loading={st.busy}
                            onClick={() =>
                              void st
                                .setNet(n.key, null, config.digest)
                                .then(() => setRemoving(undefined))
                            }
                          >
                            Remove {n.key}
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="default"
                            onClick={() => setRemoving(undefined)}
                          >
                            Cancel
                          </Button>
                        </>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="gray"
                          disabled={locked || st.busy}
                          onClick={() => setRemoving(n.key)}
                        >
                          Remove…
                        </Button>
                      ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {resizing && (
        <ResizeDialog
          disk={resizing}
          busy={st.busy}
          onClose={() => setResizing(undefined)}
          onResize={(gib) =>
            void st
              .resize(resizing.key, growBy(gib), config.digest)
              .then(() => setResizing(undefined))
          }
        />
      )}
      {adding && (
        <AddNetDialog
          profileId={profileId}
          guest={guest}
          nets={config.nets}
          busy={st.busy}
          onClose={() => setAdding(false)}
          onAdd={(key, spec) =>
            void st.setNet(key, spec, config.digest).then(() => setAdding(false))
          }
        />
      )}
    </Stack>
  );
}

function netSummary(type: GuestResource['type'], n: GuestNet): string {
  const fw = n.firewall ? ', firewall' : '';
  if (type === 'qemu') return `${n.model ?? '?'} on ${n.bridge ?? '–'}${fw}`;
  const ip = n.ip ? (n.ip === 'dhcp' ? 'DHCP' : n.ip) : 'no IPv4';
  return `${n.name ?? '?'} on ${n.bridge ?? '–'}, ${ip}${n.gw ? ` via ${n.gw}` : ''}${fw}`;
}

function ResizeDialog({
  disk,
  busy,
  onClose,
  onResize,
}: {
  disk: GuestDisk;
  busy: boolean;
  onClose(): void;
  onResize(gib: number): void;
}) {
  const [gib, setGib] = useState<number | string>(8);
  const size = disk.sizeBytes ?? 0;
  const n = typeof gib === 'number' ? gib : Number.NaN;
  const valid = Number.isFinite(n) && n > 0 && Math.round(n * 2) === n * 2;
  return (
    <Modal opened onClose={onClose} title={`Resize ${disk.key}`} size="sm" centered>
      <Stack gap="sm" data-testid="resize-dialog">
        <Text size="sm">
          {disk.volume}: now {formatBytes(size)}. PVE only grows disks; the file system inside may
          need growing too.
        </Text>
        <NumberInput
          size="xs"
          label="Grow by"
          suffix=" GiB"
          min={0.5}
          step={1}
          decimalScale={1}
          value={gib}
          error={valid ? undefined : 'More than 0, in steps of 0.5 GiB'}
          data-testid="resize-grow"
          onChange={setGib}
        />
        <Text size="sm" data-testid="resize-new-size">
          New size: <b>{valid ? formatBytes(size + n * GiB) : '–'}</b>
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button size="compact-sm" variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button size="compact-sm" disabled={!valid} loading={busy} onClick={() => onResize(n)}>
            Resize
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
