// The history charts of a detail view: rrddata for the chosen timeframe and consolidation, one
// uPlot per metric with a shared cursor, hover values with units; the hour view also draws the
// live samples after the last RRD point, so it moves every second like the live line.

import { Alert, Group, SegmentedControl, Text, useComputedColorScheme } from '@mantine/core';
import { memo, useEffect, useMemo, useState } from 'react';
import type { RrdCf, RrdPoint, RrdTimeframe, StatsTarget } from '../../../../shared/stats';
import { toAligned, livePoint, type ChartDef } from './chartDefs';
import type { LiveStatsSource } from './liveSource';
import { UPlotChart } from './UPlotChart';
import { targetKey, useRrd } from './useSources';

const TIMEFRAMES: { value: RrdTimeframe; label: string }[] = [
  { value: 'hour', label: 'Hour' },
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'year', label: 'Year' },
];

const CFS: { value: RrdCf; label: string }[] = [
  { value: 'AVERAGE', label: 'Average' },
  { value: 'MAX', label: 'Maximum' },
];

/** Live samples kept for the hour view (one per second: the last hour at most). */
const TAIL_MAX = 3600;

function useLiveTail(live: LiveStatsSource | undefined, after: number, on: boolean): RrdPoint[] {
  const [tail, setTail] = useState<RrdPoint[]>([]);
  useEffect(() => {
    setTail([]);
    if (!live || !on) return;
    let last = live.getSnapshot().count;
    return live.subscribe(() => {
      const snap = live.getSnapshot();
      if (snap.count === last || !snap.stats || snap.time === undefined) return;
      last = snap.count;
      const p = livePoint(snap.stats, snap.time);
      if (!p) return;
      setTail((t) => {
        const next = t.length >= TAIL_MAX ? t.slice(1) : t.slice();
        next.push(p);
        return next;
      });
    });
  }, [live, on]);
  return useMemo(() => tail.filter((p) => p.time > after), [tail, after]);
}

/** Timeframe and consolidation pickers; memoised, so a live tick does not re-render them. */
const ChartControls = memo(function ChartControls({
  timeframe,
  cf,
  onTimeframe,
  onCf,
}: {
  timeframe: RrdTimeframe;
  cf: RrdCf;
  onTimeframe: (t: RrdTimeframe) => void;
  onCf: (c: RrdCf) => void;
}) {
  return (
    <Group justify="space-between" mb={6} gap="xs">
      <Text size="sm" fw={600}>
        History
      </Text>
      <Group gap="xs">
        <SegmentedControl
          size="xs"
          data={TIMEFRAMES}
          value={timeframe}
          onChange={(v) => onTimeframe(v as RrdTimeframe)}
          aria-label="Timeframe"
          data-testid="stats-timeframe"
        />
        <SegmentedControl
          size="xs"
          data={CFS}
          value={cf}
          onChange={(v) => onCf(v as RrdCf)}
          aria-label="Consolidation"
          data-testid="stats-cf"
        />
      </Group>
    </Group>
  );
});

export function StatsCharts({
  target,
  charts,
  live,
}: {
  target: StatsTarget;
  charts: readonly ChartDef[];
  live: LiveStatsSource | undefined;
}) {
  const [timeframe, setTimeframe] = useState<RrdTimeframe>('hour');
  const [cf, setCf] = useState<RrdCf>('AVERAGE');
  const rrd = useRrd(target, timeframe, cf);
  const dark = useComputedColorScheme('light') === 'dark';
  // Keep the last series on screen while the next timeframe loads.
  const [shown, setShown] = useState(rrd.series);
  useEffect(() => {
    if (rrd.series) setShown(rrd.series);
  }, [rrd.series]);
  const points = useMemo(() => shown?.points ?? [], [shown]);
  const lastTime = points.length > 0 ? points[points.length - 1]!.time : 0;
  const tail = useLiveTail(live, lastTime, timeframe === 'hour');
  const all = useMemo(() => (tail.length > 0 ? [...points, ...tail] : points), [points, tail]);
  const syncKey = `stats|${targetKey(target)}`;
  const data = useMemo(() => charts.map((c) => toAligned(c, all)), [charts, all]);

  return (
    <div
      data-testid="stats-charts"
      data-timeframe={shown?.timeframe ?? ''}
      data-cf={shown?.cf ?? ''}
      data-step={shown?.step ?? 0}
      data-live-points={tail.length}
    >
      <ChartControls timeframe={timeframe} cf={cf} onTimeframe={setTimeframe} onCf={setCf} />
      {rrd.error && (
        <Alert color="red" variant="light" py={6} mb={6} data-testid="stats-error">
          Could not read the history: {rrd.error}
        </Alert>
      )}
      <div className="stats-charts">
        {charts.map((c, i) => (
          <UPlotChart
            key={c.id}
            testId={`stats-chart-${c.id}`}
            title={c.title}
            series={c.fields.map((f) => f.series)}
            data={data[i]!}
            axis={c.axis}
            syncKey={syncKey}
            dark={dark}
            {...(c.yMax !== undefined ? { yMax: c.yMax } : {})}
          />
        ))}
      </div>
    </div>
  );
}
