// The virtualised resource tree and its keyboard: arrows, Home/End and PageUp/PageDown move the
// selection and the detail follows it; Enter opens (and shows) the detail; typing letters jumps to
// the next row whose name starts with them; `/` filters (TreeFilter). Guests can be marked for a
// bulk action (multiSelect.ts): Ctrl/Cmd-click, Shift-click, Shift+arrows, Space, Ctrl+A, Escape;
// Shift+F10 or the context-menu key opens the row's menu (GuestMenu).

import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useAppState, useController } from '../../store/hooks';
import { selectCursor, selectProfiles, selectTreeResources } from '../../store/selectors';
import type { Selection } from '../../store/appState';
import { useConsoles } from '../console/ConsoleContext';
import { GuestRow } from './GuestRow';
import { NodeRow } from './NodeRow';
import { NoteRow } from './NoteRow';
import { ProfileRow } from './ProfileRow';
import { rowDomId } from './rowProps';
import { ROW_HEIGHT } from './rowStyles';
import {
  isTypeAheadKey,
  pageIndex,
  stepIndex,
  typeAheadIndex,
  TypeAheadBuffer,
} from './treeKeyboard';
import { rowName, type TreeRow } from './treeRows';
import { useTree } from './useTree';
import { allGuests, isMarked, marked, markedRows, ranged, toggled, useMarked } from './multiSelect';
import { GroupRow } from './GroupRow';
import { ViewSwitch } from './ViewSwitch';
import { guestKeyOf } from './treeViews';
import { SelectionBar } from './SelectionBar';
import { GuestMenu, type MenuAt } from './GuestMenu';
import { ScopeMenu } from './ScopeMenu';
import { treeReady } from './firstFrame';
import { releaseFirstFrameAfterPaint } from '../../prepaint/handover';

function selectionOf(row: TreeRow): Selection | null {
  switch (row.kind) {
    case 'profile':
      return { kind: 'profile', profileId: row.profileId };
    case 'node':
      return { kind: 'node', profileId: row.profileId, node: row.node };
    case 'guest':
      return { kind: 'guest', profileId: row.profileId, id: row.id };
    case 'group':
    case 'note':
      return null;
  }
}

/** The key the store's cursor has for a row once opened (a guest's is the same in every view). */
const guestKeyOfRow = (row: TreeRow) => (row.kind === 'guest' ? guestKeyOf(row) : row.key);

const isBranch = (row: TreeRow) =>
  row.kind === 'profile' || row.kind === 'node' || row.kind === 'group';

/** The cursor's row: its own key, or (a guest opened from elsewhere) its first occurrence. */
function indexOfCursor(rows: readonly TreeRow[], cursor: string | null): number {
  const exact = rows.findIndex((r) => r.key === cursor);
  if (exact >= 0 || !cursor) return exact;
  return rows.findIndex((r) => r.kind === 'guest' && guestKeyOf(r) === cursor);
}

/** The virtualised resource tree: profiles → nodes (or tags, or pools) → guests. */
export function ResourceTree({ treeRef }: { treeRef: React.RefObject<HTMLDivElement | null> }) {
  const controller = useController();
  const consoles = useConsoles();
  const profiles = useAppState(selectProfiles);
  const resources = useAppState(selectTreeResources);
  const cursor = useAppState(selectCursor);
  const { rows, filterText } = useTree();
  const cursorIndex = useMemo(() => indexOfCursor(rows, cursor), [rows, cursor]);
  const typeAhead = useRef(new TypeAheadBuffer());
  const marks = useMarked();
  const markedList = useMemo(() => markedRows(marks, rows), [marks, rows]);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  // The window's first frame (renderer/src/prepaint) gives way once this tree shows what it had.
  const ready = useAppState(treeReady);
  useEffect(() => {
    if (ready) releaseFirstFrameAfterPaint();
  }, [ready]);

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
  const lastFilter = useRef(filterText);
  useLayoutEffect(() => {
    if (lastFilter.current === filterText) return;
    lastFilter.current = filterText;
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'center' });
  }, [filterText, cursorIndex, virtualizer]);

  // A row selected from elsewhere (a newly added profile) is scrolled into view once it exists.
  const revealed = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (cursorIndex < 0 || revealed.current === cursor) return;
    revealed.current = cursor;
    virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursor, cursorIndex, virtualizer]);

  const onActivate = useCallback(
    (row: TreeRow) => {
      const selection = selectionOf(row);
      if (selection) controller.open(selection);
      // A group, or a guest under a tag or pool: the cursor stays on that very row.
      if (!selection || row.key !== guestKeyOfRow(row)) controller.setCursor(row.key);
    },
    [controller],
  );
  const onToggle = useCallback(
    (row: TreeRow) => {
      if (row.kind === 'profile' || row.kind === 'node' || row.kind === 'group')
        controller.setCollapsed(row.key, row.expanded);
    },
    [controller],
  );

  // A click: plain opens (and clears the marks), Ctrl/Cmd toggles, Shift marks a range.
  const onPick = useCallback(
    (row: TreeRow, mods: { shift: boolean; toggle: boolean }) => {
      const index = rows.findIndex((r) => r.key === row.key);
      if (mods.shift) marked.set(ranged(marked.get(), rows, marked.rangeBase, index), true);
      else if (mods.toggle) {
        // The opened guest is part of what Ctrl-click starts, as in a file manager.
        const m = marked.get();
        const opened = rows[cursorIndex];
        const start =
          m.keys.size === 0 && opened?.kind === 'guest' && opened.key !== row.key
            ? { keys: new Set([guestKeyOf(opened)]), anchor: opened.key }
            : m;
        marked.set(toggled(start, row));
      } else {
        marked.set({ keys: new Set(), anchor: row.key });
        onActivate(row);
        return;
      }
      controller.setCursor(row.key);
      revealed.current = row.key;
    },
    [rows, cursorIndex, controller, onActivate],
  );
  const onRowActivate = useCallback(
    (row: TreeRow) => {
      marked.clear();
      onActivate(row);
    },
    [onActivate],
  );
  const onMenu = useCallback(
    (row: TreeRow, at: { x: number; y: number }) => {
      // A right-click outside the marks acts on that row alone, as file managers do.
      if (!isMarked(marked.get(), row)) marked.set({ keys: new Set(), anchor: row.key });
      if (row.key !== cursor) controller.setCursor(row.key);
      setMenu({ row, ...at });
    },
    [controller, cursor],
  );
  const menuRows = menu
    ? (() => {
        if (isMarked(marks, menu.row)) return markedList;
        return menu.row.kind === 'guest' ? [menu.row] : [];
      })()
    : [];

  // The detail follows the keyboard: moving the selection opens what it lands on.
  const moveTo = (index: number) => {
    const row = rows[index];
    if (!row) return;
    const selection = selectionOf(row);
    if (selection) controller.open(selection);
    if (!selection || row.key !== guestKeyOfRow(row)) controller.setCursor(row.key);
    revealed.current = row.key;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const pageRows = () =>
    Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);

  // Shift+arrows: the cursor moves and the range from the anchor follows it.
  const extendTo = (index: number) => {
    const to = rows[index];
    if (!to) return;
    const m = marked.get();
    const base = m.anchor ? m : { ...m, anchor: cursor };
    marked.set(ranged(base, rows, marked.rangeBase, index), true);
    controller.setCursor(to.key);
    revealed.current = to.key;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = cursorIndex >= 0 ? rows[cursorIndex] : undefined;
    const now = performance.now();
    if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      if (row && row.kind !== 'note') {
        const el = document.getElementById(rowDomId(row.key));
        const box = el?.getBoundingClientRect();
        onMenu(row, { x: (box?.left ?? 0) + 24, y: box?.bottom ?? 0 });
      }
      e.preventDefault();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      marked.set(allGuests(rows));
      e.preventDefault();
      return;
    }
    if (e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      extendTo(stepIndex(rows, cursorIndex < 0 && delta < 0 ? rows.length : cursorIndex, delta));
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && marks.keys.size > 0) {
      marked.clear();
      e.preventDefault();
      return;
    }
    if (e.key === ' ' && row?.kind === 'guest' && !typeAhead.current.active(now)) {
      marked.set(toggled(marked.get(), row));
      e.preventDefault();
      return;
    }
    if (isTypeAheadKey(e) && (e.key !== ' ' || typeAhead.current.active(now))) {
      const typed = typeAhead.current.push(e.key, now);
      const at = typeAheadIndex(
        rows,
        (r) => rowName(r, profiles ?? [], resources),
        cursorIndex,
        typed,
      );
      if (at >= 0 && at !== cursorIndex) moveTo(at);
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        moveTo(stepIndex(rows, cursorIndex, 1));
        break;
      case 'ArrowUp':
        moveTo(stepIndex(rows, cursorIndex < 0 ? rows.length : cursorIndex, -1));
        break;
      case 'Home':
        moveTo(stepIndex(rows, -1, 1));
        break;
      case 'End':
        moveTo(stepIndex(rows, rows.length, -1));
        break;
      case 'PageDown':
        moveTo(pageIndex(rows, cursorIndex, pageRows(), 1));
        break;
      case 'PageUp':
        moveTo(pageIndex(rows, cursorIndex, pageRows(), -1));
        break;
      case 'ArrowLeft':
        if (!row) break;
        if (isBranch(row) && 'expanded' in row && row.expanded) onToggle(row);
        else if (row.parent) moveTo(rows.findIndex((r) => r.key === row.parent));
        break;
      case 'ArrowRight':
        if (!row) break;
        if (isBranch(row) && 'expanded' in row && !row.expanded) onToggle(row);
        else if (isBranch(row)) moveTo(stepIndex(rows, cursorIndex, 1));
        break;
      case 'Enter':
      case ' ':
        // Opens the row and brings the detail to the front, over a console tab.
        if (row) {
          onActivate(row);
          consoles.activate(null);
        }
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <>
      <ViewSwitch />
      <SelectionBar rows={markedList} />
      <div
        ref={(el) => {
          scrollRef.current = el;
          treeRef.current = el;
        }}
        role="tree"
        aria-label="Resources"
        aria-multiselectable
        tabIndex={0}
        aria-activedescendant={cursorIndex >= 0 ? rowDomId(rows[cursorIndex]!.key) : undefined}
        onKeyDown={onKeyDown}
        style={{ flex: 1, minHeight: 0, overflow: 'auto', outlineOffset: -2 }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const selected = row.key === cursor;
            const common = { start: item.start, selected, onActivate: onRowActivate, onToggle };
            switch (row.kind) {
              case 'profile':
                return <ProfileRow key={row.key} row={row} {...common} onMenu={onMenu} />;
              case 'node':
                return <NodeRow key={row.key} row={row} {...common} onMenu={onMenu} />;
              case 'guest':
                return (
                  <GuestRow
                    key={row.key}
                    row={row}
                    {...common}
                    marked={isMarked(marks, row)}
                    onPick={onPick}
                    onMenu={onMenu}
                  />
                );
              case 'group':
                return <GroupRow key={row.key} row={row} {...common} onMenu={onMenu} />;
              case 'note':
                return <NoteRow key={row.key} row={row} start={item.start} />;
            }
          })}
        </div>
      </div>
      {menu &&
        (menu.row.kind === 'node' || menu.row.kind === 'profile' || menu.row.kind === 'group') && (
          <ScopeMenu
            at={menu}
            scope={menu.row}
            onClose={() => {
              setMenu(null);
              treeRef.current?.focus();
            }}
          />
        )}
      {menu && menu.row.kind === 'guest' && (
        <GuestMenu
          at={menu}
          rows={menuRows}
          onClose={() => {
            setMenu(null);
            treeRef.current?.focus();
          }}
        />
      )}
    </>
  );
}
