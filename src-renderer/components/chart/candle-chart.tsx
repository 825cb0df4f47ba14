import { useEffect, useMemo, useRef, useState } from 'react';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { aggregateRange, bucketOf, type BarColumns } from './bar-buckets.js';
import { ChartController } from './chart-controller.js';
import type { BarWindow } from './chart-option.js';
import { formatBarTime, toColumns, type ChartIndicator, type FillMarker, type NewsMarker } from './chart-model.js';

export interface CandleChartProps {
  bars: readonly Bar[];
  indicators: readonly ChartIndicator[];
  /** The account's fills on this symbol, drawn as markers on the candle (or bucket) that contains their time. */
  fills?: readonly FillMarker[];
  /** Headlines about the symbol, drawn as diamonds above (good news) or below (bad) the candle of their time. */
  news?: readonly NewsMarker[];
  intraday: boolean;
  /** Changing it (symbol, timeframe) rebuilds the chart and resets the zoom; otherwise updates keep the view. */
  viewKey: string;
  /** Called after each render has finished painting (first paint included). */
  onRendered?: () => void;
  testId?: string;
}

/**
 * Candles, volume and indicator panes in one ECharts instance (see ChartController: the full series stays here in
 * typed arrays; ECharts gets the window aggregated to pixel columns). A change of bars alone (the live bar
 * updating in place, or a new bar appended) swaps data and keeps zoom and pan; a change of indicators or of
 * `viewKey` rebuilds the chart. The readout shows the exact values of the candle under the crosshair: one bar
 * when zoomed in to real candles, else the exact aggregate of the bars that candle stands for.
 */
export function CandleChart({ bars, indicators, fills = [], news = NO_NEWS, intraday, viewKey, onRendered, testId = 'candle-chart' }: CandleChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const controller = useRef<ChartController | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [bucket, setBucket] = useState(1);
  const [shown, setShown] = useState<BarWindow>({ from: 0, to: 0 });
  const [fillsShown, setFillsShown] = useState(0);
  const [newsShown, setNewsShown] = useState(0);
  const cols = useMemo(() => toColumns(bars), [bars]);
  const renderedRef = useRef(onRendered);
  renderedRef.current = onRendered;

  useEffect(() => {
    const node = el.current!;
    const c = new ChartController(node, {
      onHover: setHover,
      onView: (b, window, fillMarkers, newsMarkers) => {
        setBucket(b.size);
        setShown(window);
        setFillsShown(fillMarkers);
        setNewsShown(newsMarkers);
      },
      onRendered: () => renderedRef.current?.(),
    });
    controller.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      c.dispose();
      controller.current = null;
    };
  }, []);

  useEffect(() => {
    controller.current?.setContent({ cols, indicators, fills, news, intraday, viewKey });
  }, [cols, indicators, fills, news, intraday, viewKey]);

  const n = cols.t.length;
  const idx = hover !== null && hover < n ? hover : n - 1;
  return (
    <div className="candle-chart" data-testid={testId}>
      <div className="chart-readout" data-testid={`${testId}-readout`}>
        {idx >= 0 ? <Readout cols={cols} idx={idx} size={bucket} indicators={indicators} intraday={intraday} testId={testId} /> : 'no bars'}
      </div>
      <div
        ref={el}
        className="chart-canvas"
        data-testid={`${testId}-canvas`}
        data-bars={n}
        data-fills={fills.length}
        data-fills-shown={fillsShown}
        data-news={news.length}
        data-news-shown={newsShown}
        data-bucket={bucket}
        data-view-from={shown.from.toFixed(1)}
        data-view-to={shown.to.toFixed(1)}
      />
    </div>
  );
}

const NO_NEWS: readonly NewsMarker[] = [];

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a >= 1e6 ? x.toExponential(3) : a >= 100 ? x.toFixed(2) : x.toFixed(4);
}

interface ReadoutProps {
  cols: BarColumns;
  idx: number;
  size: number;
  indicators: readonly ChartIndicator[];
  intraday: boolean;
  testId: string;
}

function Readout({ cols, idx, size, indicators, intraday, testId }: ReadoutProps) {
  const j = bucketOf(idx, size);
  const candle = aggregateRange(cols, j * size, j * size + size - 1);
  if (!candle) return null;
  const bars = candle.last - candle.first + 1;
  const time =
    bars === 1
      ? formatBarTime(cols.t[candle.first]!, intraday)
      : `${formatBarTime(cols.t[candle.first]!, intraday)} → ${formatBarTime(cols.t[candle.last]!, intraday)}`;
  return (
    <>
      <span className="readout-time" data-testid={`${testId}-readout-time`} data-first={candle.first} data-last={candle.last} data-t={cols.t[candle.first]}>
        {time}
        {intraday ? ' ET' : ''}
        {bars > 1 ? ` (${bars} bars)` : ''}
      </span>
      <span data-testid={`${testId}-readout-o`} data-value={candle.o}>O {fmt(candle.o)}</span>
      <span data-testid={`${testId}-readout-h`} data-value={candle.h}>H {fmt(candle.h)}</span>
      <span data-testid={`${testId}-readout-l`} data-value={candle.l}>L {fmt(candle.l)}</span>
      <span data-testid={`${testId}-readout-c`} data-value={candle.c}>C {fmt(candle.c)}</span>
      <span data-testid={`${testId}-readout-v`} data-value={candle.v}>V {Math.round(candle.v).toLocaleString('en-US')}</span>
      {indicators.map((ind) => (
        // Indicators read at the candle's last bar, the same point the drawn line (and the close) comes from.
        <span key={ind.key} className="readout-indicator" data-testid={`readout-${ind.key}`}>
          {ind.label} {ind.outputs.map((o) => fmt(o.values[candle.last] ?? null)).join(' / ')}
        </span>
      ))}
    </>
  );
}
