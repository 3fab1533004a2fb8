// One uPlot chart: made once per series layout and theme, then fed with setData (the cheap path a
// live tick takes), sized to its container, its cursor synced with the other charts of the view.

import { Paper, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './stats.css';

export interface ChartSeries {
  label: string;
  color: string;
  /** hover and legend text of a value */
  format: (v: number) => string;
  /** a limit line (dashed, no fill) */
  limit?: boolean;
}

export interface ChartProps {
  title: string;
  series: readonly ChartSeries[];
  data: uPlot.AlignedData;
  /** axis tick text */
  axis: (v: number) => string;
  syncKey: string;
  dark: boolean;
  testId: string;
  /** fixed y range (percent charts) */
  yMax?: number;
}

const HEIGHT = 140;

function showNewest(u: uPlot): void {
  const n = u.data[0].length;
  if (u.cursor.idx == null && n > 0) u.setLegend({ idx: n - 1 });
}

function options(p: ChartProps, width: number): uPlot.Options {
  const ink = p.dark ? '#a6a7ab' : '#495057';
  const grid = p.dark ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)';
  const axis: uPlot.Axis = {
    stroke: ink,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: '11px system-ui, sans-serif',
  };
  return {
    width,
    height: HEIGHT,
    padding: [8, 8, 0, 0],
    cursor: { sync: { key: p.syncKey, setSeries: false }, drag: { x: false, y: false } },
    legend: { live: true },
    // Off the plot, the legend shows the newest values rather than dashes.
    hooks: { setCursor: [showNewest] },
    scales: {
      x: { time: true },
      y:
        p.yMax !== undefined
          ? { range: [0, p.yMax] }
          : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { ...axis, space: 60 },
      { ...axis, size: 64, values: (_u, ticks) => ticks.map(p.axis) },
    ],
    series: [
      { label: 'Time', value: (_u, v) => (v == null ? '–' : new Date(v * 1000).toLocaleString()) },
      ...p.series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.color,
        width: s.limit ? 1 : 1.5,
        ...(s.limit ? { dash: [4, 4] } : { fill: `${s.color}22` }),
        points: { show: false },
        spanGaps: false,
        value: (_u, v) => (v == null ? '–' : s.format(v)),
      })),
    ],
  };
}

export function UPlotChart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;
  const layout = `${props.title}|${props.series.map((s) => s.label).join(',')}|${String(props.dark)}|${props.syncKey}|${String(props.yMax)}`;

  // Made again only when what it draws changes shape (series, theme), not on new data.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const u = new uPlot(
      options(latest.current, Math.max(200, el.clientWidth)),
      latest.current.data,
      el,
    );
    plot.current = u;
    showNewest(u);
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (w !== u.width) u.setSize({ width: w, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [layout]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(props.data);
    showNewest(u);
  }, [props.data]);

  const times = props.data[0];
  const span = times.length > 1 ? times[times.length - 1]! - times[0]! : 0;
  return (
    <Paper
      withBorder
      radius="sm"
      p={6}
      className="stats-chart"
      data-testid={props.testId}
      data-points={times.length}
      data-span={span}
    >
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px={4}>
        {props.title}
      </Text>
      <div ref={host} className="stats-chart-plot" />
    </Paper>
  );
}
