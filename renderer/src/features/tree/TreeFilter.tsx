// The filter box above the tree: its match count, a syntax hint, and `/` or Ctrl+F to focus it.

import { ActionIcon, CloseButton, Group, Popover, Table, Text, TextInput } from '@mantine/core';
import { IconHelpCircle, IconSearch } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useController } from '../../store/hooks';
import { isEmptyFilter, matchCountText, parseFilter } from './filter';
import { useTree } from './useTree';

const SYNTAX: ReadonlyArray<readonly [string, string]> = [
  ['web', 'name, vmid, tag, node or cluster name contains it'],
  ['101', 'vmid contains it'],
  ['10.0.1.', 'a guest or node address starts so, or a host name'],
  ['ip:10.0.1.', 'only addresses'],
  ['tag:prod', 'has the tag'],
  ['status:running', 'running, stopped, paused…'],
  ['node:pve1', 'on that node'],
  ['type:ct', 'ct or vm'],
  ['vmid:101', 'exactly that vmid'],
];

/** What the filter language understands, behind a "?" beside the box. */
function FilterHelp() {
  return (
    <Popover position="bottom-end" withArrow shadow="md" withinPortal width={320}>
      <Popover.Target>
        <ActionIcon size="xs" variant="subtle" color="gray" aria-label="Filter syntax">
          <IconHelpCircle size={14} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" fw={600} mb={4}>
          Terms separated by spaces; all must match
        </Text>
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={6} fz="xs">
          <Table.Tbody>
            {SYNTAX.map(([term, meaning]) => (
              <Table.Tr key={term}>
                <Table.Td>
                  <code>{term}</code>
                </Table.Td>
                <Table.Td>{meaning}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Popover.Dropdown>
    </Popover>
  );
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isInConsole(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[data-console-id]') !== null;
}

/** The filter box above the tree; `/` or Ctrl+F focuses it from anywhere. */
export function TreeFilter({ onSubmit }: { onSubmit: () => void }) {
  const controller = useController();
  const { filterText: filter, matches } = useTree();
  const filtering = !isEmptyFilter(parseFilter(filter));
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Keys typed into a console belong to it (Ctrl+F moves the cursor in a shell).
      if (e.defaultPrevented || isInConsole(e.target)) return;
      const ctrlF = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f';
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !isTypingTarget(e.target);
      if (ctrlF || slash) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <TextInput
      ref={input}
      size="xs"
      placeholder="Filter: web, 101, pve1, tag:, status:, node:"
      aria-label="Filter resources"
      aria-describedby="tree-filter-count"
      leftSection={<IconSearch size={14} />}
      rightSectionWidth={filter ? 128 : 32}
      rightSection={
        <Group gap={2} wrap="nowrap" justify="flex-end" pr={4} style={{ width: '100%' }}>
          <Text
            id="tree-filter-count"
            size="xs"
            c="dimmed"
            aria-live="polite"
            data-testid="tree-filter-count"
            style={{ whiteSpace: 'nowrap' }}
          >
            {filtering ? matchCountText(matches) : ''}
          </Text>
          {filter && (
            <CloseButton
              size="xs"
              aria-label="Clear filter"
              onClick={() => controller.setFilter('')}
            />
          )}
          <FilterHelp />
        </Group>
      }
      value={filter}
      onChange={(e) => controller.setFilter(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') controller.setFilter('');
        if (e.key === 'Enter' || e.key === 'ArrowDown') {
          e.preventDefault();
          onSubmit();
        }
      }}
    />
  );
}
