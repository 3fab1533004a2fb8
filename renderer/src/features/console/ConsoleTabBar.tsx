// The tab bar above the detail and the consoles: Details first, then one tab per console, on the
// shared OverflowTabs (the active tab stays in view, the rest scroll or sit in an "N more" menu).

import { IconInfoCircle, IconTerminal2, IconDeviceDesktop } from '@tabler/icons-react';
import type { ConsoleInfo } from '../../../../shared/model';
import { OverflowTabs, type OverflowTab } from '../../ui/OverflowTabs';
import { ProfileChip, profileTagOf } from '../../ui/ProfileChip';
import type { AppState } from '../../store/appState';
import { useAppState } from '../../store/hooks';
import { selectActive, selectTabs, useConsoleTabs, useConsoles } from './ConsoleContext';
import { STATUS_COLOR } from './consoleStatus';

export function tabDomId(consoleId: string | null): string {
  return consoleId === null ? 'view-tab-details' : `view-tab-${consoleId}`;
}
export function panelDomId(consoleId: string | null): string {
  return consoleId === null ? 'view-panel-details' : `view-panel-${consoleId}`;
}

/** The Details tab's id in the tab bar (no console has an empty id). */
const DETAILS = '';
const toConsoleId = (id: string): string | null => (id === DETAILS ? null : id);
const selectProfiles = (s: AppState) => s.profiles;

function StatusDot({ info }: { info: ConsoleInfo }) {
  return (
    <span
      aria-hidden
      style={{
        width: 8,
        height: 8,
        borderRadius: 4,
        flexShrink: 0,
        background: `var(--mantine-color-${STATUS_COLOR[info.status]}-6)`,
      }}
    />
  );
}

/** Details + one tab per console: click to show, × or middle-click to close; overflows to a menu. */
export function ConsoleTabBar() {
  const consoles = useConsoles();
  const tabs = useConsoleTabs(selectTabs);
  const active = useConsoleTabs(selectActive);
  const profiles = useAppState(selectProfiles);

  const items: OverflowTab[] = [
    { id: DETAILS, label: 'Details', icon: <IconInfoCircle size={14} aria-hidden /> },
    ...tabs.map((t): OverflowTab => {
      const Icon = t.protocol === 'vnc' ? IconDeviceDesktop : IconTerminal2;
      // Which cluster (when there are several) and node: the same name can live on several.
      const tag = profileTagOf(profiles, t.target.profileId);
      return {
        id: t.consoleId,
        label: t.label,
        suffix: tag ? `${t.target.node} · ${tag.name}` : t.target.node,
        icon: (
          <>
            {tag && <ProfileChip tag={tag} shape="bar" />}
            <StatusDot info={t} />
            <Icon size={14} aria-hidden style={{ flexShrink: 0 }} />
          </>
        ),
        closable: true,
        data: { 'data-status': t.status },
      };
    }),
  ];

  return (
    <OverflowTabs
      ariaLabel="Views"
      tabs={items}
      activeId={active ?? DETAILS}
      onActivate={(id) => consoles.activate(toConsoleId(id))}
      onClose={(id) => {
        const consoleId = toConsoleId(id);
        if (consoleId !== null) consoles.close(consoleId);
      }}
      tabDomId={(id) => tabDomId(toConsoleId(id))}
      panelDomId={(id) => panelDomId(toConsoleId(id))}
    />
  );
}
