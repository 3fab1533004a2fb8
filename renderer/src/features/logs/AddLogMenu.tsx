// The panel's "+" menu: open the streams of what is selected in the tree: a node's journal (live,
// since boot, or a recent window), the cluster log, a guest's journal (optionally of some units),
// or a file tailed in a container or on a node. Unit names and paths are checked as typed.

import { ActionIcon, Button, Group, Menu, Modal, Text, TextInput, Tooltip } from '@mantine/core';
import {
  IconFileText,
  IconListDetails,
  IconNotebook,
  IconPlus,
  IconServer2,
} from '@tabler/icons-react';
import { useState } from 'react';
import { shellArgProblem, type JournalRange, type LogSourceSpec } from '../../../../shared/logs';
import { parseUnits } from './logSpecs';
import { isGuest, type GuestType } from '../../../../shared/model';
import { useAppState, useResource } from '../../store/hooks';
import { selectOpened } from '../../store/selectors';

interface Target {
  profileId: string;
  node?: string;
  guest?: { type: GuestType; vmid: number; node: string; label: string };
}

const RANGES: { label: string; range: JournalRange }[] = [
  { label: 'since this boot', range: { preset: 'boot' } },
  { label: 'last 15 minutes', range: { preset: 'last', seconds: 900 } },
  { label: 'last hour', range: { preset: 'last', seconds: 3600 } },
  { label: 'last day', range: { preset: 'last', seconds: 86_400 } },
];

type Ask = { kind: 'units'; target: Target } | { kind: 'file'; target: Target };

function useTarget(): Target | undefined {
  const opened = useAppState(selectOpened);
  const guest = useResource(opened?.profileId ?? '', opened?.kind === 'guest' ? opened.id : '');
  if (!opened) return undefined;
  if (opened.kind === 'node') return { profileId: opened.profileId, node: opened.node };
  if (opened.kind === 'guest' && guest && isGuest(guest)) {
    return {
      profileId: opened.profileId,
      node: guest.node,
      guest: {
        type: guest.type,
        vmid: guest.vmid,
        node: guest.node,
        label: `${guest.type === 'lxc' ? 'CT' : 'VM'} ${guest.vmid}${guest.name ? ` (${guest.name})` : ''}`,
      },
    };
  }
  return { profileId: opened.profileId };
}

export function AddLogMenu({ onOpen }: { onOpen(spec: LogSourceSpec): void }) {
  const target = useTarget();
  const [ask, setAsk] = useState<Ask | null>(null);
  const [value, setValue] = useState('');
  const node = target?.node;
  const g = target?.guest;

  const problem =
    ask?.kind === 'file'
      ? value === ''
        ? undefined
        : shellArgProblem('path', value)
      : ask?.kind === 'units'
        ? parseUnits(value).problem
        : undefined;
  const submit = () => {
    if (!ask || problem || value.trim() === '') return;
    const t = ask.target;
    if (ask.kind === 'file' && t.node) {
      onOpen({
        kind: 'file',
        profileId: t.profileId,
        node: t.node,
        path: value,
        ...(t.guest?.type === 'lxc' ? { vmid: t.guest.vmid } : {}),
      });
    } else if (ask.kind === 'units' && t.guest) {
      const { type, vmid, node: gNode } = t.guest;
      onOpen({
        kind: 'guest-journal',
        profileId: t.profileId,
        node: gNode,
        type,
        vmid,
        units: parseUnits(value).units,
      });
    }
    setAsk(null);
  };
  const startAsk = (next: Ask, initial: string) => {
    setValue(initial);
    setAsk(next);
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Tooltip label="Open a log of the selection" withinPortal openDelay={400}>
            <ActionIcon
              size="md"
              variant="subtle"
              color="gray"
              aria-label="Open a log"
              style={{ alignSelf: 'center', marginRight: 4 }}
            >
              <IconPlus size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown miw={240}>
          {!target && <Menu.Label>Select a node or a guest in the tree</Menu.Label>}
          {g && target && (
            <>
              <Menu.Label>{g.label}</Menu.Label>
              <Menu.Item
                leftSection={<IconNotebook size={14} />}
                onClick={() =>
                  onOpen({
                    kind: 'guest-journal',
                    profileId: target.profileId,
                    node: g.node,
                    type: g.type,
                    vmid: g.vmid,
                  })
                }
              >
                Journal
              </Menu.Item>
              <Menu.Item
                leftSection={<IconNotebook size={14} />}
                onClick={() => startAsk({ kind: 'units', target }, '')}
              >
                Journal of some units…
              </Menu.Item>
              {g.type === 'lxc' && (
                <Menu.Item
                  leftSection={<IconFileText size={14} />}
                  onClick={() => startAsk({ kind: 'file', target }, '/var/log/')}
                >
                  Tail a file…
                </Menu.Item>
              )}
            </>
          )}
          {node && target && (
            <>
              <Menu.Label>Node {node}</Menu.Label>
              <Menu.Item
                leftSection={<IconServer2 size={14} />}
                onClick={() => onOpen({ kind: 'node-journal', profileId: target.profileId, node })}
              >
                Journal
              </Menu.Item>
              {RANGES.map((r) => (
                <Menu.Item
                  key={r.label}
                  pl={34}
                  onClick={() =>
                    onOpen({
                      kind: 'node-journal',
                      profileId: target.profileId,
                      node,
                      range: r.range,
                    })
                  }
                >
                  <Text size="sm" c="dimmed" span>
                    Journal, {r.label}
                  </Text>
                </Menu.Item>
              ))}
              <Menu.Item
                leftSection={<IconFileText size={14} />}
                onClick={() =>
                  startAsk(
                    { kind: 'file', target: { profileId: target.profileId, node } },
                    '/var/log/',
                  )
                }
              >
                Tail a file on {node}…
              </Menu.Item>
            </>
          )}
          {target && (
            <>
              <Menu.Divider />
              <Menu.Item
                leftSection={<IconListDetails size={14} />}
                onClick={() => onOpen({ kind: 'cluster-log', profileId: target.profileId })}
              >
                Cluster log
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={ask !== null}
        onClose={() => setAsk(null)}
        size="sm"
        title={
          ask?.kind === 'file'
            ? `Tail a file${ask.target.guest ? ` in ${ask.target.guest.label}` : ` on ${ask.target.node ?? ''}`}`
            : 'Journal of some units'
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextInput
            data-autofocus
            label={ask?.kind === 'file' ? 'Absolute path' : 'Units (separated by spaces or commas)'}
            placeholder={ask?.kind === 'file' ? '/var/log/syslog' : 'nginx.service ssh'}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={problem}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Group justify="flex-end" mt="md" gap="xs">
            <Button variant="default" size="xs" onClick={() => setAsk(null)}>
              Cancel
            </Button>
            <Button type="submit" size="xs" disabled={problem !== undefined || value.trim() === ''}>
              Open
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
