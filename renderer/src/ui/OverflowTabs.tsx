// A tab bar that overflows gracefully: tabs keep a readable width (an ellipsis and a tooltip with
// the full name past the maximum), the strip scrolls (wheel or keys) and always brings the active
// tab into view, and an "N more" menu lists every tab once some are out of view.

import { ActionIcon, Button, Menu, Tooltip } from '@mantine/core';
import { IconCheck, IconChevronDown, IconX } from '@tabler/icons-react';
import {
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type WheelEvent,
} from 'react';

export interface OverflowTab {
  id: string;
  /** The full name: shown (cut with an ellipsis when long), in the tooltip and in the menu. */
  label: string;
  /** Accessible name when it differs from `label`. */
  ariaLabel?: string;
  /** Before the label (a status dot, an icon); not shrunk. */
  icon?: ReactNode;
  /** After the label, dimmed (e.g. the node); also in the tooltip and the menu when a string. */
  suffix?: ReactNode;
  /** A × button (and middle-click, and Delete) close it through `onClose`. */
  closable?: boolean;
  /** Extra attributes on the tab element, e.g. `{ 'data-status': 'connected' }`. */
  data?: Record<`data-${string}`, string>;
}

export interface OverflowTabsProps {
  /** The tablist's accessible name, e.g. "Views" or "Log streams". */
  ariaLabel: string;
  tabs: readonly OverflowTab[];
  activeId: string;
  onActivate(id: string): void;
  onClose?(id: string): void;
  /** DOM ids, so each panel can point back with aria-labelledby. */
  tabDomId(id: string): string;
  panelDomId(id: string): string;
}

/** Tabs never get narrower than this (the label is cut with an ellipsis) nor wider than MAX. */
const MIN_TAB = 96;
const MAX_TAB = 240;

const tabStyle = (selected: boolean): React.CSSProperties => ({
  display: 'flex',
  alignItems: 'center',
  gap: 6,
  height: 30,
  minWidth: 0,
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
  overflow: 'hidden',
  flex: 1,
});

function fullName(tab: OverflowTab): string {
  return typeof tab.suffix === 'string' ? `${tab.label} · ${tab.suffix}` : tab.label;
}

/** How many tabs are not fully inside the scroller's visible width. */
function countHidden(scroller: HTMLElement): number {
  const view = scroller.getBoundingClientRect();
  let hidden = 0;
  for (const el of scroller.querySelectorAll<HTMLElement>('[data-overflow-tab]')) {
    const r = el.getBoundingClientRect();
    if (r.left < view.left - 1 || r.right > view.right + 1) hidden++;
  }
  return hidden;
}

/** Scroll just enough that `el` is wholly in view (scrollIntoView would scroll the page too). */
function reveal(scroller: HTMLElement, el: HTMLElement): void {
  const left = el.offsetLeft - scroller.offsetLeft;
  const right = left + el.offsetWidth;
  if (left < scroller.scrollLeft) scroller.scrollLeft = left;
  else if (right > scroller.scrollLeft + scroller.clientWidth)
    scroller.scrollLeft = right - scroller.clientWidth;
}

/**
 * A tab bar for many tabs (consoles, log streams). Usage:
 *
 * ```tsx
 * <OverflowTabs
 *   ariaLabel="Log streams"
 *   tabs={streams.map((s) => ({ id: s.id, label: s.title, suffix: s.node, closable: true }))}
 *   activeId={activeId}
 *   onActivate={setActiveId}
 *   onClose={closeStream}
 *   tabDomId={(id) => `log-tab-${id}`}
 *   panelDomId={(id) => `log-panel-${id}`}
 * />
 * ```
 *
 * Render the panels yourself with `role="tabpanel"`, `id={panelDomId(id)}` and
 * `aria-labelledby={tabDomId(id)}`. Keys on a focused tab: ←/→ and Home/End move and activate,
 * Delete closes a closable one. The active tab is scrolled into view whenever it changes or the
 * bar is resized.
 */
export function OverflowTabs({
  ariaLabel,
  tabs,
  activeId,
  onActivate,
  onClose,
  tabDomId,
  panelDomId,
}: OverflowTabsProps) {
  const scrollerRef = useRef<HTMLDivElement | null>(null);
  const [hidden, setHidden] = useState(0);

  const measure = useCallback(() => {
    const scroller = scrollerRef.current;
    if (scroller) setHidden(countHidden(scroller));
  }, []);
  const revealActive = useCallback(() => {
    const scroller = scrollerRef.current;
    const el = scroller?.querySelector<HTMLElement>(`#${CSS.escape(tabDomId(activeId))}`);
    const item = el?.closest<HTMLElement>('[data-overflow-tab]');
    if (scroller && item) reveal(scroller, item);
  }, [activeId, tabDomId]);

  // The active tab comes into view when it changes, when tabs come and go, and on resize (not on
  // every render: a status change elsewhere must not undo the user's scrolling).
  const idsKey = tabs.map((t) => t.id).join('\n');
  useLayoutEffect(() => {
    revealActive();
    measure();
  }, [revealActive, measure, idsKey]);
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const observer = new ResizeObserver(() => {
      revealActive();
      measure();
    });
    observer.observe(scroller);
    if (scroller.firstElementChild) observer.observe(scroller.firstElementChild);
    return () => observer.disconnect();
  }, [revealActive, measure]);

  const focusTab = (id: string) => {
    onActivate(id);
    scrollerRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabDomId(id))}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === activeId);
    const at = (i: number) => tabs[(i + tabs.length) % tabs.length]?.id;
    let next: string | undefined;
    if (e.key === 'ArrowRight') next = at(index + 1);
    else if (e.key === 'ArrowLeft') next = at(index - 1);
    else if (e.key === 'Home') next = tabs[0]?.id;
    else if (e.key === 'End') next = tabs[tabs.length - 1]?.id;
    else if (e.key === 'Delete' && tabs[index]?.closable) onClose?.(activeId);
    else return;
    e.preventDefault();
    if (next !== undefined) focusTab(next);
  };
  // A vertical wheel scrolls the strip sideways (there is no vertical scrolling here).
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    const scroller = scrollerRef.current;
    if (!scroller || e.deltaY === 0 || Math.abs(e.deltaX) > Math.abs(e.deltaY)) return;
    scroller.scrollLeft += e.deltaY;
  };

  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'stretch',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        flexShrink: 0,
        minWidth: 0,
      }}
    >
      <div
        ref={scrollerRef}
        onScroll={measure}
        onWheel={onWheel}
        style={{ flex: 1, minWidth: 0, overflowX: 'auto', scrollbarWidth: 'none' }}
      >
        <div
          role="tablist"
          aria-label={ariaLabel}
          onKeyDown={onKeyDown}
          style={{ display: 'flex', gap: 2, padding: '0 6px', width: 'max-content' }}
        >
          {tabs.map((t) => {
            const selected = t.id === activeId;
            return (
              <div
                key={t.id}
                data-overflow-tab
                style={{
                  display: 'flex',
                  alignItems: 'center',
                  minWidth: MIN_TAB,
                  maxWidth: MAX_TAB,
                  flexShrink: 0,
                }}
                onAuxClick={(e) => {
                  if (e.button !== 1 || !t.closable) return;
                  e.preventDefault();
                  onClose?.(t.id);
                }}
                onMouseDown={(e) => {
                  // No autoscroll cursor on middle-click: it closes the tab.
                  if (e.button === 1) e.preventDefault();
                }}
              >
                <Tooltip label={fullName(t)} openDelay={500} withinPortal>
                  <button
                    type="button"
                    role="tab"
                    id={tabDomId(t.id)}
                    aria-label={t.ariaLabel ?? t.label}
                    aria-selected={selected}
                    aria-controls={panelDomId(t.id)}
                    tabIndex={selected ? 0 : -1}
                    style={tabStyle(selected)}
                    onClick={() => onActivate(t.id)}
                    {...t.data}
                  >
                    {t.icon}
                    <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }}>
                      {t.label}
                    </span>
                    {t.suffix !== undefined && (
                      <span style={{ opacity: 0.6, fontSize: '0.85em', flexShrink: 0 }} aria-hidden>
                        {t.suffix}
                      </span>
                    )}
                  </button>
                </Tooltip>
                {t.closable && (
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="gray"
                    aria-label={`Close ${t.ariaLabel ?? t.label}`}
                    tabIndex={-1}
                    style={{ flexShrink: 0 }}
                    onClick={() => onClose?.(t.id)}
                  >
                    <IconX size={12} />
                  </ActionIcon>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {hidden > 0 && (
        <Menu position="bottom-end" withinPortal shadow="md">
          <Menu.Target>
            <Button
              variant="subtle"
              color="gray"
              size="compact-xs"
              rightSection={<IconChevronDown size={12} />}
              style={{ alignSelf: 'center', margin: '0 4px', flexShrink: 0 }}
              aria-label={`${hidden} more tabs: list all`}
            >
              {hidden} more
            </Button>
          </Menu.Target>
          <Menu.Dropdown
            aria-label={`All ${ariaLabel.toLowerCase()}`}
            style={{ maxHeight: 360, overflowY: 'auto' }}
          >
            {tabs.map((t) => (
              <Menu.Item
                key={t.id}
                leftSection={
                  t.id === activeId ? <IconCheck size={14} /> : <span style={{ width: 14 }} />
                }
                onClick={() => focusTab(t.id)}
                style={{ maxWidth: 420 }}
              >
                <span style={{ display: 'flex', gap: 6, alignItems: 'center', minWidth: 0 }}>
                  {t.icon}
                  <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{t.label}</span>
                  {t.suffix !== undefined && (
                    <span style={{ opacity: 0.6, fontSize: '0.85em' }}>{t.suffix}</span>
                  )}
                </span>
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </div>
  );
}
