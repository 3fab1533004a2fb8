// Adding a network interface: a bridge of the guest's node (GET …/network?type=any_bridge), a
// VM's card model, or a container's interface name and DHCP or a static IPv4 address with an
// optional gateway; PVE's rules checked at each field before anything is sent.

import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  NET_MODELS,
  netProblems,
  nextNetKey,
  type GuestNet,
  type NetModel,
  type NetSpec,
} from '../../../../shared/config-hw';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

export function AddNetDialog({
  profileId,
  guest,
  nets,
  busy,
  onClose,
  onAdd,
}: {
  profileId: string;
  guest: GuestResource;
  nets: GuestNet[];
  busy: boolean;
  onClose(): void;
  onAdd(key: string, spec: NetSpec): void;
}) {
  const { api } = useController();
  const [bridges, setBridges] = useState<string[]>();
  const [bridgeError, setBridgeError] = useState<string>();
  const key = nextNetKey(nets) ?? 'net0';
  const type = guest.type;
  const [spec, setSpec] = useState<NetSpec>({
    bridge: '',
    firewall: true,
    ...(type === 'qemu'
      ? { model: 'virtio' as NetModel }
      : { name: `eth${key.slice(3)}`, ip: 'dhcp' }),
  });
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    let live = true;
    api.invoke('config.bridges', { profileId, node: guest.node }).then(
      (b) => {
        if (!live) return;
        setBridges(b);
        setSpec((s) => (s.bridge ? s : { ...s, bridge: b[0] ?? '' }));
      },
      (err: unknown) => live && setBridgeError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [api, profileId, guest.node]);
  const problems = netProblems(type, spec, nets);
  const valid = Object.keys(problems).length === 0;
  const dhcp = spec.ip === 'dhcp';
  const set = (p: Partial<NetSpec>) => {
    setTouched(true);
    setSpec((s) => ({ ...s, ...p }));
  };
  return (
    <Modal opened onClose={onClose} title={`Add ${key}`} size="sm" centered>
      <Stack gap="xs" data-testid="net-dialog">
        <Select
          size="xs"
          label="Bridge"
          data={bridges ?? []}
          value={spec.bridge || null}
          placeholder={bridges ? 'none on this node' : 'Reading the node’s bridges…'}
          error={bridgeError ?? (touched || bridges ? problems.bridge : undefined)}
          allowDeselect={false}
          data-testid="net-bridge"
          onChange={(v) => set({ bridge: v ?? '' })}
        />
        {type === 'qemu' ? (
          <Select
            size="xs"
            label="Model"
            data={NET_MODELS.map((m) => ({
              value: m,
              label: m === 'virtio' ? 'VirtIO (paravirtualized)' : m,
            }))}
            value={spec.model ?? null}
            allowDeselect={false}
            error={problems.model}
            onChange={(v) => set({ model: (v ?? 'virtio') as NetModel })}
          />
        ) : (
          <>
            <TextInput
              size="xs"
              label="Name in the container"
              value={spec.name ?? ''}
              error={problems.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
            />
            <SegmentedControl
              size="xs"
              data={[
                { value: 'dhcp', label: 'DHCP' },
                { value: 'static', label: 'Static' },
              ]}
              value={dhcp ? 'dhcp' : 'static'}
              onChange={(v) => set(v === 'dhcp' ? { ip: 'dhcp', gw: '' } : { ip: '' })}
            />
            {!dhcp && (
              <Group grow gap="xs" align="flex-start">
                <TextInput
                  size="xs"
                  label="IPv4/CIDR"
                  placeholder="10.0.0.5/24"
                  value={spec.ip ?? ''}
                  error={touched ? problems.ip : undefined}
                  data-testid="net-ip"
                  onChange={(e) => set({ ip: e.currentTarget.value })}
                />
                <TextInput
                  size="xs"
                  label="Gateway"
                  placeholder="optional"
                  value={spec.gw ?? ''}
                  error={problems.gw}
                  onChange={(e) => set({ gw: e.currentTarget.value })}
                />
              </Group>
            )}
          </>
        )}
        <Switch
          size="xs"
          label="Firewall"
          checked={spec.firewall !== false}
          onChange={(e) => set({ firewall: e.currentTarget.checked })}
        />
        <Text size="xs" c="dimmed">
          PVE gives it a MAC address. A running {type === 'qemu' ? 'VM' : 'container'} gets it at
          once when it can be hot-plugged, else at the next reboot.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button size="compact-sm" variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            size="compact-sm"
            disabled={!valid}
            loading={busy}
            data-testid="net-add"
            onClick={() => {
              const { gw, ...rest } = spec;
              onAdd(key, gw && !dhcp ? spec : rest);
            }}
          >
            Add {key}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
