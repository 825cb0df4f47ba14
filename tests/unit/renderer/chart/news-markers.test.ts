// Headlines on the chart: each on the bucket that holds its time, above the candle (at its high) when good news,
// below (at its low) when bad, none for a time no bar holds.
import { describe, expect, it } from 'vitest';
import { aggregateRange, bucketSize } from '../../../../src-renderer/components/chart/bar-buckets.js';
import { toColumns, type NewsMarker } from '../../../../src-renderer/components/chart/chart-model.js';
import { buildChartOption, initialWindow, MIN_BUCKET_PX, viewData } from '../../../../src-renderer/components/chart/chart-option.js';
import { loadYahooBars } from './yahoo-bars.js';

type Point = { value: [number, number]; itemStyle: { color: string }; name: string };

describe('news markers on the chart', () => {
  const bars = loadYahooBars();
  const cols = toColumns(bars);
  const n = bars.length;
  const DAY = 86_400_000;
  const news: NewsMarker[] = [
    { t: bars[3000]!.t + DAY / 3, score: 0.7, headline: 'Acme Shares Surge' },
    { t: bars[3010]!.t, score: -0.6, headline: 'Acme Plunges' },
    { t: bars[0]!.t - DAY, score: 0.9, headline: 'Before any bar' },
  ];

  it('the option has a news series only when there are headlines', () => {
    const ids = (hasNews: boolean) => (buildChartOption({ n, indicators: [], hasFills: false, hasNews, window: initialWindow(n), label: String }) as { series: { id: string }[] }).series.map((s) => s.id);
    expect(ids(true)).toEqual(['price', 'volume', 'news']);
    expect(ids(false)).toEqual(['price', 'volume']);
  });

  it('zoomed in: good news at its bar’s high, bad news at its bar’s low, coloured by sign', () => {
    const view = viewData(cols, [], [], { from: 2990.5, to: 3020.5 }, 1360, news);
    const points = view.series.find((s) => s.id === 'news')!.data as Point[];
    expect(points).toHaveLength(2);
    const good = points.find((p) => p.name === 'Acme Shares Surge')!;
    const bad = points.find((p) => p.name === 'Acme Plunges')!;
    expect(good.value).toEqual([3000, bars[3000]!.h]);
    expect(bad.value).toEqual([3010, bars[3010]!.l]);
    expect(good.itemStyle.color).not.toBe(bad.itemStyle.color);
  });

  it('zoomed out: a headline sits on its bucket, at that bucket’s aggregate high', () => {
    const plot = 1360;
    const view = viewData(cols, [], [], { from: -0.5, to: n - 0.5 }, plot, news);
    const k = bucketSize(n, plot, MIN_BUCKET_PX);
    const good = (view.series.find((s) => s.id === 'news')!.data as Point[]).find((p) => p.name === 'Acme Shares Surge')!;
    const j = Math.floor(3000 / k);
    const bucket = aggregateRange(cols, j * k, Math.min(n - 1, j * k + k - 1))!;
    expect(good.value).toEqual([(j * k + Math.min(n - 1, j * k + k - 1)) / 2, bucket.h]);
  });
});
