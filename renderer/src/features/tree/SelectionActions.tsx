// The selection bar's actions on one line: as many buttons as fit the tree's width, in the order
// given (the most used first), and the rest in a "More" menu at the end; they are measured off
// screen and re-fitted when the tree is resized, so the bar never wraps.

import { Button, Menu } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useLayoutEffect, useRef, useState } from 'react';

export interface BarAction {
  key: string;
  /** "Shut down (3)" */
  label: string;
  danger?: boolean;
  run(): void;
}

/** Room kept for the "More" button and the gaps around it. */
const MORE_WIDTH = 64;
const GAP = 4;

export function SelectionActions({ actions }: { actions: BarAction[] }) {
  const rowRef = useRef<HTMLDivElement | null>(null);
  const measureRef = useRef<HTMLDivElement | null>(null);
  const [fit, setFit] = useState(actions.length);
  const signature = actions.map((a) => a.label).join('\u0000');

  useLayoutEffect(() => {
    const row = rowRef.current;
    const measure = measureRef.current;
    if (!row || !measure) return;
    const refit = () => {
      const widths = [...measure.children].map((c) => c.getBoundingClientRect().width + GAP);
      const room = row.clientWidth;
      const all = widths.reduce((a, b) => a + b, 0);
      if (all <= room) {
        setFit(widths.length);
        return;
      }
      let used = 0;
      let n = 0;
      for (const w of widths) {
        if (used + w > room - MORE_WIDTH) break;
        used += w;
        n += 1;
      }
      setFit(n);
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(row);
    return () => observer.disconnect();
  }, [signature]);

  const shown = actions.slice(0, fit);
  const more = actions.slice(fit);
  return (
    <div
      ref={rowRef}
      role="toolbar"
      aria-label="Bulk actions"
      style={{
        flex: 1,
        minWidth: 0,
        display: 'flex',
        gap: GAP,
        alignItems: 'center',
        overflow: 'hidden',
        position: 'relative',
      }}
    >
      {/* The same buttons, hidden from sight and from assistive tech: their widths decide the fit. */}
      <div
        ref={measureRef}
        aria-hidden
        style={{
          position: 'absolute',
          visibility: 'hidden',
          pointerEvents: 'none',
          display: 'flex',
          gap: GAP,
          whiteSpace: 'nowrap',
          left: 0,
          top: 0,
        }}
      >
        {actions.map((a) => (
          <Button
            key={a.key}
            size="compact-xs"
            variant="default"
            tabIndex={-1}
            style={{ flexShrink: 0 }}
          >
            {a.label}
          </Button>
        ))}
      </div>
      {shown.map((a) => (
        <Button
          key={a.key}
          size="compact-xs"
          variant={a.danger ? 'light' : 'default'}
          color={a.danger ? 'red' : undefined}
          onClick={a.run}
          style={{ flexShrink: 0 }}
        >
          {a.label}
        </Button>
      ))}
      {more.length > 0 && (
        <Menu position="bottom-end" withinPortal shadow="md">
          <Menu.Target>
            <Button
              size="compact-xs"
              variant="subtle"
              rightSection={<IconChevronDown size={12} />}
              style={{ flexShrink: 0 }}
              aria-label={`More actions (${String(more.length)})`}
            >
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {more.map((a) => (
              <Menu.Item key={a.key} color={a.danger ? 'red' : undefined} onClick={a.run}>
                {a.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </div>
  );
}
