// The wizard's Confirm step: what will be created, in a compact two-column summary, and whether
// to start the guest once it is created.

import { Checkbox, Stack, Table } from '@mantine/core';
import type { CreateSpec } from '../../../../shared/create';

function rows(spec: CreateSpec): [string, string][] {
  const out: [string, string][] = [
    ['Node', spec.node],
    [spec.type === 'lxc' ? 'CT id' : 'VM id', String(spec.vmid)],
    [spec.type === 'lxc' ? 'Hostname' : 'Name', spec.name ?? '(PVE’s default)'],
  ];
  if (spec.pool) out.push(['Pool', spec.pool]);
  if (spec.type === 'lxc') {
    out.push(['Template', spec.template ?? '–']);
    out.push([
      'Root login',
      [spec.password ? 'password' : '', spec.sshKeys ? 'SSH key' : '']
        .filter(Boolean)
        .join(' and ') || 'none',
    ]);
    out.push(['Unprivileged', spec.unprivileged === false ? 'no' : 'yes']);
  } else {
    out.push(['CD/DVD', spec.iso ?? 'no media']);
  }
  out.push(['Disk', `${spec.diskStorage}, ${spec.diskGiB} GiB`]);
  out.push(['CPU', `${spec.cores} core${spec.cores === 1 ? '' : 's'}`]);
  out.push([
    'Memory',
    `${spec.memoryMiB} MiB${spec.type === 'lxc' ? `, swap ${spec.swapMiB ?? 512} MiB` : spec.balloonMiB !== undefined ? `, balloon ${spec.balloonMiB} MiB` : ''}`,
  ]);
  const n = spec.net;
  out.push([
    'Network',
    `${n.bridge}${n.vlan !== undefined ? `, VLAN ${n.vlan}` : ''}, ${n.ip === 'dhcp' ? 'DHCP' : `${n.ip}${n.gw ? ` via ${n.gw}` : ''}`}${n.firewall ? ', firewall' : ''}`,
  ]);
  if (spec.cloudInit) {
    out.push([
      'Cloud-init',
      `${spec.cloudInit.user ?? 'default user'}${spec.sshKeys ? ', SSH key' : ''}`,
    ]);
  }
  return out;
}

export function ConfirmStep({
  spec,
  start,
  onStart,
}: {
  spec: CreateSpec;
  start: boolean;
  onStart(v: boolean): void;
}) {
  return (
    <Stack gap="xs">
      <Table
        withRowBorders={false}
        verticalSpacing={2}
        horizontalSpacing="xs"
        fz="xs"
        data-testid="create-summary"
      >
        <Table.Tbody>
          {rows(spec).map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Td c="dimmed" w={120}>
                {k}
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Checkbox
        size="xs"
        label="Start after created"
        checked={start}
        onChange={(e) => onStart(e.currentTarget.checked)}
        data-testid="create-start"
      />
    </Stack>
  );
}
