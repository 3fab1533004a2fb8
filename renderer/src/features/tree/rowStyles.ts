import type { CSSProperties } from 'react';

export const ROW_HEIGHT = 26;
const INDENT = 14;

export function rowStyle(
  start: number,
  level: number,
  selected: boolean,
  marked = false,
): CSSProperties {
  return {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    transform: `translateY(${start}px)`,
    paddingLeft: 4 + (level - 1) * INDENT,
    paddingRight: 6,
    display: 'flex',
    alignItems: 'center',
    gap: 6,
    cursor: 'default',
    userSelect: 'none',
    whiteSpace: 'nowrap',
    fontSize: 'var(--mantine-font-size-sm)',
    background: selected
      ? 'var(--mantine-primary-color-light)'
      : marked
        ? 'color-mix(in srgb, var(--mantine-primary-color-filled) 12%, transparent)'
        : undefined,
    // A marked row (multi-selection) carries a bar at its left edge, the opened one too.
    boxShadow: marked ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined,
  };
}
