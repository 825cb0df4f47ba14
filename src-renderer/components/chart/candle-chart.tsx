import { useEffect, useMemo, useRef, useState } from 'react';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { buildChartOption } from './chart-option.js';
import { formatBarTime, toColumns, type ChartIndicator, type FillMarker } from './chart-model.js';
import { echarts } from './echarts-setup.js';

export interface CandleChartProps {
  bars: readonly Bar[];
  indicators: readonly ChartIndicator[];
  /** The account's fills on this symbol, drawn as markers (empty until the orders work feeds it). */
  fills?: readonly FillMarker[];
  intraday: boolean;
  /** Changing it (symbol, timeframe) rebuilds the chart and resets the zoom; otherwise updates keep the view. */
  viewKey: string;
  /** Called after each render has finished painting (first paint included). */
  onRendered?: () => void;
  testId?: string;
}

type Chart = ReturnType<typeof echarts.init>;

/**
 * Candles, volume and indicator panes in one ECharts instance. A change of bars alone (the live bar updating in
 * place, or a new bar appended) merges new data into the existing chart, so zoom and pan stay where the user
 * left them; a change of indicators or of `viewKey` rebuilds the option.
 */
export function CandleChart({ bars, indicators, fills = [], intraday, viewKey, onRendered, testId = 'candle-chart' }: CandleChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const structure = useRef('');
  const [hover, setHover] = useState<number | null>(null);
  const cols = useMemo(() => toColumns(bars), [bars]);
  const renderedRef = useRef(onRendered);
  renderedRef.current = onRendered;

  useEffect(() => {
    const node = el.current!;
    const c = echarts.init(node, 'dark', { renderer: 'canvas' });
    chart.current = c;
    c.on('finished', () => renderedRef.current?.());
    c.on('updateAxisPointer', (event: unknown) => {
      const info = (event as { axesInfo?: { axisDim: string; value: number }[] }).axesInfo?.find((a) => a.axisDim === 'x');
      setHover(info ? Number(info.value) : null);
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const shape = `${viewKey}|${intraday}|${indicators.map((i) => `${i.key}:${i.outputs.length}`).join(',')}|${fills.length > 0}|${cols.t.length > 0}`;
    const option = buildChartOption(cols, indicators, fills, intraday);
    if (shape !== structure.current) {
      structure.current = shape;
      c.setOption(option, { notMerge: true });
    } else {
      // Same panes: replace data only, keeping the zoom window and the crosshair where they are.
      const { dataZoom: _zoom, ...data } = option as Record<string, unknown>;
      c.setOption(data, { lazyUpdate: true });
    }
  }, [cols, indicators, fills, intraday, viewKey]);

  const idx = hover !== null && hover >= 0 && hover < cols.t.length ? hover : cols.t.length - 1;
  return (
    <div className="candle-chart" data-testid={testId}>
      <div className="chart-readout" data-testid={`${testId}-readout`}>
        {idx >= 0 ? <Readout cols={cols} idx={idx} indicators={indicators} intraday={intraday} /> : 'no bars'}
      </div>
      <div ref={el} className="chart-canvas" data-testid={`${testId}-canvas`} data-bars={cols.t.length} />
    </div>
  );
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a >= 1e6 ? x.toExponential(3) : a >= 100 ? x.toFixed(2) : x.toFixed(4);
}

function Readout({ cols, idx, indicators, intraday }: { cols: ReturnType<typeof toColumns>; idx: number; indicators: readonly ChartIndicator[]; intraday: boolean }) {
  return (
    <>
      <span className="readout-time">{formatBarTime(cols.t[idx]!, intraday)}</span>
      <span>O {fmt(cols.o[idx])}</span>
      <span>H {fmt(cols.h[idx])}</span>
      <span>L {fmt(cols.l[idx])}</span>
      <span>C {fmt(cols.c[idx])}</span>
      <span>V {Math.round(cols.v[idx] ?? 0).toLocaleString('en-US')}</span>
      {indicators.map((ind) => (
        <span key={ind.key} className="readout-indicator" data-testid={`readout-${ind.key}`}>
          {ind.label} {ind.outputs.map((o) => fmt(o.values[idx] ?? null)).join(' / ')}
        </span>
      ))}
    </>
  );
}
