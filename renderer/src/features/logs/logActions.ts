// What the panel does with lines outside the view: copy to the clipboard, save as a .log file
// (a Blob download), and fetch a task's whole log for saving.

import type { DeckhandApi } from '../../../../shared/ipc';
import type { LogEntry } from '../../../../shared/logs';
import { entryLine, logFileName, type LineFormat } from './logText';

/** The lines as text, one entry a line. */
export function linesText(
  entries: readonly LogEntry[],
  format: LineFormat,
  sourceOf?: (index: number) => string | undefined,
): string {
  const out: string[] = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const source = sourceOf?.(i);
    out[i] = entryLine(entries[i]!, source ? { ...format, source } : format);
  }
  return out.join('\n');
}

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

/** Save text as a .log file in the user's downloads. */
export function saveText(title: string, text: string): void {
  const blob = new Blob([text.endsWith('\n') ? text : `${text}\n`], {
    type: 'text/plain;charset=utf-8',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = logFileName(title, new Date());
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Lines fetched per tasks.log call when downloading a whole task log. */
const TASK_PAGE = 50_000;

/** A task's whole log (every line PVE kept), paged through tasks.log. */
export async function wholeTaskLog(
  api: DeckhandApi,
  profileId: string,
  upid: string,
): Promise<string> {
  const lines: string[] = [];
  for (let start = 0; ;) {
    const page = await api.invoke('tasks.log', { profileId, upid, start, limit: TASK_PAGE });
    for (const l of page.lines) lines.push(l.t);
    start += page.lines.length;
    if (page.lines.length === 0 || start >= page.total) break;
  }
  return lines.join('\n');
}
