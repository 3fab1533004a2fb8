// The bulk job's progress view (a row per guest: queued, running, OK, failed with PVE's message,
// cancelled; Cancel remaining, Retry failed) and the confirmation a bulk action asks first
// (BulkConfirm). Mounted once, beside the tree's selection bar.

import { Badge, Button, Group, Loader, Modal, ScrollArea, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { bulkActionLabel, type BulkItem, type BulkItemState } from '../../../../shared/bulk';
import { useAppState, useController } from '../../store/hooks';
import { selectProfiles } from '../../store/selectors';
import { bulk, useBulk } from './bulkState';
import { summaryToast } from './bulkSummary';
import { BulkWriteDialog } from './BulkWriteDialog';
import { BulkConfirm } from './BulkConfirm';
import { bulkAsks } from './bulkConfirm';

const STATE: Record<BulkItemState, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  ok: { label: 'OK', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

function count(items: readonly BulkItem[], state: BulkItemState): number {
  return items.filter((i) => i.state === state).length;
}

export function BulkView() {
  const controller = useController();
  const { api } = controller;
  const ui = useBulk();
  const profiles = useAppState(selectProfiles);
  useEffect(() => {
    const sub = api.on('bulk', (job) => bulk.event(job));
    // The guests' own task toasts stay quiet: the job ends with one summary toast.
    controller.setQuietTasks(bulk.quiet);
    return () => {
      sub.dispose();
      controller.setQuietTasks(undefined);
    };
  }, [api, controller]);
  // Shutdown and Reboot ask too when a guest is on a production profile (as for one guest).
  const profilesRef = useRef(profiles);
  profilesRef.current = profiles;
  useEffect(() => {
    bulk.setAskPolicy((action, targets) => bulkAsks(action, targets, profilesRef.current ?? []));
    return () => bulk.setAskPolicy(undefined);
  }, []);
  const announced = useRef<string | null>(null);
  useEffect(() => {
    const job = ui.job;
    if (!job?.done || announced.current === job.jobId) return;
    announced.current = job.jobId;
    notifications.show(summaryToast(job, profiles ?? []));
  }, [ui.job, profiles]);

  const job = ui.job;
  const items = job?.items ?? [];
  const queued = count(items, 'queued');
  const failed = count(items, 'failed');
  const title = job
    ? `${bulkActionLabel(job.action)} ${String(items.length)} guest${items.length === 1 ? '' : 's'}`
    : 'Starting…';
  const summary = job
    ? [
        ['ok', 'OK'],
        ['running', 'running'],
        ['queued', 'queued'],
        ['failed', 'failed'],
        ['cancelled', 'cancelled'],
      ]
        .map(([s, word]) => [count(items, s as BulkItemState), word] as const)
        .filter(([n]) => n > 0)
        .map(([n, word]) => `${String(n)} ${word}`)
        .join(' · ')
    : '';

  return (
    <>
      <BulkWriteDialog />
      <BulkConfirm />
      <Modal
        opened={ui.shown}
        onClose={() => bulk.show(false)}
        title={title}
        size="lg"
        centered
        aria-label="Bulk action progress"
      >
        {ui.error && (
          <Text size="sm" c="red" mb="xs" role="alert">
            {ui.error}
          </Text>
        )}
        {!job && !ui.error && <Loader size="sm" />}
        {job && (
          <ScrollArea.Autosize mah={360}>
            <Table verticalSpacing={4} fz="sm" aria-label="Bulk progress">
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.key} data-state={item.state} data-key={item.key}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {ui.names[item.key] ?? item.label}
                    </Table.Td>
                    <Table.Td style={{ width: 90 }}>
                      <Badge
                        size="sm"
                        variant="light"
                        color={STATE[item.state].color}
                        leftSection={
                          item.state === 'running' ? <Loader size={10} color="blue" /> : undefined
                        }
                      >
                        {STATE[item.state].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c={item.state === 'failed' ? 'red' : 'dimmed'}>
                        {item.message ?? ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
        <Group justify="space-between" mt="md" gap="xs">
          <Text size="xs" c="dimmed" aria-live="polite">
            {summary}
          </Text>
          <Group gap="xs">
            {queued > 0 && (
              <Button variant="default" size="xs" onClick={() => void bulk.cancel(api)}>
                Cancel remaining ({queued})
              </Button>
            )}
            {failed > 0 && (
              <Button variant="default" size="xs" onClick={() => void bulk.retry(api)}>
                Retry failed ({failed})
              </Button>
            )}
            <Button size="xs" variant="default" onClick={() => bulk.show(false)}>
              Close
            </Button>
          </Group>
        </Group>
      </Modal>
    </>
  );
}
