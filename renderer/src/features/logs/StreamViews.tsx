// The two kinds of log view: one stream (state chip, notices, older pages, task Stop and
// download, pop-out) and the merged view of the chosen streams (a colour tag per source).

import { Badge, Button, Group, Modal, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { taskKey, type AppState } from '../../store/appState';
import { useAppState } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { STOP_CONSEQUENCE, StopTaskDialog } from '../tasks/StopTaskDialog';
import type { LogController } from './logController';
import { saveText, wholeTaskLog } from './logActions';
import { mergeByTime, sourceColour } from './logMerge';
import { logPopoutUrl } from './logSpecs';
import type { LogStream } from './logStream';
import { LogView, useViewFilter } from './LogView';
import { StateChip, StreamNotice } from './StreamState';
import {
  useLogPanel,
  useMergedRows,
  useSnapshots,
  useStreamRows,
  useStreamSnapshot,
} from './useLogs';

/** Open the stream's spec in a window of its own (it opens its own stream). */
function popOut(spec: Parameters<typeof logPopoutUrl>[1], key: string): void {
  window.open(
    logPopoutUrl(window.location, spec),
    `deckhand-log-${encodeURIComponent(key).slice(0, 60)}`,
    'popup,noopener,width=1000,height=700',
  );
}

export function StreamView({
  controller,
  stream,
  popout = false,
}: {
  controller: LogController;
  stream: LogStream;
  popout?: boolean;
}) {
  const tabId = stream.streamId;
  const snap = useStreamSnapshot(stream)!;
  const { view, predicate, filterError } = useViewFilter(controller, tabId);
  const data = useStreamRows(snap, predicate);
  const inMerged = useLogPanel(
    controller,
    useCallback((s) => s.merged.includes(tabId), [tabId]),
  );
  const [confirmStop, setConfirmStop] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const { info } = snap;
  const spec = info.spec;
  const task = spec.kind === 'task' ? spec : undefined;
  const trackedKey = task ? taskKey(task.profileId, task.upid) : '';
  const trackedTask = useAppState(useCallback((s: AppState) => s.tasks[trackedKey], [trackedKey]));

  const downloadTask = task
    ? () => {
        setDownloadError(null);
        wholeTaskLog(controller.api, task.profileId, task.upid)
          .then((text) => saveText(info.title, text))
          .catch((err: unknown) =>
            setDownloadError(`Could not download the task log: ${describeError(err)}`),
          );
      }
    : undefined;

  return (
    <>
      <LogView
        controller={controller}
        tabId={tabId}
        title={info.title}
        view={view}
        filterError={filterError}
        data={data}
        allEntries={() => ({ entries: stream.getSnapshot().entries })}
        chip={(paused) => <StateChip info={info} paused={paused && info.status === 'following'} />}
        loadingOlder={snap.loadingOlder}
        onNearTop={() => void stream.loadOlder()}
        notice={
          <>
            <StreamNotice
              info={info}
              dropped={snap.dropped}
              onRetry={() => void controller.retry(tabId)}
              onStop={task ? () => setConfirmStop(true) : undefined}
            />
            {(snap.olderError ?? downloadError) && (
              <Text size="xs" c="red" px={8} py={2} role="alert">
                {downloadError ?? `Could not load older lines: ${snap.olderError}`}
              </Text>
            )}
          </>
        }
        actions={{
          popOut: popout ? undefined : () => popOut(spec, tabId),
          toggleMerged: popout ? undefined : () => controller.toggleMerged(tabId),
          inMerged,
          downloadTask,
        }}
      />
      {task && trackedTask ? (
        // The tasks strip's dialog: one wording wherever a task is stopped from.
        <StopTaskDialog
          task={confirmStop ? trackedTask : undefined}
          onClose={() => setConfirmStop(false)}
          onStopped={() => undefined}
        />
      ) : (
        task && (
          <Modal
            opened={confirmStop}
            onClose={() => setConfirmStop(false)}
            title="Stop the task?"
            size="sm"
          >
            <Text size="sm">
              {info.title} is still running. {STOP_CONSEQUENCE}
            </Text>
            <Group justify="flex-end" mt="md" gap="xs">
              <Button variant="default" size="xs" onClick={() => setConfirmStop(false)}>
                Keep running
              </Button>
              <Button
                color="red"
                size="xs"
                onClick={() => {
                  setConfirmStop(false);
                  void controller.stopTask(task.profileId, task.upid);
                }}
              >
                Stop task
              </Button>
            </Group>
          </Modal>
        )
      )}
    </>
  );
}

export function MergedView({ controller }: { controller: LogController }) {
  const ids = useLogPanel(controller, (s) => s.merged);
  const streams = useMemo(
    () => ids.map((id) => controller.stream(id)).filter((s): s is LogStream => s !== undefined),
    [ids, controller],
  );
  const snaps = useSnapshots(streams);
  const { view, predicate, filterError } = useViewFilter(controller, 'merged');
  const data = useMergedRows(snaps, predicate);
  const tags = useMemo(
    () =>
      new Map(
        snaps.map((s, i) => [s.info.streamId, { name: s.info.title, colour: sourceColour(i) }]),
      ),
    [snaps],
  );
  return (
    <LogView
      controller={controller}
      tabId="merged"
      title="merged"
      view={view}
      filterError={filterError}
      data={data}
      allEntries={() => {
        const merged = mergeByTime(
          streams.map((s) => ({ key: s.streamId, entries: s.getSnapshot().entries })),
        );
        return { entries: merged.entries, sourceOf: (i) => merged.sources[i] };
      }}
      sourceTags={tags}
      chip={() => (
        <Badge
          size="sm"
          radius="sm"
          variant="light"
          color="gray"
          style={{ flexShrink: 0, textTransform: 'none' }}
          data-testid="log-state"
          data-state="merged"
        >
          {snaps.length} merged
        </Badge>
      )}
      notice={
        <Group gap={8} px={8} py={3} className="log-notice" wrap="wrap" data-testid="log-legend">
          {snaps.map((s, i) => (
            <Group key={s.info.streamId} gap={4} wrap="nowrap">
              <span
                className="log-swatch"
                style={{ background: `var(--mantine-color-${sourceColour(i)}-6)` }}
              />
              <Text size="xs" truncate="end" maw={180}>
                {s.info.title}
              </Text>
            </Group>
          ))}
        </Group>
      }
      actions={{}}
    />
  );
}
