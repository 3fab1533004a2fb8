// The wizard's Network and Cloud-init steps: the bridge (the node's bridges, VLAN-aware ones
// marked), a VLAN tag, DHCP or a static IPv4 address with gateway; for a VM a cloud-init drive
// with user, SSH keys and the address above as ipconfig0.

import {
  Checkbox,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { CreateOptions } from '../../../../shared/create';
import type { StepProps } from './GeneralStep';

type WithOptions = StepProps & { options: CreateOptions | undefined };

export function NetworkStep({ form, set, err, options }: WithOptions) {
  const data = (options?.bridges ?? []).map((b) => ({
    value: b.iface,
    label: `${b.iface}${b.vlanAware ? ' (VLAN-aware)' : ''}${b.cidr ? ` — ${b.cidr}` : ''}${b.comments ? ` — ${b.comments}` : ''}`,
  }));
  return (
    <Stack gap="xs">
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Select
          size="xs"
          label="Bridge"
          placeholder={data.length ? 'Choose a bridge' : 'The node has no bridge'}
          data={data}
          value={form.bridge}
          onChange={(bridge) => set({ bridge })}
          allowDeselect={false}
          error={err('bridge')}
          data-testid="create-bridge"
        />
        <TextInput
          size="xs"
          label="VLAN tag"
          placeholder="none"
          value={form.vlan}
          onChange={(e) => set({ vlan: e.currentTarget.value })}
          inputMode="numeric"
          error={err('vlan')}
          data-testid="create-vlan"
        />
      </SimpleGrid>
      <div>
        <Text size="xs" fw={500} mb={4}>
          IPv4
        </Text>
        <SegmentedControl
          size="xs"
          value={form.ipMode}
          onChange={(v) => set({ ipMode: v as 'dhcp' | 'static' })}
          data={[
            { value: 'dhcp', label: 'DHCP' },
            { value: 'static', label: 'Static' },
          ]}
        />
      </div>
      {form.ipMode === 'static' && (
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
          <TextInput
            size="xs"
            label="Address / prefix"
            placeholder="10.0.0.5/24"
            value={form.ip}
            onChange={(e) => set({ ip: e.currentTarget.value })}
            error={err('ip')}
            data-testid="create-ip"
          />
          <TextInput
            size="xs"
            label="Gateway"
            placeholder="10.0.0.1"
            value={form.gw}
            onChange={(e) => set({ gw: e.currentTarget.value })}
            error={err('gw')}
          />
        </SimpleGrid>
      )}
      <Checkbox
        size="xs"
        label="Firewall"
        checked={form.firewall}
        onChange={(e) => set({ firewall: e.currentTarget.checked })}
      />
    </Stack>
  );
}

export function CloudInitStep({ form, set, err }: WithOptions) {
  return (
    <Stack gap="xs">
      <Checkbox
        size="xs"
        label="Add a cloud-init drive"
        description="For cloud images: user, keys and the network settings are given at first boot"
        checked={form.cloudInit}
        onChange={(e) => set({ cloudInit: e.currentTarget.checked })}
        error={err('cloudInit')}
        data-testid="create-cloudinit"
      />
      {form.cloudInit && (
        <>
          <TextInput
            size="xs"
            label="User"
            placeholder="the image's default"
            value={form.ciUser}
            onChange={(e) => set({ ciUser: e.currentTarget.value })}
            error={err('ciUser')}
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
          <Text size="xs" c="dimmed">
            IP configuration: {form.ipMode === 'dhcp' ? 'DHCP' : form.ip || '(static, not set)'},
            from the Network step.
          </Text>
        </>
      )}
    </Stack>
  );
}
