// The header's layout buttons: show or hide the resource tree, the tasks strip and the log panel,
// with their shortcuts in the tooltips. A hidden tasks strip still says when tasks are running.

import { ActionIcon, Group, Indicator, Tooltip } from '@mantine/core';
import {
  IconLayoutBottombar,
  IconLayoutBottombarFilled,
  IconLayoutSidebar,
  IconLayoutSidebarFilled,
  IconLayoutSidebarRight,
  IconLayoutSidebarRightFilled,
} from '@tabler/icons-react';
import { useAppState } from '../../store/hooks';
import { selectTasks } from '../../store/selectors';
import { ariaShortcut, PANES, shortcutLabel, togglePane, usePaneOpen, type PaneId } from './layout';

const ICONS: Record<PaneId, { on: typeof IconLayoutSidebar; off: typeof IconLayoutSidebar }> = {
  tree: { on: IconLayoutSidebarFilled, off: IconLayoutSidebar },
  tasks: { on: IconLayoutBottombarFilled, off: IconLayoutBottombar },
  logs: { on: IconLayoutSidebarRightFilled, off: IconLayoutSidebarRight },
};

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function PaneToggle({ pane, badge = 0 }: { pane: PaneId; badge?: number }) {
  const open = usePaneOpen(pane);
  const Icon = open ? ICONS[pane].on : ICONS[pane].off;
  const name = PANES[pane].name;
  const running = !open && badge > 0 ? ` (${badge} running)` : '';
  return (
    <Tooltip label={`${open ? 'Hide' : 'Show'} the ${name}${running} · ${shortcutLabel(pane)}`}>
      <Indicator disabled={open || badge === 0} size={7} offset={4} processing>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={capitalised(name)}
          aria-pressed={open}
          aria-keyshortcuts={ariaShortcut(pane)}
          onClick={() => togglePane(pane)}
        >
          <Icon size={18} stroke={1.6} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

/** Tree, tasks strip, log panel: in the order they sit in the window (left, bottom, right). */
export function PaneToggles() {
  const tasks = useAppState(selectTasks);
  const running = Object.values(tasks).filter((t) => t.status === 'running').length;
  return (
    <Group gap={2} wrap="nowrap" role="group" aria-label="Layout">
      <PaneToggle pane="tree" />
      <PaneToggle pane="tasks" badge={running} />
      <PaneToggle pane="logs" />
    </Group>
  );
}
