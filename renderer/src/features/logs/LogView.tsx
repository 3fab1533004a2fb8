// A log view: the toolbar, the search bar, the notice line and the virtualised rows, for one
// stream or the merged view. Filtering decides which rows show; search (separate) highlights and
// steps through matches; E / Shift+E step through errors, N / Shift+N through matches.

import { ActionIcon, Group, Loader, Text, TextInput, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconX } from '@tabler/icons-react';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { LogEntry } from '../../../../shared/logs';
import { DEFAULT_VIEW, type LogController, type LogViewOptions } from './logController';
import {
  compileFilter,
  compilePattern,
  findHits,
  nextErrorRow,
  SEARCH_HIT_LIMIT,
  stepHit,
  type RowPredicate,
} from './logFilter';
import { copyText, linesText, saveText } from './logActions';
import { LogList, type LogListHandle } from './LogList';
import type { ToolbarActions } from './LogToolbar';
import { LogToolbar } from './LogToolbar';
import { useLogPanel, type ViewRows } from './useLogs';

/** The tab's view options and its compiled filter. */
export function useViewFilter(controller: LogController, tabId: string) {
  const view = useLogPanel(
    controller,
    useCallback((s) => s.views[tabId] ?? DEFAULT_VIEW, [tabId]),
  );
  const compiled = useMemo(() => compileFilter(view.filter), [view.filter]);
  const predicate: RowPredicate | null = compiled.ok ? compiled.value : null;
  return { view, predicate, filterError: compiled.ok ? undefined : compiled.error };
}

export interface LogViewProps {
  controller: LogController;
  tabId: string;
  title: string;
  view: LogViewOptions;
  filterError?: string;
  data: ViewRows;
  /** All entries held (for "copy/save all"). */
  allEntries(): { entries: readonly LogEntry[]; sourceOf?: (i: number) => string | undefined };
  sourceTags?: ReadonlyMap<string, { name: string; colour: string }>;
  chip(paused: boolean): ReactNode;
  notice?: ReactNode;
  loadingOlder?: boolean;
  onNearTop?: () => void;
  actions: Omit<ToolbarActions, 'copy' | 'save'>;
}

export function LogView(props: LogViewProps) {
  const { controller, tabId, view, data } = props;
  const display = useLogPanel(controller, (s) => s.display);
  const list = useRef<LogListHandle | null>(null);
  const searchInput = useRef<HTMLInputElement | null>(null);
  const [following, setFollowing] = useState(true);
  const [currentHit, setCurrentHit] = useState(-1);
  const [focusedRow, setFocusedRow] = useState(-1);
  const setView = useCallback(
    (patch: Partial<LogViewOptions>) => controller.setView(tabId, patch),
    [controller, tabId],
  );

  const search = useMemo(
    () =>
      view.searchOpen && view.search !== ''
        ? compilePattern(view.search, view.searchRegex)
        : undefined,
    [view.searchOpen, view.search, view.searchRegex],
  );
  const hits = useMemo(
    () => (search?.ok ? findHits(data.rows, search.value) : []),
    [search, data.rows],
  );
  useEffect(() => setCurrentHit((c) => (c >= hits.length ? hits.length - 1 : c)), [hits.length]);
  useEffect(() => setCurrentHit(-1), [search]);

  const stepSearch = (direction: 1 | -1) => {
    const next = stepHit(currentHit, hits.length, direction);
    setCurrentHit(next);
    if (next >= 0) list.current?.scrollToRow(hits[next]!.row);
  };
  const stepError = (direction: 1 | -1) => {
    const from =
      focusedRow >= 0 && focusedRow < data.rows.length
        ? focusedRow
        : direction === 1
          ? -1
          : data.rows.length;
    const row = nextErrorRow(data.rows, from, direction);
    if (row < 0) return;
    setFocusedRow(row);
    list.current?.scrollToRow(row);
  };
  const openSearch = () => {
    setView({ searchOpen: true });
    // The input exists after this render.
    queueMicrotask(() => searchInput.current?.select());
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      openSearch();
      return;
    }
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key.toLowerCase() === 'e') stepError(e.shiftKey ? -1 : 1);
    else if (e.key.toLowerCase() === 'n' && hits.length) stepSearch(e.shiftKey ? -1 : 1);
    else if (e.key === 'End') list.current?.jumpToLive();
    else return;
    e.preventDefault();
  };

  const format = { timestamps: display.timestamps, zone: display.zone };
  const sourceName = (id: string | undefined) => (id ? props.sourceTags?.get(id)?.name : undefined);
  const text = (which: 'shown' | 'all') => {
    if (which === 'shown') {
      const src = data.sources;
      return linesText(data.rows, format, src ? (i) => sourceName(src[i]) : undefined);
    }
    const all = props.allEntries();
    const sourceOf = all.sourceOf;
    return linesText(all.entries, format, sourceOf ? (i) => sourceName(sourceOf(i)) : undefined);
  };
  const actions: ToolbarActions = {
    ...props.actions,
    copy: (which) => void copyText(text(which)).catch(() => undefined),
    save: (which) => saveText(props.title, text(which)),
  };

  const hitLabel = !search
    ? ''
    : !search.ok
      ? ''
      : hits.length === 0
        ? 'No matches'
        : `${currentHit >= 0 ? currentHit + 1 : '–'} of ${hits.length >= SEARCH_HIT_LIMIT ? `${SEARCH_HIT_LIMIT}+` : hits.length}`;

  return (
    <div className="log-view" onKeyDown={onKeyDown}>
      <LogToolbar
        chip={props.chip(!following)}
        filter={view.filter}
        filterError={props.filterError}
        onFilter={(patch) => setView({ filter: { ...view.filter, ...patch } })}
        searchOpen={view.searchOpen}
        onToggleSearch={() => (view.searchOpen ? setView({ searchOpen: false }) : openSearch())}
        onError={stepError}
        display={display}
        onDisplay={(patch) => controller.setDisplay(patch)}
        shown={data.rows.length}
        total={data.total}
        actions={actions}
      />
      {props.filterError && (
        <Text size="xs" c="red" px={8} pb={3} role="alert" data-testid="log-filter-error">
          {props.filterError}
        </Text>
      )}
      {view.searchOpen && (
        <Group gap={4} px={6} pb={4} wrap="nowrap" className="log-search">
          <TextInput
            ref={searchInput}
            size="xs"
            placeholder="Search…"
            aria-label="Search lines"
            value={view.search}
            autoFocus
            onChange={(e) => setView({ search: e.currentTarget.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                stepSearch(e.shiftKey ? -1 : 1);
              } else if (e.key === 'Escape') {
                setView({ searchOpen: false });
                list.current?.focus();
              }
            }}
            error={search !== undefined && !search.ok}
            rightSectionWidth={24}
            rightSection={
              <Tooltip label="Regular expression" withinPortal openDelay={400}>
                <ActionIcon
                  size={18}
                  variant={view.searchRegex ? 'filled' : 'subtle'}
                  color={view.searchRegex ? undefined : 'gray'}
                  aria-label="Search with a regular expression"
                  aria-pressed={view.searchRegex}
                  onClick={() => setView({ searchRegex: !view.searchRegex })}
                >
                  <span className="log-toggle-text">.*</span>
                </ActionIcon>
              </Tooltip>
            }
            style={{ flex: 1 }}
          />
          <Text
            size="xs"
            c={search && !search.ok ? 'red' : 'dimmed'}
            data-testid="log-search-count"
            style={{ flexShrink: 0, minWidth: 60, textAlign: 'right' }}
            role={search && !search.ok ? 'alert' : undefined}
          >
            {search && !search.ok ? search.error : hitLabel}
          </Text>
          <ActionIcon
            size="md"
            variant="subtle"
            color="gray"
            aria-label="Previous match"
            disabled={hits.length === 0}
            onClick={() => stepSearch(-1)}
          >
            <IconChevronUp size={15} />
          </ActionIcon>
          <ActionIcon
            size="md"
            variant="subtle"
            color="gray"
            aria-label="Next match"
            disabled={hits.length === 0}
            onClick={() => stepSearch(1)}
          >
            <IconChevronDown size={15} />
          </ActionIcon>
          <ActionIcon
            size="md"
            variant="subtle"
            color="gray"
            aria-label="Close search"
            onClick={() => setView({ searchOpen: false })}
          >
            <IconX size={14} />
          </ActionIcon>
        </Group>
      )}
      {props.notice}
      {props.loadingOlder && (
        <Group gap={6} px={8} py={2} className="log-older">
          <Loader size={10} />
          <Text size="xs" c="dimmed">
            Loading older lines…
          </Text>
        </Group>
      )}
      {data.rows.length === 0 && data.total > 0 ? (
        <Text size="xs" c="dimmed" px={8} py={6} data-testid="log-empty">
          No line matches the filter ({data.total.toLocaleString('en-US')} hidden).
        </Text>
      ) : null}
      <LogList
        handle={list}
        rows={data.rows}
        sources={data.sources}
        sourceTags={props.sourceTags}
        wrap={display.wrap}
        timestamps={display.timestamps}
        zone={display.zone}
        hits={hits}
        currentHit={currentHit}
        focusedRow={focusedRow}
        onNearTop={props.onNearTop}
        onFollowChange={setFollowing}
      />
    </div>
  );
}
