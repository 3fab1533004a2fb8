// The confirmation a bulk action asks before it runs (bulkConfirm.ts decides when and what): the
// guests listed under their profile's name (production ones marked), and before a Stop that
// reaches a production profile a typed confirmation, as one guest's Stop there asks for its name.
// Cancel has the focus; Enter never confirms.

import { Badge, Group, List, ScrollArea, Stack, Text } from '@mantine/core';
import { bulkActionLabel, bulkItemKey, type BulkAction } from '../../../../shared/bulk';
import { useAppState, useController } from '../../store/hooks';
import { selectProfiles } from '../../store/selectors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { bulkConfirmPlan } from './bulkConfirm';
import { bulk, useBulk } from './bulkState';

const CONSEQUENCE: Partial<Record<BulkAction, string>> = {
  stop: 'Each is powered off at once, like pulling the plug; unsaved data in them is lost. Use Shut down for a clean stop.',
  shutdown: 'Each is asked to shut down: what runs in it stops.',
  reboot: 'Each is asked to reboot: what runs in it is restarted.',
};

function plural(n: number): string {
  return `${String(n)} guest${n === 1 ? '' : 's'}`;
}

export function BulkConfirm() {
  const { api } = useController();
  const confirm = useBulk().confirm;
  const profiles = useAppState(selectProfiles) ?? [];
  const plan = confirm ? bulkConfirmPlan(confirm.action, confirm.targets, profiles) : undefined;
  const label = confirm ? bulkActionLabel(confirm.action) : '';
  // One profile that is not production needs no heading: the bar and menu named it already.
  const headings = plan !== undefined && (plan.groups.length > 1 || plan.productionCount > 0);
  return (
    <ConfirmDialog
      opened={confirm !== null}
      title={confirm ? `${label} ${plural(confirm.targets.length)}?` : ''}
      confirmLabel={confirm ? `${label} ${String(confirm.targets.length)}` : ''}
      danger={confirm?.action === 'stop'}
      typeToConfirm={plan?.typeToConfirm}
      onConfirm={() => confirm && void bulk.run(api, confirm.action, confirm.targets)}
      onCancel={() => bulk.dismissConfirm()}
      testId="bulk-confirm"
    >
      <Text size="sm">{confirm ? CONSEQUENCE[confirm.action] : ''}</Text>
      <ScrollArea.Autosize mah={220} type="auto">
        <Stack gap={6}>
          {plan?.groups.map((g) => (
            <div key={g.profileId} data-testid="bulk-confirm-group" data-profile={g.name}>
              {headings && (
                <Group gap={6} wrap="nowrap">
                  <Text size="xs" fw={600} truncate="end">
                    {`${g.name}: ${plural(g.targets.length)}`}
                  </Text>
                  {g.production && (
                    <Badge size="xs" color="red" variant="light">
                      production
                    </Badge>
                  )}
                </Group>
              )}
              <List size="sm" aria-label={`Guests on ${g.name}`}>
                {g.targets.map((t) => (
                  <List.Item key={bulkItemKey(t.ref)}>{t.name}</List.Item>
                ))}
              </List>
            </div>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {plan?.typeHint && (
        <Text size="sm" c="red" data-testid="bulk-confirm-hint">
          {plan.typeHint}
        </Text>
      )}
    </ConfirmDialog>
  );
}
