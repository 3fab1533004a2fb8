// The virtualised rows of a log view. It follows the newest row until the user scrolls up, then
// counts what arrives unread and offers "Jump to live"; at the top it asks for older entries and
// keeps the row in view where it was (no jump). Rows wrap or scroll sideways; heights are measured.

import { Button } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
} from 'react';
import type { LogEntry } from '../../../../shared/logs';
import { hitsOfRow, type SearchHit } from './logFilter';
import { LogRow } from './LogRow';
import type { TimeZoneMode } from './logText';

/** Pixels from the bottom that still count as "at the live end". */
const BOTTOM_SLACK = 8;
/** Pixels from the top at which older entries are asked for. */
const TOP_TRIGGER = 60;
const ROW_ESTIMATE = 18;
/** A scroll this soon after a wheel, key or pointer press is the user's (not a re-measure). */
const INTENT_MS = 400;
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

export interface LogListHandle {
  scrollToRow(index: number): void;
  jumpToLive(): void;
  focus(): void;
}

export interface LogListProps {
  rows: readonly LogEntry[];
  /** Stream id per row (merged view) and each stream's tag. */
  sources?: readonly string[];
  sourceTags?: ReadonlyMap<string, { name: string; colour: string }>;
  wrap: boolean;
  timestamps: boolean;
  zone: TimeZoneMode;
  hits: readonly SearchHit[];
  currentHit: number;
  focusedRow: number;
  /** Ask for older entries (scrolled to the top); resolves once they are in the rows. */
  onNearTop?: () => void;
  onFollowChange?: (following: boolean) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  handle?: Ref<LogListHandle>;
}

export function LogList(props: LogListProps) {
  const { rows, sources, sourceTags, wrap, timestamps, zone, hits, currentHit, focusedRow } = props;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  /** The newest row seen when the user paused: rows after it are unread. */
  const [pausedAt, setPausedAt] = useState<LogEntry | undefined>(undefined);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 20,
    getItemKey: (i) => {
      const e = rows[i]!;
      return sources ? `${sources[i]}:${e.seq}` : e.seq;
    },
    onChange: (instance) => {
      // Heights measured after a render: stay at the live end while following.
      if (followingRef.current && instance.scrollElement) stickToBottom(instance.scrollElement);
    },
  });

  const setFollow = useCallback(
    (value: boolean) => {
      if (followingRef.current === value) return;
      followingRef.current = value;
      setFollowing(value);
      props.onFollowChange?.(value);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.onFollowChange],
  );

  // New rows while following: to the bottom, before the browser paints.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && followingRef.current) stickToBottom(el);
  }, [rows]);

  // Older rows came in at the front: keep the row that was at the top where it was.
  const anchor = useRef<{ entry: LogEntry; source?: string; delta: number } | undefined>(undefined);
  const firstRow = rows[0];
  useLayoutEffect(() => {
    const a = anchor.current;
    const el = scrollRef.current;
    if (!a || !el || rows[0] === a.entry) return;
    anchor.current = undefined;
    const index = rows.indexOf(a.entry);
    if (index < 0) return;
    const offset = virtualizer.getOffsetForIndex(index, 'start')?.[0];
    if (offset !== undefined) el.scrollTop = offset + a.delta;
  }, [firstRow, rows, virtualizer]);

  // Only the user pauses following: a scroll right after their wheel, key or pointer press.
  const intentAt = useRef(-Infinity);
  const pointerHeld = useRef(false);
  const markIntent = useCallback(() => {
    intentAt.current = performance.now();
  }, []);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.clientHeight - el.scrollTop <= BOTTOM_SLACK;
    const byUser = pointerHeld.current || performance.now() - intentAt.current < INTENT_MS;
    if (!atBottom && !byUser && followingRef.current) {
      // Rows were measured or came in: the live end moved, and we follow it.
      stickToBottom(el);
      return;
    }
    if (atBottom) {
      setFollow(true);
      setPausedAt(undefined);
    } else if (followingRef.current) {
      setFollow(false);
      setPausedAt(rows[rows.length - 1]);
    }
    if (el.scrollTop < TOP_TRIGGER && props.onNearTop && rows.length > 0) {
      const top = virtualizer.getVirtualItemForOffset(el.scrollTop);
      const entry = top ? rows[top.index] : rows[0];
      if (entry && top) anchor.current = { entry, delta: el.scrollTop - top.start };
      props.onNearTop();
    }
  }, [rows, setFollow, virtualizer, props]);

  const jumpToLive = useCallback(() => {
    const el = scrollRef.current;
    setFollow(true);
    setPausedAt(undefined);
    if (el) stickToBottom(el);
  }, [setFollow]);

  useImperativeHandle(
    props.handle,
    () => ({
      scrollToRow(index: number) {
        if (index < 0 || index >= rows.length) return;
        setFollow(false);
        setPausedAt((p) => p ?? rows[rows.length - 1]);
        virtualizer.scrollToIndex(index, { align: 'center' });
      },
      jumpToLive,
      focus() {
        scrollRef.current?.focus();
      },
    }),
    [rows, setFollow, virtualizer, jumpToLive],
  );

  let unread = 0;
  if (!following) {
    if (pausedAt === undefined) unread = 0;
    else {
      const at = rows.lastIndexOf(pausedAt);
      unread = at < 0 ? rows.length : rows.length - 1 - at;
    }
  }

  const items = virtualizer.getVirtualItems();
  return (
    <div className="log-list-wrap">
      <div
        ref={scrollRef}
        className="log-list"
        data-wrap={wrap}
        data-testid="log-rows"
        data-following={following}
        data-rows={rows.length}
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        onScroll={onScroll}
        onWheel={markIntent}
        onPointerDown={() => {
          pointerHeld.current = true;
          markIntent();
        }}
        onPointerUp={() => {
          pointerHeld.current = false;
        }}
        onTouchMove={markIntent}
        onKeyDown={(e) => {
          if (SCROLL_KEYS.has(e.key)) markIntent();
          props.onKeyDown?.(e);
        }}
      >
        <div className="log-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          <div
            className="log-list-rows"
            style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}
          >
            {items.map((item) => {
              const entry = rows[item.index]!;
              const source = sources ? sourceTags?.get(sources[item.index]!) : undefined;
              const rowHits = hits.length ? hitsOfRow(hits, item.index) : NO_HITS;
              const current =
                currentHit >= 0 && hits[currentHit]?.row === item.index
                  ? rowHits.indexOf(hits[currentHit]!)
                  : -1;
              return (
                <LogRow
                  key={item.key}
                  entry={entry}
                  index={item.index}
                  timestamps={timestamps}
                  zone={zone}
                  source={source}
                  hits={rowHits}
                  currentHit={current}
                  focused={item.index === focusedRow}
                  measure={virtualizer.measureElement}
                />
              );
            })}
          </div>
        </div>
      </div>
      {!following && (
        <Button
          className="log-jump"
          size="compact-xs"
          radius="xl"
          leftSection={<IconArrowDown size={12} />}
          onClick={jumpToLive}
          data-testid="log-jump-live"
        >
          {unread > 0 ? `${unread.toLocaleString('en-US')} new · Jump to live` : 'Jump to live'}
        </Button>
      )}
    </div>
  );
}

const NO_HITS: SearchHit[] = [];

function stickToBottom(el: HTMLElement): void {
  const target = el.scrollHeight - el.clientHeight;
  if (Math.abs(el.scrollTop - target) > 1) el.scrollTop = target;
}
