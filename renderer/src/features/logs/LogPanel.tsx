// The log side panel: the open streams as tabs (plus "Merged" once streams are chosen for it),
// the "+" menu that opens the selection's logs, and the active tab's view.

import { Center, Group, Stack, Text } from '@mantine/core';
import { IconNotebook } from '@tabler/icons-react';
import { useCallback, useSyncExternalStore } from 'react';
import { OverflowTabs, type OverflowTab } from '../../ui/OverflowTabs';
import { ProfileChip, profileTagOf } from '../../ui/ProfileChip';
import type { AppState } from '../../store/appState';
import { useAppState } from '../../store/hooks';
import { AddLogMenu } from './AddLogMenu';
import { MERGED_TAB, type LogController, type LogPanelState } from './logController';
import './logs.css';
import { getLogController } from './openLog';
import { MergedView, StreamView } from './StreamViews';
import { streamChip } from './StreamState';
import { useLogPanel, useStreamSnapshot } from './useLogs';

const tabDomId = (id: string) => `log-tab-${id}`;
const panelDomId = (id: string) => `log-tabpanel-${id}`;

const selectTabs = (s: LogPanelState) => s.tabs;
const selectActive = (s: LogPanelState) => s.active;
const selectMerged = (s: LogPanelState) => s.merged;
const selectProfiles = (s: AppState) => s.profiles;

/** A tab's title and state dot follow its stream. */
function useTabInfo(controller: LogController, streamId: string) {
  return useStreamSnapshot(controller.stream(streamId))?.info;
}

function TabsBar({ controller }: { controller: LogController }) {
  const tabs = useLogPanel(controller, selectTabs);
  const active = useLogPanel(controller, selectActive);
  const merged = useLogPanel(controller, selectMerged);
  const profiles = useAppState(selectProfiles);
  // Titles re-render through this hook per stream; a small list, so a component each is fine.
  const infos = tabs.map((t) => ({
    tab: t,
    info: controller.stream(t.streamId)?.getSnapshot().info,
  }));
  useTabRerender(
    controller,
    tabs.map((t) => t.streamId),
  );
  const items: OverflowTab[] = infos.map(({ tab, info }) => {
    const chip = info ? streamChip(info, false) : undefined;
    // Which cluster the stream reads (when there are several).
    const tag = profileTagOf(profiles, tab.spec.profileId);
    return {
      id: tab.streamId,
      label: info?.title ?? tab.key,
      ...(tag ? { suffix: tag.name } : {}),
      closable: true,
      icon: (
        <>
          {tag && <ProfileChip tag={tag} shape="bar" />}
          <span
            className="log-dot"
            style={{ background: `var(--mantine-color-${chip?.color ?? 'gray'}-6)` }}
            aria-hidden
          />
        </>
      ),
      data: { 'data-state': chip?.state ?? 'connecting' },
    };
  });
  if (merged.length > 0) {
    items.unshift({ id: MERGED_TAB, label: `Merged (${merged.length})`, ariaLabel: 'Merged view' });
  }
  return (
    <Group gap={0} wrap="nowrap" className="log-tabs">
      <div style={{ flex: 1, minWidth: 0 }}>
        <OverflowTabs
          ariaLabel="Log streams"
          tabs={items}
          activeId={active ?? ''}
          onActivate={(id) => controller.activate(id)}
          onClose={(id) => controller.close(id)}
          tabDomId={tabDomId}
          panelDomId={panelDomId}
        />
      </div>
      <AddLogMenu onOpen={(spec) => void controller.open(spec)} />
    </Group>
  );
}

/** Re-render the tab bar when any stream's title or state changes (not on new lines). */
function useTabRerender(controller: LogController, ids: string[]) {
  const key = ids.join(',');
  const getKey = useCallback(
    () =>
      key
        .split(',')
        .map((id) => {
          const info = controller.stream(id)?.getSnapshot().info;
          return info
            ? `${info.title}|${info.status}|${info.task?.running}|${info.task?.exitstatus}`
            : '';
        })
        .join(','),
    [controller, key],
  );
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = key
        .split(',')
        .map((id) => controller.stream(id)?.subscribe(listener))
        .filter((off): off is () => void => off !== undefined);
      return () => offs.forEach((off) => off());
    },
    [controller, key],
  );
  useSyncExternalStore(subscribe, getKey, getKey);
}

function ActiveView({ controller }: { controller: LogController }) {
  const active = useLogPanel(controller, selectActive);
  const info = useTabInfo(controller, active ?? '');
  if (active === MERGED_TAB) {
    return (
      <div
        role="tabpanel"
        id={panelDomId(MERGED_TAB)}
        aria-labelledby={tabDomId(MERGED_TAB)}
        className="log-tabpanel"
      >
        <MergedView controller={controller} />
      </div>
    );
  }
  const stream = active ? controller.stream(active) : undefined;
  if (!stream || !info) return <EmptyPanel />;
  return (
    <div
      role="tabpanel"
      id={panelDomId(stream.streamId)}
      aria-labelledby={tabDomId(stream.streamId)}
      className="log-tabpanel"
    >
      <StreamView key={stream.streamId} controller={controller} stream={stream} />
    </div>
  );
}

function EmptyPanel() {
  return (
    <Center h="100%" p="md">
      <Stack align="center" gap={6} maw={260}>
        <IconNotebook size={28} stroke={1.4} color="var(--mantine-color-dimmed)" />
        <Text size="sm" fw={500}>
          No log open
        </Text>
        <Text size="xs" c="dimmed" ta="center">
          Open a node's or a guest's journal, the cluster log or a file with +, or click a task
          below.
        </Text>
      </Stack>
    </Center>
  );
}

export function LogPanel({ controller = getLogController() }: { controller?: LogController }) {
  if (!controller) return <EmptyPanel />;
  return (
    <div className="log-panel" data-testid="log-panel" role="region" aria-label="Logs">
      <TabsBar controller={controller} />
      <ActiveView controller={controller} />
    </div>
  );
}
