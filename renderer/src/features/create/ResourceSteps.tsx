// The wizard's Template/OS, Disk and CPU & memory steps: a container template or an ISO image
// from the node's storages, the disk's storage (with free space) and size, cores within PVE's
// limits and the node's CPUs, memory, swap (CT) or balloon (VM).

import { Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { CreateOptions } from '../../../../shared/create';
import { CREATE_LIMITS } from '../../../../shared/create';
import { formatBytes } from '../../../../shared/format';
import type { StepProps } from './GeneralStep';

type WithOptions = StepProps & { options: CreateOptions | undefined };

const fileName = (volid: string) => volid.slice(volid.indexOf('/') + 1);

const OSTYPES = [
  { value: 'l26', label: 'Linux 6.x – 2.6 kernel' },
  { value: 'win11', label: 'Windows 11/2022/2025' },
  { value: 'win10', label: 'Windows 10/2016/2019' },
  { value: 'other', label: 'Other' },
];

export function OsStep({ type, form, set, err, options }: WithOptions) {
  if (type === 'lxc') {
    const data = (options?.templates ?? []).map((t) => ({
      value: t.volid,
      label: `${fileName(t.volid)}  (${t.storage}${t.size ? `, ${formatBytes(t.size)}` : ''})`,
    }));
    return (
      <Stack gap="xs">
        <Select
          size="xs"
          label="Container template"
          placeholder={data.length ? 'Choose a template' : 'No templates on this node’s storages'}
          data={data}
          value={form.template}
          onChange={(template) => set({ template })}
          searchable
          error={err('template')}
          data-testid="create-template"
        />
        <Text size="xs" c="dimmed">
          Templates (vztmpl) on {options?.node ?? 'the node'}’s storages.
        </Text>
      </Stack>
    );
  }
  const isos = (options?.isos ?? []).map((t) => ({
    value: t.volid,
    label: `${fileName(t.volid)}  (${t.storage}${t.size ? `, ${formatBytes(t.size)}` : ''})`,
  }));
  return (
    <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
      <Select
        size="xs"
        label="ISO image"
        placeholder="No media"
        clearable
        data={isos}
        value={form.iso}
        onChange={(iso) => set({ iso })}
        searchable
        error={err('iso')}
        data-testid="create-iso"
      />
      <Select
        size="xs"
        label="Guest OS"
        data={OSTYPES}
        value={form.ostype}
        onChange={(v) => v && set({ ostype: v })}
        allowDeselect={false}
        error={err('ostype')}
      />
    </SimpleGrid>
  );
}

export function DiskStep({ type, form, set, err, options }: WithOptions) {
  const data = (options?.diskStorages ?? []).map((s) => ({
    value: s.storage,
    label: `${s.storage} (${s.type})${s.avail !== undefined ? ` — ${formatBytes(s.avail)} free` : ''}`,
  }));
  return (
    <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
      <Select
        size="xs"
        label={type === 'lxc' ? 'Root disk storage' : 'Disk storage (scsi0)'}
        placeholder={data.length ? 'Choose a storage' : 'No storage for guest disks'}
        data={data}
        value={form.diskStorage}
        onChange={(diskStorage) => set({ diskStorage })}
        allowDeselect={false}
        error={err('diskStorage')}
        data-testid="create-storage"
      />
      <TextInput
        size="xs"
        label="Size (GiB)"
        value={form.diskGiB}
        onChange={(e) => set({ diskGiB: e.currentTarget.value })}
        inputMode="numeric"
        error={err('diskGiB')}
        data-testid="create-disk-size"
      />
    </SimpleGrid>
  );
}

export function CpuStep({ type, form, set, err, options }: WithOptions) {
  const cpus = options?.maxcpu;
  const coresHint =
    type === 'lxc'
      ? `1–${CREATE_LIMITS.lxcCores.max}${cpus ? `; the node has ${cpus}` : ''}`
      : cpus
        ? `1–${cpus} (the node’s CPUs)`
        : undefined;
  const mem = options?.maxmem;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <TextInput
          size="xs"
          label="Cores"
          description={coresHint}
          value={form.cores}
          onChange={(e) => set({ cores: e.currentTarget.value })}
          inputMode="numeric"
          error={err('cores')}
          data-testid="create-cores"
        />
        <TextInput
          size="xs"
          label="Memory (MiB)"
          description={`At least ${CREATE_LIMITS.memoryMiB.min}${mem ? `; the node has ${formatBytes(mem)}` : ''}`}
          value={form.memoryMiB}
          onChange={(e) => set({ memoryMiB: e.currentTarget.value })}
          inputMode="numeric"
          error={err('memoryMiB')}
          data-testid="create-memory"
        />
        {type === 'lxc' ? (
          <TextInput
            size="xs"
            label="Swap (MiB)"
            value={form.swapMiB}
            onChange={(e) => set({ swapMiB: e.currentTarget.value })}
            inputMode="numeric"
            error={err('swapMiB')}
          />
        ) : (
          <TextInput
            size="xs"
            label="Minimum memory (balloon, MiB)"
            description="Empty: PVE's default; 0 turns ballooning off"
            value={form.balloonMiB}
            onChange={(e) => set({ balloonMiB: e.currentTarget.value })}
            inputMode="numeric"
            error={err('balloonMiB')}
          />
        )}
      </SimpleGrid>
      <Group gap={4}>
        <Text size="xs" c="dimmed">
          {type === 'lxc'
            ? 'A container may use up to its cores and memory of the node.'
            : 'One socket; the VM gets this many vCPUs.'}
        </Text>
      </Group>
    </Stack>
  );
}
