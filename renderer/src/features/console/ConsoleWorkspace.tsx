import type { ReactNode } from 'react';
import { ConsolePanel } from './ConsolePanel';
import { selectActive, selectTabs, useConsoleTabs } from './ConsoleContext';
import { ConsoleTabBar, panelDomId, tabDomId } from './ConsoleTabBar';

/**
 * The right side of the window: the detail view and the console tabs. Every console stays
 * mounted while its tab exists (hidden when another tab shows), so a terminal keeps its screen
 * and scrollback and a VNC session stays connected.
 */
export function ConsoleWorkspace({ details }: { details: ReactNode }) {
  const tabs = useConsoleTabs(selectTabs);
  const active = useConsoleTabs(selectActive);
  const showDetails = active === null || tabs.length === 0;
  return (
    <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      {tabs.length > 0 && <ConsoleTabBar />}
      <div
        role={tabs.length > 0 ? 'tabpanel' : undefined}
        id={panelDomId(null)}
        aria-labelledby={tabs.length > 0 ? tabDomId(null) : undefined}
        style={{
          flex: 1,
          minHeight: 0,
          overflow: 'auto',
          padding: 'var(--mantine-spacing-md)',
          display: showDetails ? undefined : 'none',
        }}
      >
        {details}
      </div>
      {tabs.map((t) => (
        <ConsolePanel key={t.consoleId} consoleId={t.consoleId} active={active === t.consoleId} />
      ))}
    </div>
  );
}
