// The compact toolbar of a log view: filter (text or regex, inverted), minimum level, search
// toggle, previous/next error, and a menu of display options, copy, save and pop-out.

import { ActionIcon, Group, Menu, Select, TextInput, Tooltip } from '@mantine/core';
import {
  IconArrowBarToDown,
  IconArrowBarToUp,
  IconCheck,
  IconCopy,
  IconDots,
  IconDownload,
  IconExternalLink,
  IconFilter,
  IconSearch,
  IconStack2,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { LogPriority } from '../../../../shared/logs';
import type { LogDisplayOptions } from './logController';
import type { FilterSpec } from './logFilter';

const LEVELS: { value: string; label: string }[] = [
  { value: 'all', label: 'All levels' },
  { value: '3', label: 'Errors' },
  { value: '4', label: 'Warnings+' },
  { value: '5', label: 'Notice+' },
  { value: '6', label: 'Info+' },
];

export interface ToolbarActions {
  copy(which: 'shown' | 'all'): void;
  save(which: 'shown' | 'all'): void;
  popOut?: () => void;
  toggleMerged?: () => void;
  inMerged?: boolean;
  downloadTask?: () => void;
}

const check = (on: boolean) => (on ? <IconCheck size={14} /> : <span style={{ width: 14 }} />);

function Toggle({
  on,
  label,
  onClick,
  children,
}: {
  on: boolean;
  label: string;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <Tooltip label={label} withinPortal openDelay={400}>
      <ActionIcon
        size={18}
        variant={on ? 'filled' : 'subtle'}
        color={on ? undefined : 'gray'}
        aria-label={label}
        aria-pressed={on}
        onClick={onClick}
        className="log-toggle"
      >
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

export function LogToolbar({
  chip,
  filter,
  filterError,
  onFilter,
  searchOpen,
  onToggleSearch,
  onError,
  display,
  onDisplay,
  shown,
  total,
  actions,
}: {
  chip: ReactNode;
  filter: FilterSpec;
  filterError?: string;
  onFilter(patch: Partial<FilterSpec>): void;
  searchOpen: boolean;
  onToggleSearch(): void;
  onError(direction: 1 | -1): void;
  display: LogDisplayOptions;
  onDisplay(patch: Partial<LogDisplayOptions>): void;
  shown: number;
  total: number;
  actions: ToolbarActions;
}) {
  return (
    <Group gap={3} px={6} py={4} wrap="nowrap" className="log-toolbar">
      {chip}
      <TextInput
        size="xs"
        placeholder={filter.invert ? 'Hide…' : 'Filter…'}
        aria-label="Filter lines"
        value={filter.text}
        onChange={(e) => onFilter({ text: e.currentTarget.value })}
        leftSection={<IconFilter size={13} />}
        leftSectionWidth={24}
        rightSectionWidth={44}
        rightSection={
          <Group gap={2} wrap="nowrap">
            <Toggle
              on={filter.regex}
              label="Regular expression"
              onClick={() => onFilter({ regex: !filter.regex })}
            >
              <span className="log-toggle-text">.*</span>
            </Toggle>
            <Toggle
              on={filter.invert}
              label="Invert: hide matching lines"
              onClick={() => onFilter({ invert: !filter.invert })}
            >
              <span className="log-toggle-text">!</span>
            </Toggle>
          </Group>
        }
        error={filterError !== undefined}
        style={{ flex: 1, minWidth: 80 }}
        styles={{
          input: { fontFamily: filter.regex ? 'var(--mantine-font-family-monospace)' : undefined },
        }}
      />
      <Select
        size="xs"
        aria-label="Minimum level"
        data={LEVELS}
        value={filter.minLevel === null ? 'all' : String(filter.minLevel)}
        onChange={(v) =>
          onFilter({ minLevel: v === null || v === 'all' ? null : (Number(v) as LogPriority) })
        }
        allowDeselect={false}
        comboboxProps={{ withinPortal: true, width: 130 }}
        w={88}
        style={{ flexShrink: 0 }}
        styles={{ input: { paddingRight: 18, paddingLeft: 8 } }}
      />
      <Tooltip label="Search (Ctrl+F)" withinPortal openDelay={400}>
        <ActionIcon
          size="sm"
          variant={searchOpen ? 'light' : 'subtle'}
          color="gray"
          aria-label="Search"
          aria-pressed={searchOpen}
          onClick={onToggleSearch}
        >
          <IconSearch size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Previous error (Shift+E)" withinPortal openDelay={400}>
        <ActionIcon
          size="sm"
          variant="subtle"
          color="gray"
          aria-label="Previous error"
          className="log-wide-only"
          onClick={() => onError(-1)}
        >
          <IconArrowBarToUp size={15} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Next error (E)" withinPortal openDelay={400}>
        <ActionIcon
          size="sm"
          variant="subtle"
          color="gray"
          aria-label="Next error"
          className="log-wide-only"
          onClick={() => onError(1)}
        >
          <IconArrowBarToDown size={15} />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal shadow="md" closeOnItemClick>
        <Menu.Target>
          <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Log view options">
            <IconDots size={15} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={check(display.wrap)}
            onClick={() => onDisplay({ wrap: !display.wrap })}
          >
            Wrap lines
          </Menu.Item>
          <Menu.Item
            leftSection={check(display.timestamps)}
            onClick={() => onDisplay({ timestamps: !display.timestamps })}
          >
            Show timestamps
          </Menu.Item>
          <Menu.Item
            leftSection={check(display.zone === 'utc')}
            onClick={() => onDisplay({ zone: display.zone === 'utc' ? 'local' : 'utc' })}
          >
            Times in UTC
          </Menu.Item>
          <Menu.Item leftSection={<IconArrowBarToUp size={14} />} onClick={() => onError(-1)}>
            Previous error (Shift+E)
          </Menu.Item>
          <Menu.Item leftSection={<IconArrowBarToDown size={14} />} onClick={() => onError(1)}>
            Next error (E)
          </Menu.Item>
          <Menu.Divider />
          <Menu.Divider />
          <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => actions.copy('shown')}>
            Copy shown lines ({shown.toLocaleString('en-US')})
          </Menu.Item>
          <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => actions.copy('all')}>
            Copy all lines ({total.toLocaleString('en-US')})
          </Menu.Item>
          <Menu.Item leftSection={<IconDownload size={14} />} onClick={() => actions.save('shown')}>
            Save shown lines as .log
          </Menu.Item>
          <Menu.Item leftSection={<IconDownload size={14} />} onClick={() => actions.save('all')}>
            Save all lines as .log
          </Menu.Item>
          {actions.downloadTask && (
            <Menu.Item leftSection={<IconDownload size={14} />} onClick={actions.downloadTask}>
              Download the whole task log
            </Menu.Item>
          )}
          {(actions.toggleMerged || actions.popOut) && <Menu.Divider />}
          {actions.toggleMerged && (
            <Menu.Item
              leftSection={actions.inMerged ? <IconCheck size={14} /> : <IconStack2 size={14} />}
              onClick={actions.toggleMerged}
            >
              {actions.inMerged ? 'In the merged view' : 'Add to the merged view'}
            </Menu.Item>
          )}
          {actions.popOut && (
            <Menu.Item leftSection={<IconExternalLink size={14} />} onClick={actions.popOut}>
              Pop out into a window
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
