import { ActionIcon, Box, Tooltip } from '@mantine/core';
import { IconInfoCircle, IconTerminal2, IconDeviceDesktop, IconX } from '@tabler/icons-react';
import { useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { ConsoleInfo } from '../../../../shared/model';
import { selectActive, selectTabs, useConsoleTabs, useConsoles } from './ConsoleContext';
import { STATUS_COLOR } from './consoleStatus';

export function tabDomId(consoleId: string | null): string {
  return consoleId === null ? 'view-tab-details' : `view-tab-${consoleId}`;
}
export function panelDomId(consoleId: string | null): string {
  return consoleId === null ? 'view-panel-details' : `view-panel-${consoleId}`;
}

const tabStyle = (selected: boolean): React.CSSProperties => ({
  display: 'flex',
  alignItems: 'center',
  gap: 6,
  height: 30,
  padding: '0 8px',
  border: 0,
  borderBottom: `2px solid ${selected ? 'var(--mantine-primary-color-filled)' : 'transparent'}`,
  background: 'transparent',
  color: 'inherit',
  font: 'inherit',
  fontSize: 'var(--mantine-font-size-sm)',
  fontWeight: selected ? 600 : 400,
  cursor: 'pointer',
  whiteSpace: 'nowrap',
  maxWidth: 240,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
});

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

/** Details + one tab per console: click to show, × or middle-click to close. */
export function ConsoleTabBar() {
  const consoles = useConsoles();
  const tabs = useConsoleTabs(selectTabs);
  const active = useConsoleTabs(selectActive);
  const barRef = useRef<HTMLDivElement | null>(null);
  const ids: (string | null)[] = [null, ...tabs.map((t) => t.consoleId)];

  const focusTab = (id: string | null) => {
    consoles.activate(id);
    barRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabDomId(id))}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = ids.indexOf(active);
    if (e.key === 'ArrowRight') focusTab(ids[(index + 1) % ids.length] ?? null);
    else if (e.key === 'ArrowLeft') focusTab(ids[(index - 1 + ids.length) % ids.length] ?? null);
    else if (e.key === 'Delete' && active !== null) consoles.close(active);
    else return;
    e.preventDefault();
  };
  const onAuxClick = (e: MouseEvent, consoleId: string) => {
    if (e.button !== 1) return;
    e.preventDefault();
    consoles.close(consoleId);
  };

  return (
    <Box
      ref={barRef}
      role="tablist"
      aria-label="Views"
      onKeyDown={onKeyDown}
      style={{
        display: 'flex',
        alignItems: 'stretch',
        gap: 2,
        padding: '0 6px',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        overflowX: 'auto',
        flexShrink: 0,
      }}
    >
      <button
        type="button"
        role="tab"
        id={tabDomId(null)}
        aria-selected={active === null}
        aria-controls={panelDomId(null)}
        tabIndex={active === null ? 0 : -1}
        style={tabStyle(active === null)}
        onClick={() => consoles.activate(null)}
      >
        <IconInfoCircle size={14} aria-hidden />
        Details
      </button>
      {tabs.map((t) => {
        const selected = active === t.consoleId;
        const Icon = t.protocol === 'vnc' ? IconDeviceDesktop : IconTerminal2;
        return (
          <div
            key={t.consoleId}
            style={{ display: 'flex', alignItems: 'center' }}
            onAuxClick={(e) => onAuxClick(e, t.consoleId)}
            onMouseDown={(e) => {
              // No autoscroll cursor on middle-click: it closes the tab.
              if (e.button === 1) e.preventDefault();
            }}
          >
            <Tooltip label={t.title} openDelay={500} withinPortal>
              <button
                type="button"
                role="tab"
                id={tabDomId(t.consoleId)}
                aria-label={t.label}
                aria-selected={selected}
                aria-controls={panelDomId(t.consoleId)}
                data-status={t.status}
                tabIndex={selected ? 0 : -1}
                style={tabStyle(selected)}
                onClick={() => consoles.activate(t.consoleId)}
              >
                <StatusDot info={t} />
                <Icon size={14} aria-hidden style={{ flexShrink: 0 }} />
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{t.label}</span>
                {/* Which node: the same guest name can live on several clusters. */}
                <span style={{ opacity: 0.6, fontSize: '0.85em' }} aria-hidden>
                  {t.target.node}
                </span>
              </button>
            </Tooltip>
            <ActionIcon
              size="xs"
              variant="subtle"
              color="gray"
              aria-label={`Close ${t.label}`}
              tabIndex={-1}
              onClick={() => consoles.close(t.consoleId)}
            >
              <IconX size={12} />
            </ActionIcon>
          </div>
        );
      })}
    </Box>
  );
}
