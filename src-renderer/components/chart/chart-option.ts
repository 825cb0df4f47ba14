import type { EChartsCoreOption } from 'echarts/core';
import { aggregateBuckets, bucketCentre, bucketOf, bucketSize, sampleAtBucketEnds, type BarColumns, type Buckets } from './bar-buckets.js';
import { barIndexAt, type ChartIndicator, type FillMarker, type NewsMarker } from './chart-model.js';

const UP = '#26a69a';
const DOWN = '#ef5350';
const LINE_COLOURS = ['#f0b429', '#4fc3f7', '#ce93d8', '#a5d6a7', '#ffab91', '#90caf9'];
/** Grid margins in pixels: the plot width (and so the bucket size) follows from them and the chart's width. */
export const GRID_LEFT = 64;
export const GRID_RIGHT = 16;
/**
 * The narrowest candle column, in pixels: zoomed out further, bars are merged into buckets this wide, so at most
 * ~700 candles are drawn on a 1,440 px chart. Two, not one: it halves the elements ECharts lays out and paints each
 * frame while a 2 px column still shows every bar's extremes, merged exactly. ECharts' `large` mode (all candles in
 * one path) is off: with a few hundred candles its JavaScript saving is small, and Chromium's software rasteriser
 * slows with the edges each scanline of that one path crosses (bench/chart, panning a 200,000-bar window of 1M:
 * frame interval p50 67 ms in large mode against 33 ms as separate elements, same loaded machine).
 */
export const MIN_BUCKET_PX = 2;
/** Buckets are built this far (as a share of the window) past each edge, so a pan shows candles before the re-aggregation lands. */
const WINDOW_MARGIN = 0.25;

export interface ChartLayout {
  subPanes: ChartIndicator[];
  overlays: ChartIndicator[];
}

export function layoutOf(indicators: readonly ChartIndicator[]): ChartLayout {
  return { overlays: indicators.filter((i) => i.pane === 'overlay'), subPanes: indicators.filter((i) => i.pane === 'sub') };
}

/** The zoom window in bar-index units (fractional, as the dataZoom leaves it). */
export interface BarWindow {
  from: number;
  to: number;
}

/** The last `bars` bars of a series of n, or all of them. */
export function initialWindow(n: number, bars = 250): BarWindow {
  return { from: Math.max(0, n - bars) - 0.5, to: n - 0.5 };
}

/** The id of an indicator output's series, so data-only updates merge into the right line. */
export const outputSeriesId = (ind: ChartIndicator, output: string): string => `ind:${ind.key}:${output}`;

export interface OptionInputs {
  /** Bars in the series: the x axis spans all of them whatever is drawn. */
  n: number;
  indicators: readonly ChartIndicator[];
  hasFills: boolean;
  /** Headlines drawn as markers (absent: none). */
  hasNews?: boolean;
  window: BarWindow;
  /** Axis and crosshair label for a (fractional) bar index. */
  label: (index: number) => string;
}

/**
 * The chart's structure: grid 0 is price, grid 1 volume, then one grid per sub-pane indicator. Every x axis is a
 * value axis over bar indices [-0.5, n - 0.5] (all bars, so the slider and zoom reflect the whole series), linked
 * by one dataZoom and one axisPointer so zoom, pan and the crosshair move all panes together. Series come without
 * data: `viewData` fills them for the current window.
 */
export function buildChartOption({ n, indicators, hasFills, hasNews = false, window, label }: OptionInputs): EChartsCoreOption {
  const { overlays, subPanes } = layoutOf(indicators);
  const subCount = subPanes.length;
  // Heights in percent: price gets what the volume and sub-panes leave.
  const subH = subCount > 0 ? Math.min(22, 48 / subCount) : 0;
  const volH = 12;
  const top = 4;
  const bottomReserve = 10; // slider
  const priceH = 100 - top - bottomReserve - volH - subH * subCount - 2 * (subCount + 1);
  const grids: { top: string; height: string; left: number; right: number; outerBoundsMode: 'none' }[] = [];
  let y = top;
  const addGrid = (h: number): void => {
    // outerBoundsMode 'none': every pane keeps exactly these margins (ECharts 6 would otherwise shrink the pane whose
    // axis labels overhang), so panes line up and the plot width is known.
    grids.push({ top: `${y}%`, height: `${h}%`, left: GRID_LEFT, right: GRID_RIGHT, outerBoundsMode: 'none' });
    y += h + 2;
  };
  addGrid(priceH);
  addGrid(volH);
  for (let i = 0; i < subCount; i++) addGrid(subH);
  const gridCount = grids.length;
  const axisIdx = Array.from({ length: gridCount }, (_, i) => i);
  const axisLabel = (value: number): string => label(value);

  const xAxis = axisIdx.map((i) => ({
    type: 'value',
    gridIndex: i,
    min: -0.5,
    max: Math.max(0.5, n - 0.5),
    minInterval: 1,
    axisLine: { lineStyle: { color: '#555' } },
    axisTick: { show: i === gridCount - 1 },
    axisLabel: { show: i === gridCount - 1, formatter: axisLabel, color: '#aaa', hideOverlap: true },
    // The bottom axis says its clock: bar times are New York's (ET), as every event time in the GUI.
    ...(i === gridCount - 1 ? { name: 'ET', nameLocation: 'start', nameGap: 40, nameTextStyle: { color: '#888', fontSize: 10, verticalAlign: 'top', padding: [6, 0, 0, 0] } } : {}),
    axisPointer: { label: { show: i === gridCount - 1, formatter: (p: { value: string | number }) => `${label(Number(p.value))} ET` } },
    splitLine: { show: false },
  }));
  const yAxis = axisIdx.map((i) => ({
    type: 'value',
    gridIndex: i,
    scale: true,
    splitNumber: i === 0 ? 5 : 2,
    axisLabel: { color: '#aaa', fontSize: 10 },
    splitLine: { lineStyle: { color: '#2a2a2a' } },
  }));

  const series: Record<string, unknown>[] = [
    {
      id: 'price',
      name: 'price',
      type: 'candlestick',
      xAxisIndex: 0,
      yAxisIndex: 0,
      encode: { x: 0, y: [1, 2, 3, 4] },
      data: [],
      barWidth: '70%',
      itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
      progressive: 0,
      animation: false,
    },
    {
      id: 'volume',
      name: 'volume',
      type: 'bar',
      xAxisIndex: 1,
      yAxisIndex: 1,
      encode: { x: 0, y: 1 },
      data: [],
      barWidth: '70%',
      progressive: 0,
      itemStyle: { color: '#5c6bc0' },
      animation: false,
    },
  ];
  if (hasFills) {
    series.push({ id: 'fills', name: 'fills', type: 'scatter', xAxisIndex: 0, yAxisIndex: 0, symbol: 'triangle', symbolSize: 10, data: [], z: 5, animation: false });
  }
  if (hasNews) {
    series.push({ id: 'news', name: 'news', type: 'scatter', xAxisIndex: 0, yAxisIndex: 0, symbol: 'diamond', symbolSize: 9, data: [], z: 4, animation: false });
  }
  let colour = 0;
  const line = (ind: ChartIndicator, output: string, grid: number, levels?: number[]): Record<string, unknown> => ({
    id: outputSeriesId(ind, output),
    name: `${ind.label} ${output}`,
    type: 'line',
    xAxisIndex: grid,
    yAxisIndex: grid,
    data: [],
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.2, color: LINE_COLOURS[colour++ % LINE_COLOURS.length] },
    progressive: 0,
    animation: false,
    ...(levels && levels.length > 0
      ? { markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#666', type: 'dashed' }, data: levels.map((v) => ({ yAxis: v })) } }
      : {}),
  });
  for (const ind of overlays) for (const out of ind.outputs) series.push(line(ind, out.name, 0));
  subPanes.forEach((ind, k) => {
    ind.outputs.forEach((out, j) => series.push(line(ind, out.name, 2 + k, j === 0 ? ind.levels : undefined)));
  });

  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: grids,
    xAxis,
    yAxis,
    axisPointer: { link: [{ xAxisIndex: 'all' }], label: { backgroundColor: '#333' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'cross' }, showContent: false },
    dataZoom: [
      // throttle 0: every drag step reaches the chart, which re-aggregates at most once per animation frame.
      { type: 'inside', xAxisIndex: axisIdx, startValue: window.from, endValue: window.to, minValueSpan: 10, throttle: 0 },
      // No data shadow: the series only ever hold the window, so a shadow would not show the whole history.
      {
        type: 'slider',
        xAxisIndex: axisIdx,
        startValue: window.from,
        endValue: window.to,
        minValueSpan: 10,
        throttle: 0,
        bottom: 8,
        height: 22,
        textStyle: { color: '#aaa' },
        showDataShadow: false,
        labelFormatter: (value: number) => label(value),
      },
    ],
    series,
  };
}

/** What the chart draws for one window: the buckets, and every series' data for them. */
export interface ViewData {
  buckets: Buckets;
  series: { id: string; data: unknown[] }[];
}

/**
 * The series data for a window: buckets of bars sized to the plot's pixel columns (1 bar each when bars are wide
 * enough), over the window plus a margin either side; indicators sampled at each bucket's last bar; each fill on
 * the bucket that contains its time.
 */
export function viewData(
  cols: BarColumns,
  indicators: readonly ChartIndicator[],
  fills: readonly FillMarker[],
  window: BarWindow,
  plotWidthPx: number,
  news: readonly NewsMarker[] = [],
): ViewData {
  const n = cols.t.length;
  const span = Math.max(1, window.to - window.from);
  const k = bucketSize(span, plotWidthPx, MIN_BUCKET_PX);
  const margin = span * WINDOW_MARGIN;
  const b = aggregateBuckets(cols, window.from - margin, window.to + margin, k);
  const candles = new Array<number[]>(b.count);
  const volume = new Array<number[]>(b.count);
  const xs = new Float64Array(b.count);
  for (let j = 0; j < b.count; j++) {
    const x = bucketCentre(b, j);
    xs[j] = x;
    // ECharts' candle order after x is [open, close, low, high].
    candles[j] = [x, b.o[j]!, b.c[j]!, b.l[j]!, b.h[j]!];
    volume[j] = [x, b.v[j]!];
  }
  const series: ViewData['series'] = [
    { id: 'price', data: candles },
    { id: 'volume', data: volume },
  ];
  if (fills.length > 0) series.push({ id: 'fills', data: fillData(cols, fills, b, n) });
  if (news.length > 0) series.push({ id: 'news', data: newsData(cols, news, b, n) });
  for (const ind of indicators) {
    for (const out of ind.outputs) {
      const ys = sampleAtBucketEnds(out.values, b);
      const data = new Array<[number, number | null]>(b.count);
      for (let j = 0; j < b.count; j++) data[j] = [xs[j]!, ys[j]!];
      series.push({ id: outputSeriesId(ind, out.name), data });
    }
  }
  return { buckets: b, series };
}

/**
 * A headline goes on the bucket of the bar that contains its time: at the bucket's high when good news, at its
 * low when bad, coloured by the sign of its score (grey when neutral); several on one bucket draw as one.
 */
function newsData(cols: BarColumns, news: readonly NewsMarker[], b: Buckets, n: number): unknown[] {
  if (b.count === 0) return [];
  const lo = b.first[0]!;
  const hi = b.last[b.count - 1]!;
  const data: unknown[] = [];
  for (const item of news) {
    const idx = barIndexAt(cols.t, item.t);
    if (idx < lo || idx > hi) continue;
    const j = bucketOf(idx, b.size) - bucketOf(lo, b.size);
    const x = (bucketOf(idx, b.size) * b.size + Math.min(n - 1, bucketOf(idx, b.size) * b.size + b.size - 1)) / 2;
    const good = item.score > 0.15;
    const bad = item.score < -0.15;
    data.push({ value: [x, good ? b.h[j]! : b.l[j]!], itemStyle: { color: good ? UP : bad ? DOWN : '#8b949e' }, name: item.headline });
  }
  return data;
}

/** A fill goes on the bar whose interval contains its time, drawn at the centre of that bar's bucket. */
function fillData(cols: BarColumns, fills: readonly FillMarker[], b: Buckets, n: number): unknown[] {
  if (b.count === 0) return [];
  const lo = b.first[0]!;
  const hi = b.last[b.count - 1]!;
  const data: unknown[] = [];
  for (const f of fills) {
    const idx = barIndexAt(cols.t, f.t);
    if (idx < lo || idx > hi) continue;
    const j = bucketOf(idx, b.size);
    const x = (j * b.size + Math.min(n - 1, j * b.size + b.size - 1)) / 2;
    data.push({ value: [x, f.price], itemStyle: { color: f.side === 'buy' ? UP : DOWN }, symbolRotate: f.side === 'buy' ? 0 : 180, name: `${f.side} ${f.qty} @ ${f.price}` });
  }
  return data;
}
