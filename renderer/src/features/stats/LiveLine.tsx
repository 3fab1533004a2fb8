// The `docker stats`-like line of the guest or node on screen: status, CPU, memory, network and
// disk (rates and totals), from the core-side watch, new every second while the view is open.

import { Group, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatBytes, formatPercent } from '../../../../shared/format';
import type { GuestLiveStats, NodeLiveStats } from '../../../../shared/stats';
import type { LiveSnapshot } from './liveSource';

const rate = (v: number | undefined): string => (v === undefined ? '–' : `${formatBytes(v)}/s`);

function Cell({
  label,
  children,
  testId,
  title,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  title?: string;
}) {
  const body = (
    <div className="live-cell" data-testid={testId}>
      <Text span size="xs" c="dimmed" fw={600} tt="uppercase" className="live-label">
        {label}
      </Text>{' '}
      <span className="live-value">{children}</span>
    </div>
  );
  return title ? (
    <Tooltip label={title} multiline w={320} withArrow>
      {body}
    </Tooltip>
  ) : (
    body
  );
}

function usage(used: number | undefined, total: number | undefined): string {
  if (used === undefined || total === undefined || total <= 0) return formatBytes(used);
  return `${formatBytes(used)} / ${formatBytes(total)} (${formatPercent(used / total, 0)})`;
}

function Frame({ live, children }: { live: LiveSnapshot; children: ReactNode }) {
  return (
    <Group
      gap="lg"
      wrap="wrap"
      className="live-line"
      data-testid="live-line"
      data-samples={live.count}
      data-updated={live.time ?? 0}
      data-stale={live.error ? 'true' : undefined}
    >
      {children}
      {live.error && (
        <Text size="xs" c="red" data-testid="live-error">
          {live.stats ? 'Not updating: ' : ''}
          {live.error}
        </Text>
      )}
    </Group>
  );
}

export function GuestLiveLine({ live }: { live: LiveSnapshot }) {
  const s = live.stats?.kind === 'node' ? undefined : (live.stats as GuestLiveStats | undefined);
  if (!s) {
    return (
      <Frame live={live}>
        <Text size="sm" c="dimmed">
          {live.error ? '' : 'Reading live stats…'}
        </Text>
      </Frame>
    );
  }
  const runs = s.status !== 'stopped' && s.status !== 'unknown';
  const cpus = s.cpus ?? 1;
  const r = s.rates;
  // With the agent's balloon figures the guest's own view; without, PVE's `mem` is the process's
  // resident size on the host, which on a VM reads as (nearly) all of it.
  const vmNoGuestView = s.kind === 'qemu' && runs && !s.guestMem;
  const memUsed = s.guestMem?.used ?? s.mem;
  const memTotal = s.guestMem?.total ?? s.maxmem;
  return (
    <Frame live={live}>
      <Cell label="Status" testId="live-status">
        {s.status}
      </Cell>
      <Cell label="CPU" testId="live-cpu">
        {runs ? `${formatPercent(s.cpu)} of ${String(cpus)} ${cpus === 1 ? 'core' : 'cores'}` : '–'}
      </Cell>
      <Cell
        label="Mem"
        testId="live-mem"
        {...(vmNoGuestView
          ? {
              title:
                'No guest agent figures: PVE sees only what the VM process holds on the host, so a VM reads as almost fully used. Enable the QEMU guest agent (and its balloon driver) for the guest’s own view.',
            }
          : {})}
      >
        {runs ? usage(memUsed, memTotal) : `– / ${formatBytes(s.maxmem)}`}
        {runs && s.memhost !== undefined && s.guestMem && (
          <Text span size="xs" c="dimmed">
            {' '}
            · host {formatBytes(s.memhost)}
          </Text>
        )}
        {vmNoGuestView && (
          <Text span size="xs" c="dimmed" data-testid="live-mem-note">
            {' '}
            · host view, no agent
          </Text>
        )}
      </Cell>
      {s.kind === 'lxc' && runs && s.maxswap !== undefined && s.maxswap > 0 && (
        <Cell label="Swap">{usage(s.swap, s.maxswap)}</Cell>
      )}
      <Cell label="Net" testId="guest-network">
        {runs ? (r ? `in ${rate(r.netin)} · out ${rate(r.netout)}` : 'measuring…') : '–'}
        {runs && (
          <Text span size="xs" c="dimmed">
            {' '}
            ({formatBytes(s.totals.netin)} / {formatBytes(s.totals.netout)})
          </Text>
        )}
      </Cell>
      <Cell label="Disk" testId="guest-disk-io">
        {runs ? (r ? `read ${rate(r.diskread)} · write ${rate(r.diskwrite)}` : 'measuring…') : '–'}
        {runs && (
          <Text span size="xs" c="dimmed">
            {' '}
            ({formatBytes(s.totals.diskread)} / {formatBytes(s.totals.diskwrite)})
          </Text>
        )}
      </Cell>
    </Frame>
  );
}

export function NodeLiveLine({ live }: { live: LiveSnapshot }) {
  const s = live.stats?.kind === 'node' ? (live.stats as NodeLiveStats) : undefined;
  if (!s) {
    return (
      <Frame live={live}>
        <Text size="sm" c="dimmed">
          {live.error ? '' : 'Reading live stats…'}
        </Text>
      </Frame>
    );
  }
  return (
    <Frame live={live}>
      <Cell label="CPU" testId="live-cpu">
        {formatPercent(s.cpu)}
        {s.cpuinfo?.cpus !== undefined ? ` of ${String(s.cpuinfo.cpus)} threads` : ''}
      </Cell>
      <Cell label="IO wait">{formatPercent(s.wait, 2)}</Cell>
      <Cell label="Load" testId="live-load">
        {s.loadavg ? s.loadavg.map((l) => l.toFixed(2)).join(' ') : '–'}
      </Cell>
      <Cell label="Mem" testId="live-mem">
        {usage(s.memory?.used, s.memory?.total)}
      </Cell>
      <Cell label="Swap">{usage(s.swap?.used, s.swap?.total)}</Cell>
      <Cell label="Root fs">{usage(s.rootfs?.used, s.rootfs?.total)}</Cell>
    </Frame>
  );
}
