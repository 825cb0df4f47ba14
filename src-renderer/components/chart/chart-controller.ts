import type { EChartsCoreOption } from 'echarts/core';
import type { BarColumns, Buckets } from './bar-buckets.js';
import { buildChartOption, GRID_LEFT, GRID_RIGHT, initialWindow, layoutOf, viewData, type BarWindow } from './chart-option.js';
import { formatBarTime, type ChartIndicator, type FillMarker, type NewsMarker } from './chart-model.js';
import { echarts } from './echarts-setup.js';

type Chart = ReturnType<typeof echarts.init>;

export interface ChartContent {
  cols: BarColumns;
  indicators: readonly ChartIndicator[];
  fills: readonly FillMarker[];
  /** Headlines about the symbol (absent: none drawn). */
  news?: readonly NewsMarker[];
  intraday: boolean;
  /** Changing it (symbol, timeframe) rebuilds the chart and resets the zoom; otherwise updates keep the view. */
  viewKey: string;
}

export interface ChartEvents {
  /** The bar under the crosshair (null when the pointer leaves), and the buckets drawn at that moment. */
  onHover?: (bar: number | null) => void;
  /** After each re-aggregation: the buckets now drawn (their size is the bars per candle) and the zoom window. */
  /** After each draw: the buckets, the window, and how many fill markers the window shows. */
  onView?: (buckets: Buckets, window: BarWindow, fillsShown: number, newsShown: number) => void;
  /** Each time a render has finished painting. */
  onRendered?: () => void;
}

interface ZoomPayload {
  start?: number;
  end?: number;
  startValue?: number;
  endValue?: number;
  batch?: ZoomPayload[];
}

/**
 * One ECharts instance over a bar series held in typed arrays. ECharts only ever receives the current window,
 * aggregated to the plot's pixel columns; each zoom or pan re-aggregates, at most once per animation frame (the
 * first change in a frame at once, later ones in that frame on the next). The x axis keeps spanning every bar.
 * The React component and bench/chart drive the same class, so the bench measures what the Chart tab does.
 */
export class ChartController {
  readonly chart: Chart;
  private content: ChartContent | null = null;
  private structure = '';
  private window: BarWindow = { from: 0, to: 0 };
  private frameBusy = false;
  private pending = false;
  private disposed = false;

  constructor(el: HTMLElement, private readonly events: ChartEvents = {}) {
    this.chart = echarts.init(el, 'dark', { renderer: 'canvas' });
    this.chart.on('finished', () => this.events.onRendered?.());
    this.chart.on('datazoom', (event: unknown) => this.onZoom(event as ZoomPayload));
    this.chart.on('updateAxisPointer', (event: unknown) => {
      const info = (event as { axesInfo?: { axisDim: string; value: number }[] }).axesInfo?.find((a) => a.axisDim === 'x');
      const n = this.content?.cols.t.length ?? 0;
      const bar = info ? Math.round(Number(info.value)) : null;
      this.events.onHover?.(bar !== null && bar >= 0 && bar < n ? bar : null);
    });
  }

  /** The zoom window, in bar indices. */
  get view(): BarWindow {
    return { ...this.window };
  }

  /** Shows a series: rebuilds the chart when its structure or viewKey changes, else swaps the data in place. */
  setContent(content: ChartContent): void {
    const prev = this.content;
    const n = content.cols.t.length;
    // The first bars after an empty (loading) chart count as a new structure: the view opens on the newest bars.
    const shape = `${content.viewKey}|${content.intraday}|${content.indicators.map((i) => `${i.key}:${i.outputs.length}`).join(',')}|${content.fills.length > 0}|${(content.news?.length ?? 0) > 0}|${n > 0}`;
    this.content = content;
    if (shape !== this.structure || !prev) {
      this.structure = shape;
      this.window = initialWindow(n);
      const base = buildChartOption({ n, indicators: content.indicators, hasFills: content.fills.length > 0, hasNews: (content.news?.length ?? 0) > 0, window: this.window, label: this.label });
      this.draw(base, true);
      return;
    }
    const prevN = prev.cols.t.length;
    if (n !== prevN) {
      // New bars: a window that showed the newest bar follows the new ones, as a live chart should.
      const atEnd = this.window.to >= prevN - 1;
      const shift = atEnd ? n - prevN : 0;
      this.window = { from: this.window.from + shift, to: this.window.to + shift };
      const max = Math.max(0.5, n - 0.5);
      const axes = Array.from({ length: 2 + layoutOf(content.indicators).subPanes.length }, () => ({ max }));
      this.draw({ xAxis: axes, dataZoom: [0, 1].map(() => ({ startValue: this.window.from, endValue: this.window.to })) });
      return;
    }
    this.draw();
  }

  /** Moves the zoom window as a drag or the wheel would (through ECharts' dataZoom action). */
  zoomTo(window: BarWindow): void {
    this.chart.dispatchAction({ type: 'dataZoom', startValue: window.from, endValue: window.to });
  }

  resize(): void {
    this.chart.resize();
    this.draw();
  }

  dispose(): void {
    this.disposed = true;
    this.chart.dispose();
  }

  private readonly label = (index: number): string => {
    const t = this.content?.cols.t;
    if (!t || t.length === 0) return '';
    const i = Math.min(t.length - 1, Math.max(0, Math.round(index)));
    return formatBarTime(t[i]!, this.content!.intraday);
  };

  private onZoom(event: ZoomPayload): void {
    const z = event.batch?.[0] ?? event;
    const n = this.content?.cols.t.length ?? 0;
    const lo = -0.5;
    const span = Math.max(1, n);
    if (z.startValue !== undefined && z.endValue !== undefined) this.window = { from: z.startValue, to: z.endValue };
    else if (z.start !== undefined && z.end !== undefined) this.window = { from: lo + (span * z.start) / 100, to: lo + (span * z.end) / 100 };
    else return;
    if (this.frameBusy) {
      this.pending = true;
      return;
    }
    this.draw();
  }

  /** Re-aggregates the window and hands ECharts its data; at most once per frame, the rest on the next frame. */
  private draw(base: EChartsCoreOption = {}, notMerge = false): void {
    if (this.disposed || !this.content) return;
    const { cols, indicators, fills, news = [] } = this.content;
    const plotWidth = Math.max(1, this.chart.getWidth() - GRID_LEFT - GRID_RIGHT);
    const view = viewData(cols, indicators, fills, this.window, plotWidth, news);
    // Synchronous: inside a datazoom event this lands in the same frame as the zoom itself. A rebuild gets its
    // data in the same call, so the first paint is one ECharts update.
    const data = new Map(view.series.map((s) => [s.id, s.data]));
    const series = Array.isArray(base.series)
      ? (base.series as { id: string }[]).map((s) => ({ ...s, data: data.get(s.id) ?? [] }))
      : view.series;
    this.chart.setOption({ ...base, series }, { notMerge });
    this.events.onView?.(view.buckets, this.view, data.get('fills')?.length ?? 0, data.get('news')?.length ?? 0);
    this.frameBusy = true;
    requestAnimationFrame(() => {
      this.frameBusy = false;
      if (this.pending) {
        this.pending = false;
        this.draw();
      }
    });
  }
}
