// The frame of a detail view: header, notices, then tabs: Summary (the live line, then charts
// beside a column of facts, stacked when the pane is narrow) and any extra tabs a view brings
// (snapshots, backups, storage). Guest and node details fill it with their own parts.

import { Progress, Stack, Tabs } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import './stats.css';

/** An extra tab of a detail view beside Summary. */
export interface DetailTab {
  value: string;
  label: string;
  icon?: ReactNode;
  content: ReactNode;
}

/** The tab last chosen per kind of view, so stepping from guest to guest keeps it. */
const lastTab = new Map<string, string>();

export function DetailLayout({
  testId,
  header,
  notices,
  live,
  charts,
  facts,
  tabs = [],
}: {
  testId: string;
  header: ReactNode;
  notices?: ReactNode;
  live: ReactNode;
  charts: ReactNode;
  facts: ReactNode;
  tabs?: DetailTab[];
}) {
  const remembered = lastTab.get(testId);
  const [tab, setTab] = useState<string>(
    remembered && tabs.some((t) => t.value === remembered) ? remembered : 'summary',
  );
  const summary = (
    <Stack gap="sm">
      {live}
      <div className="detail-body">
        <div className="detail-main">{charts}</div>
        <aside className="detail-facts">{facts}</aside>
      </div>
    </Stack>
  );
  const current = tabs.some((t) => t.value === tab) ? tab : 'summary';
  return (
    <Stack gap="sm" data-testid={testId} className="detail-view">
      {header}
      {notices}
      {tabs.length === 0 ? (
        summary
      ) : (
        <Tabs
          value={current}
          onChange={(v) => {
            const next = v ?? 'summary';
            lastTab.set(testId, next);
            setTab(next);
          }}
          keepMounted={false}
          variant="outline"
        >
          <Tabs.List mb="sm">
            <Tabs.Tab value="summary">Summary</Tabs.Tab>
            {tabs.map((t) => (
              <Tabs.Tab key={t.value} value={t.value} leftSection={t.icon}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="summary">{summary}</Tabs.Panel>
          {tabs.map((t) => (
            <Tabs.Panel key={t.value} value={t.value}>
              {t.content}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

/** A titled group of facts in the side column. */
export function FactGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="fact-group">
      <div className="fact-group-title">{title}</div>
      <Stack gap={8}>{children}</Stack>
    </div>
  );
}

/** One label/value line of a fact group. */
export function FactRow({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="fact-row" data-testid={testId}>
      <span>{label}</span>
      <span>{children}</span>
    </div>
  );
}

/** A thin usage bar under a fact row (its figures are in the row). */
export function FactBar({ fraction, label }: { fraction: number | undefined; label: string }) {
  if (fraction === undefined) return null;
  const color = fraction >= 0.9 ? 'red' : fraction >= 0.75 ? 'yellow' : 'blue';
  return (
    <Progress
      className="fact-bar"
      value={fraction * 100}
      size="xs"
      color={color}
      aria-label={label}
    />
  );
}
