// The bulk job's progress view (a row per guest: queued, running, OK, failed with PVE's message,
// cancelled; Cancel remaining, Retry failed) and the confirmation a destructive bulk action asks
// first, listing the guests. Mounted once, beside the tree's selection bar.

import { Badge, Button, Group, List, Loader, Modal, ScrollArea, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { bulkActionLabel, type BulkItem, type BulkItemState } from '../../../../shared/bulk';
import { useAppState, useController } from '../../store/hooks';
import { selectProfiles } from '../../store/selectors';
import { bulk, useBulk } from './bulkState';
import { summaryToast } from './bulkSummary';
import { BulkWriteDialog } from './BulkWriteDialog';

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

  const confirm = ui.confirm;
  return (
    <>
      <BulkWriteDialog />
      <Modal
        opened={confirm !== null}
        onClose={() => bulk.dismissConfirm()}
        title={
          confirm
            ? `${bulkActionLabel(confirm.action)} ${String(confirm.targets.length)} guest${confirm.targets.length === 1 ? '' : 's'}?`
            : ''
        }
        centered
        size="md"
      >
        <Text size="sm" mb="xs">
          Each is powered off at once, like pulling the plug; unsaved data in them is lost. Use Shut
          down for a clean stop.
        </Text>
        <ScrollArea.Autosize mah={200}>
          <List size="sm" aria-label="Guests to stop">
            {confirm?.targets.map((t) => (
              <List.Item key={`${t.ref.profileId}/${t.ref.type}/${String(t.ref.vmid)}`}>
                {t.name}
              </List.Item>
            ))}
          </List>
        </ScrollArea.Autosize>
        <Group justify="flex-end" mt="lg" gap="xs">
          {/* The safe choice has the focus: Enter never destroys. */}
          <Button variant="default" size="xs" onClick={() => bulk.dismissConfirm()} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            size="xs"
            onClick={() => confirm && void bulk.run(api, confirm.action, confirm.targets)}
          >
            {confirm ? `${bulkActionLabel(confirm.action)} ${String(confirm.targets.length)}` : ''}
          </Button>
        </Group>
      </Modal>

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
