// The detail view's live line and history charts in Chromium: a container's live line changes
// second by second, switching the timeframe changes the charted series (points, step, span), the
// cursor is shared across charts with values in units, and a node shows its summary and services.

import { describe, expect, it } from 'vitest';
import { attribute, openDemo, text, useStack, visible, UI_TIMEOUT } from './harness';

const newStack = useStack();

describe('live stats and history', () => {
  it('updates a container’s live line every second and re-charts on a new timeframe', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    // grafana (CT 112) runs on pve1 in the default demo cluster.
    await page.getByRole('treeitem', { name: 'grafana (112)' }).click();
    const line = page.getByTestId('guest-detail').getByTestId('live-line');
    await visible(line);

    // Three new samples, each within about a second of the one before, and what they show moves.
    const seen: { at: number; updated: string; text: string }[] = [];
    await expect
      .poll(
        async () => {
          const updated = (await line.getAttribute('data-updated')) ?? '0';
          if (updated !== '0' && seen.at(-1)?.updated !== updated) {
            seen.push({ at: Date.now(), updated, text: (await line.textContent()) ?? '' });
          }
          return seen.length;
        },
        { timeout: UI_TIMEOUT, interval: 100 },
      )
      .toBeGreaterThanOrEqual(4);
    const times = seen.map((s) => Number(s.updated));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThan(2500);
    expect(new Set(seen.map((s) => s.text)).size).toBeGreaterThan(1);
    await text(page.getByTestId('live-cpu')).toMatch(/^CPU [\d.]+% of 1 core$/);
    await text(page.getByTestId('guest-network')).toMatch(/in [\d.]+ \S+\/s · out [\d.]+ \S+\/s/);

    // Hour: 60 one-minute points (plus the live tail); Day: 1440; Week: 336 half-hour points.
    const charts = page.getByTestId('stats-charts');
    const cpu = page.getByTestId('stats-chart-cpu');
    await attribute(charts, 'data-timeframe').toBe('hour');
    await attribute(charts, 'data-step').toBe('60');
    const live = Number((await charts.getAttribute('data-live-points')) ?? '0');
    expect(Number(await cpu.getAttribute('data-points'))).toBeGreaterThanOrEqual(60 + live - 1);
    await charts.getByText('Day', { exact: true }).click();
    await attribute(charts, 'data-timeframe').toBe('day');
    await attribute(cpu, 'data-points').toBe('1440');
    await attribute(cpu, 'data-span').toBe(String(1439 * 60));
    await charts.getByText('Week', { exact: true }).click();
    await attribute(charts, 'data-step').toBe('1800');
    await attribute(cpu, 'data-points').toBe('336');
    await attribute(page.getByTestId('stats-chart-network'), 'data-points').toBe('336');

    // Hovering one chart moves every chart's cursor: the network legend leaves the newest point
    // for the hovered time, the same as the CPU chart's, with values in their units.
    const legendValue = (chart: string, series: number) =>
      page
        .getByTestId(`stats-chart-${chart}`)
        .locator('.u-legend .u-series')
        .nth(series)
        .locator('.u-value');
    const newest = await legendValue('network', 0).textContent();
    const box = await cpu.locator('.u-over').boundingBox();
    if (!box) throw new Error('no CPU plot');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await text(legendValue('network', 0)).not.toBe(newest);
    expect(await legendValue('network', 0).textContent()).toBe(
      await legendValue('cpu', 0).textContent(),
    );
    await text(legendValue('cpu', 1)).toMatch(/^[\d.]+%$/);
    await text(legendValue('network', 1)).toMatch(/^[\d.]+ (B|KiB|MiB|GiB)\/s$/);

    expect(stack.pageErrors).toEqual([]);
  });

  it('shows a node’s summary, live load and services', async () => {
    const stack = await newStack();
    const { page } = stack;
    await openDemo(stack);
    await page.getByRole('treeitem', { name: 'pve1, online' }).click();
    const detail = page.getByTestId('node-detail');
    await text(detail.getByTestId('node-pve-version')).toBe(`PVE${stack.demo.version}`);
    await text(detail.getByTestId('node-cpu-model')).toContain('EPYC');
    await text(detail.getByTestId('live-load')).toMatch(/^Load [\d.]+ [\d.]+ [\d.]+$/);
    // Services: a count, the ones not running, and all of them on request.
    await text(detail.getByTestId('node-services-summary')).toMatch(
      /^\d+ running · [1-9]\d* not running$/,
    );
    await text(detail.locator('[data-service="proxmox-firewall"]')).toBe('deadproxmox-firewall');
    expect(await detail.locator('[data-service="pveproxy"]').count()).toBe(0);
    await detail.getByRole('button', { name: 'Show all' }).click();
    await text(detail.locator('[data-service="pveproxy"]')).toBe('runningpveproxy');
    // The hour view: 60 RRD minutes, then the live samples since the last one.
    await attribute(page.getByTestId('stats-charts'), 'data-step').toBe('60');
    expect(
      Number(await page.getByTestId('stats-chart-load').getAttribute('data-points')),
    ).toBeGreaterThanOrEqual(60);
    expect(stack.pageErrors).toEqual([]);
  });
});
