// The wizard's General step: node (the cluster's online nodes), the new id (prefilled from the
// cluster's next id, checked free), the name by PVE's DNS-name rule, the pool; for a container
// the root password or SSH keys and unprivileged.

import {
  Checkbox,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { GuestType } from '../../../../shared/model';
import { NewIdField, type IdState } from '../clone/fields/NewIdField';
import { useClusterNodes, usePools } from '../clone/fields/PlacementFields';
import type { CreateForm } from './form';

export interface StepProps {
  profileId: string;
  type: GuestType;
  form: CreateForm;
  set(patch: Partial<CreateForm>): void;
  /** the error to show at a field (touched or its step tried), undefined otherwise */
  err(field: string): string | undefined;
}

export function GeneralStep({ profileId, type, form, set, err, id }: StepProps & { id: IdState }) {
  const nodes = useClusterNodes(profileId);
  const pools = usePools(profileId);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Select
          size="xs"
          label="Node"
          data={nodes.map((n) => ({
            value: n.node,
            label: `${n.node}${n.online ? '' : ' — offline'}`,
            disabled: !n.online,
          }))}
          value={form.node}
          onChange={(v) => v && set({ node: v })}
          allowDeselect={false}
          error={err('node')}
          data-testid="create-node"
        />
        <NewIdField
          label={type === 'lxc' ? 'CT id' : 'VM id'}
          value={form.vmid}
          onChange={(vmid) => set({ vmid })}
          state={{ ...id, problem: err('vmid') ?? id.problem }}
        />
        <TextInput
          size="xs"
          label={type === 'lxc' ? 'Hostname' : 'Name'}
          placeholder={type === 'lxc' ? 'web01' : 'vm01'}
          value={form.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={err('name')}
          autoComplete="off"
          spellCheck={false}
          data-testid="create-name"
        />
        <Select
          size="xs"
          label="Pool"
          placeholder="None"
          clearable
          data={pools}
          value={form.pool}
          onChange={(pool) => set({ pool })}
          error={err('pool')}
        />
      </SimpleGrid>
      {type === 'lxc' && (
        <>
          <PasswordInput
            size="xs"
            label="Root password"
            description="At least 5 characters; or give an SSH key below"
            value={form.password}
            onChange={(e) => set({ password: e.currentTarget.value })}
            error={err('password')}
            autoComplete="new-password"
            data-testid="create-password"
          />
          <Textarea
            size="xs"
            label="SSH public keys"
            placeholder="ssh-ed25519 AAAA… user@host (one per line)"
            autosize
            minRows={2}
            maxRows={4}
            value={form.sshKeys}
            onChange={(e) => set({ sshKeys: e.currentTarget.value })}
            error={err('sshKeys')}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Checkbox
            size="xs"
            label="Unprivileged container"
            description="Root in the container is not root on the node (recommended)"
            checked={form.unprivileged}
            onChange={(e) => set({ unprivileged: e.currentTarget.checked })}
          />
        </>
      )}
    </Stack>
  );
}
