// What the chart hands ECharts for a window: aggregated candles, volume, indicators at bucket ends, fill markers on
// the bucket that contains their time; the axis spans every bar.
import { describe, expect, it } from 'vitest';
import { aggregateRange, bucketSize } from '../../../../src-renderer/components/chart/bar-buckets.js';
import { toColumns, type ChartIndicator, type FillMarker } from '../../../../src-renderer/components/chart/chart-model.js';
import { buildChartOption, initialWindow, MIN_BUCKET_PX, viewData } from '../../../../src-renderer/components/chart/chart-option.js';
import { loadYahooBars } from './yahoo-bars.js';

type Series = { id: string; data: unknown[] };
const byId = (series: Series[], id: string): unknown[] => series.find((s) => s.id === id)!.data;

describe('chart view data', () => {
  const bars = loadYahooBars();
  const cols = toColumns(bars);
  const n = bars.length;
  const closes = bars.map((b) => b.c);
  const sma: ChartIndicator = { key: 'sma-1', label: 'SMA', pane: 'overlay', outputs: [{ name: 'sma', values: closes.map((c, i) => (i < 9 ? null : c)) }] };
  const DAY = 86_400_000;
  // A fill in the middle of a day (it belongs to that day's bar), one before the first bar (no bar holds it).
  const fills: FillMarker[] = [
    { t: bars[3000]!.t + DAY / 2, price: 12.34, side: 'buy', qty: '10' },
    { t: bars[4001]!.t, price: 20, side: 'sell', qty: '5' },
    { t: bars[0]!.t - DAY, price: 1, side: 'buy', qty: '1' },
  ];

  it('the option spans every bar on the x axis and opens on the last 250', () => {
    const win = initialWindow(n);
    expect(win).toEqual({ from: n - 250 - 0.5, to: n - 0.5 });
    const option = buildChartOption({ n, indicators: [sma], hasFills: true, window: win, label: String }) as {
      xAxis: { min: number; max: number }[];
      dataZoom: { startValue: number; endValue: number }[];
      series: Series[];
    };
    for (const axis of option.xAxis) expect([axis.min, axis.max]).toEqual([-0.5, n - 0.5]);
    for (const z of option.dataZoom) expect([z.startValue, z.endValue]).toEqual([win.from, win.to]);
    expect(option.series.map((s) => s.id)).toEqual(['price', 'volume', 'fills', 'ind:sma-1:sma']);
  });

  it('zoomed in (bars wider than a pixel): one candle per bar with the bar’s exact values', () => {
    const view = viewData(cols, [sma], fills, { from: 2999.5, to: 3099.5 }, 1360);
    expect(view.buckets.size).toBe(1);
    const candles = byId(view.series, 'price') as number[][];
    const at3000 = candles.find((c) => c[0] === 3000)!;
    const b = bars[3000]!;
    expect(at3000).toEqual([3000, b.o, b.c, b.l, b.h]);
    expect((byId(view.series, 'volume') as number[][]).find((v) => v[0] === 3000)).toEqual([3000, b.v]);
    expect((byId(view.series, 'ind:sma-1:sma') as number[][]).find((v) => v[0] === 3000)).toEqual([3000, b.c]);
    // Only the window and a quarter of it either side reach ECharts: [2974.5, 3124.5] holds bars 2975..3124.
    expect(candles.length).toBe(150);
    expect([candles[0]![0], candles[149]![0]]).toEqual([2975, 3124]);
  });

  it('zoomed out to every bar: candles no narrower than MIN_BUCKET_PX, each the exact aggregate of its bars', () => {
    const plot = 1360;
    const view = viewData(cols, [sma], fills, { from: -0.5, to: n - 0.5 }, plot);
    const k = bucketSize(n, plot, MIN_BUCKET_PX);
    expect(k).toBeGreaterThan(1);
    expect(view.buckets.size).toBe(k);
    const candles = byId(view.series, 'price') as number[][];
    expect(candles.length).toBe(Math.ceil(n / k));
    expect(candles.length).toBeLessThanOrEqual(plot / MIN_BUCKET_PX);
    candles.forEach((candle, j) => {
      const r = aggregateRange(cols, j * k, j * k + k - 1)!;
      expect(candle).toEqual([(r.first + r.last) / 2, r.o, r.c, r.l, r.h]);
    });
    // The indicator at each bucket is its value at the bucket's last bar, at the candle's x.
    const line = byId(view.series, 'ind:sma-1:sma') as [number, number | null][];
    line.forEach(([x, y], j) => {
      const last = Math.min(n - 1, j * k + k - 1);
      expect(x).toBe(candles[j]![0]);
      expect(y).toBe(last < 9 ? null : closes[last]);
    });
  });

  it('fill markers land on the bucket that contains their time, at their own price', () => {
    for (const plot of [1360, 200, 40]) {
      const view = viewData(cols, [], fills, { from: -0.5, to: n - 0.5 }, plot);
      const k = view.buckets.size;
      const markers = byId(view.series, 'fills') as { value: [number, number]; name: string }[];
      expect(markers).toHaveLength(2); // the fill before the first bar has no bar to sit on
      const centre = (bar: number): number => {
        const j = Math.floor(bar / k);
        return (j * k + Math.min(n - 1, j * k + k - 1)) / 2;
      };
      expect(markers[0]!.value).toEqual([centre(3000), 12.34]);
      expect(markers[1]!.value).toEqual([centre(4001), 20]);
      expect(markers[1]!.name).toBe('sell 5 @ 20');
    }
  });

  it('a fill outside the drawn buckets is left out, and an empty window draws nothing', () => {
    const view = viewData(cols, [], fills, { from: 100, to: 200 }, 1360);
    expect(byId(view.series, 'fills')).toEqual([]);
    const empty = viewData(toColumns([]), [sma], fills, { from: -0.5, to: 0.5 }, 1360);
    expect(empty.buckets.count).toBe(0);
    expect(byId(empty.series, 'price')).toEqual([]);
  });
});
