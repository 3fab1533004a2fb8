// One row of a log view: source tag (merged view), time, writer and the message built as spans
// (ANSI colours and search highlights; never HTML from the text), coloured by severity.

import { memo, type CSSProperties } from 'react';
import type { LogEntry } from '../../../../shared/logs';
import type { SearchHit } from './logFilter';
import {
  entrySegments,
  formatLogTime,
  fullLogTime,
  markSegments,
  priorityName,
  severityOf,
  severityTone,
  writerOf,
  type MarkedSegment,
  type TimeZoneMode,
} from './logText';

function segmentStyle(seg: MarkedSegment): CSSProperties | undefined {
  if (!seg.fg && !seg.bg && !seg.bold && !seg.dim && !seg.italic && !seg.underline)
    return undefined;
  const style: CSSProperties = {};
  if (seg.fg) style.color = seg.fg;
  if (seg.bg) style.backgroundColor = seg.bg;
  if (seg.bold) style.fontWeight = 600;
  if (seg.dim) style.opacity = 0.7;
  if (seg.italic) style.fontStyle = 'italic';
  if (seg.underline) style.textDecoration = 'underline';
  return style;
}

export interface RowProps {
  entry: LogEntry;
  index: number;
  timestamps: boolean;
  zone: TimeZoneMode;
  /** Merged view: the source's short name and colour. */
  source?: { name: string; colour: string };
  hits: readonly SearchHit[];
  /** Index in `hits` of the focused match, or -1. */
  currentHit: number;
  focused: boolean;
  measure: (el: HTMLElement | null) => void;
}

export const LogRow = memo(function LogRow({
  entry,
  index,
  timestamps,
  zone,
  source,
  hits,
  currentHit,
  focused,
  measure,
}: RowProps) {
  if (entry.marker) {
    return (
      <div
        ref={measure}
        data-index={index}
        className="log-row log-marker"
        data-marker={entry.marker}
      >
        {entry.text}
      </div>
    );
  }
  const severity = severityOf(entry);
  const tone = severityTone(severity);
  const segs = markSegments(entrySegments(entry), hits, currentHit);
  const writer = writerOf(entry);
  return (
    <div
      ref={measure}
      data-index={index}
      className="log-row"
      data-tone={tone}
      data-focused={focused || undefined}
      title={entry.priority !== undefined ? priorityName(entry.priority) : undefined}
    >
      {source && (
        <span
          className="log-source"
          title={source.name}
          aria-label={source.name}
          style={{ background: `var(--mantine-color-${source.colour}-6)` }}
        />
      )}
      {source && ' '}
      {timestamps && (
        <span
          className="log-time"
          title={entry.time !== undefined ? fullLogTime(entry.time, zone) : undefined}
        >
          {entry.time !== undefined ? formatLogTime(entry.time, zone) : ''}
        </span>
      )}
      {timestamps && entry.time !== undefined && ' '}
      {writer && <span className="log-writer">{writer}</span>}
      {writer && ' '}
      <span className="log-text">
        {segs.map((s, i) =>
          s.mark ? (
            <mark
              key={i}
              className={s.mark === 'current' ? 'log-hit log-hit-current' : 'log-hit'}
              style={segmentStyle(s)}
            >
              {s.text}
            </mark>
          ) : (
            <span key={i} style={segmentStyle(s)}>
              {s.text}
            </span>
          ),
        )}
      </span>
    </div>
  );
});
