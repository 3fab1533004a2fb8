// Migrate many guests of one cluster to one node: each guest's precondition first (GET …/migrate),
// then the nodes with how many can go there, a row per guest saying why it cannot (it is left out
// of the job), online (live VMs, restart-mode CTs, with the shutdown timeout), local disks and a
// target storage, and how many at once. HA-managed guests go through HA, and the form says so.

import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { LXC_RESTART_TIMEOUT } from '../../../../shared/bulk';
import { isGuest, type GuestResource } from '../../../../shared/model';
import type { AppState } from '../../store/appState';
import { useAppState, useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { bulk, type BulkTarget } from './bulkState';
import {
  bestNode,
  goingTo,
  verdict,
  withLocalDisks,
  type NodeInfo,
  type PlanGuest,
  type PlanOptions,
} from './bulkMigratePlan';

const selectResources = (s: AppState) => s.resources;
const AT_ONCE = 4;

function plural(n: number): string {
  return `${String(n)} guest${n === 1 ? '' : 's'}`;
}

export function BulkMigrateForm({ targets }: { targets: BulkTarget[] }) {
  const { api } = useController();
  const resources = useAppState(selectResources);
  const profileId = targets[0]?.ref.profileId ?? '';
  const oneCluster = targets.every((t) => t.ref.profileId === profileId);
  const res = resources[profileId];
  const [pres, setPres] = useState<Record<string, PlanGuest['pre']>>({});
  const [target, setTarget] = useState<string | null>(null);
  const [online, setOnline] = useState(true);
  const [timeout, setTimeoutSecs] = useState<number>(LXC_RESTART_TIMEOUT);
  const [disks, setDisks] = useState(true);
  const [storage, setStorage] = useState<string | null>(null);
  const [storages, setStorages] = useState<string[]>([]);
  const [workers, setWorkers] = useState<number>(1);

  const nodes: NodeInfo[] = useMemo(() => {
    const out: NodeInfo[] = [];
    for (const r of res?.byId.values() ?? []) {
      if (r.type === 'node') out.push({ node: r.node, online: r.status === 'online' });
    }
    return out.sort((a, b) => a.node.localeCompare(b.node));
  }, [res]);

  const key = (t: BulkTarget) => `${t.ref.type}/${String(t.ref.vmid)}`;
  const idsKey = targets.map(key).join(',');
  useEffect(() => {
    let live = true;
    const queue = [...targets];
    const next = async (): Promise<void> => {
      const t = queue.shift();
      if (!t || !live) return;
      const { profileId: p, node, type, vmid } = t.ref;
      let pre: PlanGuest['pre'];
      try {
        pre = await api.invoke('migrate.precondition', { profileId: p, node, type, vmid });
      } catch (err) {
        pre = `can’t check: ${describeError(err)}`;
      }
      if (live) setPres((m) => ({ ...m, [key(t)]: pre }));
      return next();
    };
    for (let i = 0; i < AT_ONCE; i++) void next();
    return () => {
      live = false;
    };
    // Read once per set of guests.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, idsKey]);

  const plan: PlanGuest[] = targets.flatMap((t) => {
    const g = res?.byId.get(key(t));
    if (!g || !isGuest(g)) return [];
    const pre = pres[key(t)];
    return [{ guest: g, ...(pre !== undefined ? { pre } : {}) }];
  });
  const checked = plan.every((p) => p.pre !== undefined);
  const opts = useMemo(() => ({ online, copyDisks: disks }), [online, disks]);
  useEffect(() => {
    if (checked && target === null) setTarget(bestNode(plan, nodes, opts));
  }, [checked, target, plan, nodes, opts]);

  const targetInfo = nodes.find((n) => n.node === target);
  const going = targetInfo ? plan.filter((p) => verdict(p, targetInfo, opts).go) : [];
  // The VMs whose disks would be copied: those that can go, or go only when copied.
  const localDiskVms = withLocalDisks(
    targetInfo ? plan.filter((p) => verdict(p, targetInfo, { online, copyDisks: true }).go) : [],
  );
  // A stopped VM's disks are always copied; a running VM's only with with-local-disks.
  const liveDiskVms = localDiskVms.filter((p) => p.guest.status === 'running').length;
  useEffect(() => {
    if (!target || localDiskVms.length === 0) return;
    let live = true;
    api.invoke('storage.list', { profileId, node: target, content: 'images' }).then(
      (s) => live && setStorages(s.filter((x) => x.enabled && x.active).map((x) => x.storage)),
      () => live && setStorages([]),
    );
    return () => {
      live = false;
    };
  }, [api, profileId, target, localDiskVms.length]);

  const running = plan.filter((p) => p.guest.status === 'running');
  const runningCts = running.filter((p) => p.guest.type === 'lxc').length;
  const ha = going.filter((p) => p.guest.hastate !== undefined && p.guest.hastate !== '');
  const dependent = [
    ...new Set(ha.flatMap((p) => (typeof p.pre === 'object' ? p.pre.dependentHa : []))),
  ];
  const submit = () => {
    if (!target || going.length === 0) return;
    const chosen = new Set(going.map((p) => `${p.guest.type}/${String(p.guest.vmid)}`));
    void bulk.run(
      api,
      {
        action: 'migrate',
        migrate: {
          target,
          online,
          ...(online && runningCts > 0 && timeout !== LXC_RESTART_TIMEOUT
            ? { restartTimeout: timeout }
            : {}),
          ...(liveDiskVms > 0 ? { withLocalDisks: disks } : {}),
          ...(localDiskVms.length > 0 && storage ? { targetStorage: storage } : {}),
          maxWorkers: workers,
        },
      },
      targets.filter((t) => chosen.has(key(t))),
    );
  };

  if (!oneCluster) {
    return (
      <Text size="sm" role="alert">
        Migration moves guests within one cluster: select guests of one profile.
      </Text>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm" data-testid="bulk-migrate">
        {!checked && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Checking what the cluster allows…</Text>
          </Group>
        )}
        {checked && (
          <Radio.Group label="Target node" value={target} onChange={setTarget}>
            <Group gap="md" mt={4}>
              {nodes.map((n) => {
                const c = goingTo(plan, n, opts);
                return (
                  <Radio
                    key={n.node}
                    value={n.node}
                    disabled={c === 0}
                    label={`${n.node} (${nodeNote(plan, n, c)})`}
                  />
                );
              })}
            </Group>
          </Radio.Group>
        )}
        <ScrollArea.Autosize mah={200} type="auto">
          <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label="Guests to migrate">
            <Table.Tbody>
              {plan.map((p) => (
                <GuestRow key={p.guest.id} p={p} target={targetInfo} opts={opts} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {running.length > 0 && (
          <Checkbox
            size="xs"
            label="Online: running VMs live, running containers in restart mode"
            checked={online}
            onChange={(e) => setOnline(e.currentTarget.checked)}
          />
        )}
        <Group gap="sm" align="flex-end">
          {online && runningCts > 0 && (
            <NumberInput
              size="xs"
              w={170}
              label="Restart timeout"
              suffix=" s"
              min={1}
              max={86400}
              value={timeout}
              onChange={(v) => setTimeoutSecs(typeof v === 'number' ? v : LXC_RESTART_TIMEOUT)}
            />
          )}
          <NumberInput
            size="xs"
            w={120}
            label="At most at once"
            min={1}
            max={64}
            value={workers}
            onChange={(v) => setWorkers(typeof v === 'number' ? Math.max(1, v) : 1)}
          />
        </Group>
        {localDiskVms.length > 0 && (
          <Group gap="sm" align="flex-end">
            <Select
              size="xs"
              w={200}
              label={`Target storage for local disks (${String(localDiskVms.length)} VM${localDiskVms.length === 1 ? '' : 's'})`}
              placeholder="Same storage as now"
              data={storages}
              value={storage}
              onChange={setStorage}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
            {liveDiskVms > 0 && (
              <Checkbox
                size="xs"
                mb={6}
                label={`Copy the disks of running VMs live (${String(liveDiskVms)})`}
                checked={disks}
                onChange={(e) => setDisks(e.currentTarget.checked)}
              />
            )}
          </Group>
        )}
        {ha.length > 0 && (
          <Alert color="blue" variant="light" p="xs" data-testid="bulk-migrate-ha-note">
            {`${plural(ha.length)} HA-managed: the migration is requested through HA, and the cluster’s HA manager carries it out.`}
            {dependent.length > 0 ? ` These move with them: ${dependent.join(', ')}.` : ''}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={() => bulk.dismissAsk()}>
            Cancel
          </Button>
          <Button type="submit" size="xs" disabled={going.length === 0}>
            {`Migrate ${plural(going.length)}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "all", "2 of 3", "offline", or "where they are" for the node they are all on. */
function nodeNote(plan: readonly PlanGuest[], n: NodeInfo, going: number): string {
  if (!n.online) return 'offline';
  if (plan.length > 0 && plan.every((p) => p.guest.node === n.node)) return 'where they are';
  return going === plan.length ? 'all' : `${String(going)} of ${String(plan.length)}`;
}

function GuestRow({ p, target, opts }: { p: PlanGuest; target?: NodeInfo; opts: PlanOptions }) {
  const g: GuestResource = p.guest;
  const v = target ? verdict(p, target, opts) : undefined;
  return (
    <Table.Tr data-going={v?.go === true ? 'true' : 'false'}>
      <Table.Td>{`${g.name ?? ''} (${g.type === 'lxc' ? 'CT' : 'VM'} ${String(g.vmid)})`}</Table.Td>
      <Table.Td c="dimmed">{`${g.node}, ${g.status}`}</Table.Td>
      <Table.Td c={v && !v.go && !v.here ? 'orange' : 'dimmed'}>
        {v === undefined ? '' : v.go ? `→ ${target!.node}` : `left out: ${v.reason}`}
      </Table.Td>
    </Table.Tr>
  );
}
