// A small menu at a point (a row's context menu): the first enabled item takes the focus,
// arrows move, Enter or a click runs, Escape, Tab or a click elsewhere closes.

import { Button, Divider, Paper, Text } from '@mantine/core';
import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';

export interface PointMenuItem {
  key: string;
  label: string;
  danger?: boolean;
  /** why it is disabled */
  disabled?: string;
  /** a letter that runs it while the menu is open, shown at the right */
  shortcut?: string;
  /** a line above it: the first of another group of entries */
  separated?: boolean;
  run(): void;
}

export function PointMenu({
  x,
  y,
  label,
  items,
  onClose,
}: {
  x: number;
  y: number;
  label: string;
  items: PointMenuItem[];
  onClose(): void;
}) {
  const ref = useRef<HTMLDivElement | null>(null);
  const buttons = () => [
    ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []),
  ];
  useEffect(() => {
    buttons()[0]?.focus();
    const outside = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', outside, true);
    return () => document.removeEventListener('mousedown', outside, true);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = buttons();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      list[(at + step + list.length) % list.length]?.focus();
    } else if (e.key === 'Home') list[0]?.focus();
    else if (e.key === 'End') list.at(-1)?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const hit = items.find(
        (i) => i.disabled === undefined && i.shortcut?.toLowerCase() === e.key.toLowerCase(),
      );
      if (!hit) return;
      hit.run();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // Kept inside the window: near the right or bottom edge it opens toward the point.
  const left = Math.min(x, window.innerWidth - 220);
  const top = Math.min(y, window.innerHeight - (items.length + 1) * 30 - 16);
  return (
    <Paper
      ref={ref}
      role="menu"
      aria-label={label}
      shadow="md"
      withBorder
      p={4}
      onKeyDown={onKeyDown}
      style={{ position: 'fixed', left, top: Math.max(4, top), zIndex: 300, minWidth: 180 }}
    >
      <Text size="xs" c="dimmed" px={8} py={2} truncate="end">
        {label}
      </Text>
      {items.length === 0 && (
        <Text size="sm" c="dimmed" px={8} py={4}>
          No power action applies
        </Text>
      )}
      {items.map((i, index) => (
        <Fragment key={i.key}>
          {i.separated && index > 0 && <Divider my={4} />}
          <Button
            role="menuitem"
            variant="subtle"
            color={i.danger ? 'red' : 'gray'}
            size="compact-sm"
            fullWidth
            justify="flex-start"
            fw={400}
            disabled={i.disabled !== undefined}
            // A disabled entry reads as dimmed text, as in a native menu, not as a grey button.
            {...(i.disabled !== undefined ? { bg: 'transparent' } : {})}
            title={i.disabled}
            onClick={() => i.run()}
            styles={{ root: { display: 'flex' }, label: { flex: 1 } }}
            aria-label={i.label}
            {...(i.shortcut ? { 'aria-keyshortcuts': i.shortcut } : {})}
            rightSection={
              i.shortcut ? (
                <Text component="kbd" size="xs" c="dimmed" ff="monospace" aria-hidden>
                  {i.shortcut}
                </Text>
              ) : undefined
            }
          >
            {i.label}
          </Button>
        </Fragment>
      ))}
    </Paper>
  );
}
