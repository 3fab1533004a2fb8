// The small bar above the tree while guests are marked, on one line: "3 selected" (the whole
// "3 guests selected on Demo cluster" in its tooltip and for screen readers), the bulk actions
// that apply (each with how many it acts on; what does not fit goes into "More"), Clear (Escape).

import { ActionIcon, Button, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { bulkActionLabel } from '../../../../shared/bulk';
import type { AppState } from '../../store/appState';
import { useAppState, useController } from '../../store/hooks';
import { selectProfiles } from '../../store/selectors';
import { bulk, useBulk } from '../bulk/bulkState';
import { BulkView } from '../bulk/BulkView';
import { bulkChoices, guestsOf, writeTargets } from './bulkTargets';
import { marked } from './multiSelect';
import { SelectionActions, type BarAction } from './SelectionActions';
import type { TreeRow } from './treeRows';

type GuestRowData = Extract<TreeRow, { kind: 'guest' }>;

const selectResources = (s: AppState) => s.resources;

export function SelectionBar({ rows }: { rows: readonly GuestRowData[] }) {
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
  const sentence = `${String(rows.length)} guest${rows.length === 1 ? '' : 's'} selected on ${where}`;
  // Most used first: what does not fit the tree's width goes into "More".
  const actions: BarAction[] = choices.map((c) => ({
    key: c.action,
    label: `${bulkActionLabel(c.action)} (${String(c.targets.length)})`,
    danger: c.action === 'stop',
    run: () => bulk.request(api, c.action, c.targets),
  }));
  if (targets.length > 0) {
    const n = String(targets.length);
    actions.push(
      { key: 'snapshot', label: `Snapshot… (${n})`, run: () => bulk.askFor('snapshot', targets) },
      { key: 'backup', label: `Back up… (${n})`, run: () => bulk.askFor('backup', targets) },
    );
    if (new Set(targets.map((t) => t.ref.profileId)).size === 1) {
      actions.push({
        key: 'migrate',
        label: `Migrate… (${n})`,
        run: () => bulk.askFor('migrate', targets),
      });
    }
  }

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
          <Group gap={6} wrap="nowrap">
            <Tooltip label={sentence} withinPortal>
              <Text size="xs" fw={500} style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                {`${String(rows.length)} selected`}
              </Text>
            </Tooltip>
            <VisuallyHidden aria-live="polite">{sentence}</VisuallyHidden>
            <SelectionActions actions={actions} />
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
