import type { EChartsCoreOption } from 'echarts/core';
import { formatBarTime, type BarColumns, type ChartIndicator, type FillMarker } from './chart-model.js';

const UP = '#26a69a';
const DOWN = '#ef5350';
const LINE_COLOURS = ['#f0b429', '#4fc3f7', '#ce93d8', '#a5d6a7', '#ffab91', '#90caf9'];
/** Above this many bars the candles switch to ECharts' large mode (one path, no per-candle elements). */
const LARGE_THRESHOLD = 2000;

export interface ChartLayout {
  subPanes: ChartIndicator[];
  overlays: ChartIndicator[];
}

export function layoutOf(indicators: readonly ChartIndicator[]): ChartLayout {
  return { overlays: indicators.filter((i) => i.pane === 'overlay'), subPanes: indicators.filter((i) => i.pane === 'sub') };
}

/**
 * The full ECharts option for candles + volume + indicators: grid 0 is price, grid 1 volume, then one grid per
 * sub-pane indicator; every x axis is the same category axis (bar index), linked by one dataZoom and one
 * axisPointer so zoom, pan and the crosshair move all panes together.
 */
export function buildChartOption(
  cols: BarColumns,
  indicators: readonly ChartIndicator[],
  fills: readonly FillMarker[],
  intraday: boolean,
  initialBars = 250,
): EChartsCoreOption {
  const { overlays, subPanes } = layoutOf(indicators);
  const n = cols.t.length;
  const subCount = subPanes.length;
  // Heights in percent: price gets what the volume and sub-panes leave.
  const subH = subCount > 0 ? Math.min(22, 48 / subCount) : 0;
  const volH = 12;
  const top = 4;
  const bottomReserve = 10; // slider
  const priceH = 100 - top - bottomReserve - volH - subH * subCount - 2 * (subCount + 1);
  const grids: { top: string; height: string; left: number; right: number }[] = [];
  let y = top;
  const addGrid = (h: number): void => {
    grids.push({ top: `${y}%`, height: `${h}%`, left: 64, right: 16 });
    y += h + 2;
  };
  addGrid(priceH);
  addGrid(volH);
  for (let i = 0; i < subCount; i++) addGrid(subH);
  const gridCount = grids.length;
  const axisIdx = Array.from({ length: gridCount }, (_, i) => i);
  const start = n > initialBars ? ((n - initialBars) / n) * 100 : 0;
  // The category axis holds bar indices (cheap for ECharts even at 1M bars); labels map an index to its time.
  const label = (value: string | number): string => {
    const t = cols.t[Number(value)];
    return t === undefined ? '' : formatBarTime(t, intraday);
  };
  const indices = Array.from({ length: n }, (_, i) => i);

  const xAxis = axisIdx.map((i) => ({
    type: 'category',
    gridIndex: i,
    data: indices,
    boundaryGap: true,
    axisLine: { lineStyle: { color: '#555' } },
    axisTick: { show: i === gridCount - 1 },
    axisLabel: { show: i === gridCount - 1, formatter: label, color: '#aaa' },
    axisPointer: { label: { show: i === gridCount - 1, formatter: (p: { value: string | number }) => label(p.value) } },
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

  const large = n > LARGE_THRESHOLD;
  const series: Record<string, unknown>[] = [
    {
      name: 'price',
      type: 'candlestick',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: candleData(cols),
      itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
      large,
      largeThreshold: LARGE_THRESHOLD,
      progressive: large ? 20_000 : 0,
      progressiveThreshold: LARGE_THRESHOLD,
      animation: false,
    },
    {
      name: 'volume',
      type: 'bar',
      xAxisIndex: 1,
      yAxisIndex: 1,
      data: cols.v,
      large,
      largeThreshold: LARGE_THRESHOLD,
      itemStyle: { color: '#5c6bc0' },
      animation: false,
    },
  ];
  if (fills.length > 0) series.push(fillSeries(cols, fills));
  let colour = 0;
  const line = (name: string, values: ArrayLike<number | null>, grid: number, levels?: number[]): Record<string, unknown> => ({
    name,
    type: 'line',
    xAxisIndex: grid,
    yAxisIndex: grid,
    data: Array.from(values),
    showSymbol: false,
    sampling: 'lttb',
    lineStyle: { width: 1.2, color: LINE_COLOURS[colour++ % LINE_COLOURS.length] },
    animation: false,
    ...(levels && levels.length > 0
      ? { markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#666', type: 'dashed' }, data: levels.map((v) => ({ yAxis: v })) } }
      : {}),
  });
  for (const ind of overlays) for (const out of ind.outputs) series.push(line(`${ind.label} ${out.name}`, out.values, 0));
  subPanes.forEach((ind, k) => {
    ind.outputs.forEach((out, j) => series.push(line(`${ind.label} ${out.name}`, out.values, 2 + k, j === 0 ? ind.levels : undefined)));
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
      { type: 'inside', xAxisIndex: axisIdx, start, end: 100, minValueSpan: 10 },
      // The slider's data shadow would draw every close; over large series it costs more than the candles.
      { type: 'slider', xAxisIndex: axisIdx, start, end: 100, bottom: 8, height: 22, textStyle: { color: '#aaa' }, showDataShadow: !large },
    ],
    series,
  };
}

/** ECharts' candle order is [open, close, low, high]. */
function candleData(cols: BarColumns): number[][] {
  const n = cols.t.length;
  const data = new Array<number[]>(n);
  for (let i = 0; i < n; i++) data[i] = [cols.o[i]!, cols.c[i]!, cols.l[i]!, cols.h[i]!];
  return data;
}

function fillSeries(cols: BarColumns, fills: readonly FillMarker[]): Record<string, unknown> {
  const data: { value: [number, number]; itemStyle: { color: string }; symbolRotate: number; name: string }[] = [];
  for (const f of fills) {
    // The fill goes on the bar whose interval contains it.
    let idx = -1;
    for (let lo = 0, hi = cols.t.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      if (cols.t[mid]! <= f.t) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (idx < 0) continue;
    data.push({ value: [idx, f.price], itemStyle: { color: f.side === 'buy' ? UP : DOWN }, symbolRotate: f.side === 'buy' ? 0 : 180, name: `${f.side} ${f.qty} @ ${f.price}` });
  }
  return { name: 'fills', type: 'scatter', xAxisIndex: 0, yAxisIndex: 0, symbol: 'triangle', symbolSize: 10, data, z: 5, animation: false };
}
