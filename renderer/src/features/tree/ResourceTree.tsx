import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useAppState, useController } from '../../store/hooks';
import {
  selectCollapsed,
  selectCursor,
  selectFilter,
  selectProfiles,
  selectTreeResources,
} from '../../store/selectors';
import type { Selection } from '../../store/appState';
import { parseFilter } from './filter';
import { GuestRow } from './GuestRow';
import { NodeRow } from './NodeRow';
import { NoteRow } from './NoteRow';
import { ProfileRow } from './ProfileRow';
import { rowDomId } from './rowProps';
import { ROW_HEIGHT } from './rowStyles';
import { buildTreeRows, isSelectable, type TreeRow } from './treeRows';

function selectionOf(row: TreeRow): Selection | null {
  switch (row.kind) {
    case 'profile':
      return { kind: 'profile', profileId: row.profileId };
    case 'node':
      return { kind: 'node', profileId: row.profileId, node: row.node };
    case 'guest':
      return { kind: 'guest', profileId: row.profileId, id: row.id };
    case 'note':
      return null;
  }
}

/** The virtualised resource tree: profiles → nodes → guests. */
export function ResourceTree({ treeRef }: { treeRef: React.RefObject<HTMLDivElement | null> }) {
  const controller = useController();
  const profiles = useAppState(selectProfiles);
  const resources = useAppState(selectTreeResources);
  const filterText = useAppState(selectFilter);
  const collapsed = useAppState(selectCollapsed);
  const cursor = useAppState(selectCursor);
  const filter = useMemo(() => parseFilter(filterText), [filterText]);

  const rows = useMemo(
    () => buildTreeRows({ profiles: profiles ?? [], resources, filter, collapsed }),
    [profiles, resources, filter, collapsed],
  );
  const cursorIndex = useMemo(() => rows.findIndex((r) => r.key === cursor), [rows, cursor]);

  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows[i]!.key,
  });

  // When the filter changes (e.g. cleared after finding a guest), keep the selected row in view
  // instead of leaving the user at an unrelated scroll position among thousands of rows.
  const lastFilter = useRef(filter);
  useLayoutEffect(() => {
    if (lastFilter.current === filter) return;
    lastFilter.current = filter;
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'center' });
  }, [filter, cursorIndex, virtualizer]);

  const onActivate = useCallback(
    (row: TreeRow) => {
      const selection = selectionOf(row);
      if (selection) controller.open(selection);
    },
    [controller],
  );
  const onToggle = useCallback(
    (row: TreeRow) => {
      if (row.kind === 'profile' || row.kind === 'node')
        controller.setCollapsed(row.key, row.expanded);
    },
    [controller],
  );

  const moveTo = (index: number) => {
    const row = rows[index];
    if (!row) return;
    controller.setCursor(row.key);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const step = (from: number, delta: 1 | -1) => {
    for (let i = from + delta; i >= 0 && i < rows.length; i += delta) {
      if (isSelectable(rows[i]!)) return moveTo(i);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = cursorIndex >= 0 ? rows[cursorIndex] : undefined;
    switch (e.key) {
      case 'ArrowDown':
        step(cursorIndex, 1);
        break;
      case 'ArrowUp':
        if (cursorIndex < 0) step(rows.length, -1);
        else step(cursorIndex, -1);
        break;
      case 'Home':
        step(-1, 1);
        break;
      case 'End':
        step(rows.length, -1);
        break;
      case 'ArrowLeft':
        if (!row) break;
        if ((row.kind === 'profile' || row.kind === 'node') && row.expanded) onToggle(row);
        else if (row.parent) moveTo(rows.findIndex((r) => r.key === row.parent));
        break;
      case 'ArrowRight':
        if (!row) break;
        if ((row.kind === 'profile' || row.kind === 'node') && !row.expanded) onToggle(row);
        else if (row.kind === 'profile' || row.kind === 'node') step(cursorIndex, 1);
        break;
      case 'Enter':
      case ' ':
        if (row) onActivate(row);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      ref={(el) => {
        scrollRef.current = el;
        treeRef.current = el;
      }}
      role="tree"
      aria-label="Resources"
      tabIndex={0}
      aria-activedescendant={cursorIndex >= 0 ? rowDomId(rows[cursorIndex]!.key) : undefined}
      onKeyDown={onKeyDown}
      style={{ flex: 1, minHeight: 0, overflow: 'auto', outlineOffset: -2 }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const selected = row.key === cursor;
          const common = { start: item.start, selected, onActivate, onToggle };
          switch (row.kind) {
            case 'profile':
              return <ProfileRow key={row.key} row={row} {...common} />;
            case 'node':
              return <NodeRow key={row.key} row={row} {...common} />;
            case 'guest':
              return <GuestRow key={row.key} row={row} {...common} />;
            case 'note':
              return <NoteRow key={row.key} row={row} start={item.start} />;
          }
        })}
      </div>
    </div>
  );
}
