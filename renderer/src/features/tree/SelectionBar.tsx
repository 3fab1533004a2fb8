// The small bar above the tree while guests are marked: "3 guests selected on Demo cluster", the
// bulk power actions that apply to them (each with how many it acts on), and Clear (Escape).

import { ActionIcon, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { bulkActionLabel } from '../../../../shared/bulk';
import type { AppState } from '../../store/appState';
import { useAppState, useController } from '../../store/hooks';
import { selectProfiles } from '../../store/selectors';
import { bulk, useBulk } from '../bulk/bulkState';
import { BulkView } from '../bulk/BulkView';
import { bulkChoices, guestsOf, writeTargets } from './bulkTargets';
import { marked } from './multiSelect';
import type { TreeRow } from './treeRows';

type GuestRowData = Extract<TreeRow, { kind: 'guest' }>;

const selectResources = (s: AppState) => s.resources;

export function SelectionBar({ rows }: { rows: GuestRowData[] }) {
  const { api } = useController();
  const resources = useAppState(selectResources);
  const profiles = useAppState(selectProfiles);
  const ui = useBulk();
  const job = ui.job;
  const hiddenRunning = job && !job.done && !ui.shown;
  if (rows.length === 0 && !hiddenRunning) {
    return (
      <>
        <BulkView />
      </>
    );
  }

  const guests = guestsOf(rows, resources);
  const profileIds = [...new Set(guests.map((g) => g.profileId))];
  const where =
    profileIds.length === 1
      ? (profiles?.find((p) => p.id === profileIds[0])?.name ?? 'one cluster')
      : `${String(profileIds.length)} clusters`;
  const choices = bulkChoices(guests);
  const targets = writeTargets(guests);

  return (
    <>
      <BulkView />
      {rows.length > 0 && (
        <div
          role="region"
          aria-label="Selection"
          style={{
            padding: '4px 6px',
            borderBottom: '1px solid var(--mantine-color-default-border)',
            background: 'var(--mantine-color-default-hover)',
          }}
        >
          <Group gap={4} wrap="nowrap" justify="space-between">
            <Text size="xs" fw={500} truncate="end" aria-live="polite">
              {`${String(rows.length)} guest${rows.length === 1 ? '' : 's'} selected on ${where}`}
            </Text>
            <Tooltip label="Clear the selection (Esc)" withinPortal>
              <ActionIcon
                size="sm"
                variant="subtle"
                aria-label="Clear selection"
                onClick={() => marked.clear()}
              >
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <Group gap={4} mt={4} role="toolbar" aria-label="Bulk actions">
            {choices.map((c) => (
              <Button
                key={c.action}
                size="compact-xs"
                variant={c.action === 'stop' ? 'light' : 'default'}
                color={c.action === 'stop' ? 'red' : undefined}
                onClick={() => bulk.request(api, c.action, c.targets)}
              >
                {`${bulkActionLabel(c.action)} (${String(c.targets.length)})`}
              </Button>
            ))}
            {targets.length > 0 && (
              <>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => bulk.askFor('snapshot', targets)}
                >
                  {`Snapshot… (${String(targets.length)})`}
                </Button>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => bulk.askFor('backup', targets)}
                >
                  {`Back up… (${String(targets.length)})`}
                </Button>
              </>
            )}
          </Group>
        </div>
      )}
      {hiddenRunning && (
        <Button size="compact-xs" variant="subtle" m={4} onClick={() => bulk.show(true)}>
          Show bulk progress
        </Button>
      )}
    </>
  );
}
