import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useEChart } from '../../components/chart/use-echart.js';
// The hook draws with the shared ECharts core; the Backtest tab registers the kinds only it uses (heatmap, legend, visual map).
import './echarts-setup.js';

const COLORS = ['#5b8ff9', '#f6bd16', '#5ad8a6', '#e8684a', '#9270ca', '#6dc8ec', '#ff9d4d', '#269a99'];

export interface EquitySeries {
  label: string;
  t: readonly number[];
  value: readonly number[];
}

/** Equity (top) and drawdown from the running peak (bottom) on one time axis, zoom linked. */
export function EquityChart({ series, testId = 'backtest-equity-chart' }: { series: readonly EquitySeries[]; testId?: string }) {
  const option = useMemo((): EChartsCoreOption | null => {
    if (series.length === 0) return null;
    const drawdown = (value: readonly number[]) => {
      let peak = -Infinity;
      return value.map((v) => {
        peak = Math.max(peak, v);
        return peak > 0 ? v / peak - 1 : 0;
      });
    };
    // Two or more curves (a comparison) get a legend naming each run; a run's equity and drawdown share its name,
    // so one click on the legend hides or shows both.
    const legend = series.length > 1 ? { legend: { top: 0, data: series.map((s) => s.label), textStyle: { color: '#ccc' } } } : {};
    return {
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { trigger: 'axis' },
      ...legend,
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [
        { left: 70, right: 20, top: series.length > 1 ? 40 : 16, height: series.length > 1 ? '50%' : '55%' },
        { left: 70, right: 20, top: '72%', bottom: 40 },
      ],
      xAxis: [
        { type: 'time', gridIndex: 0, axisLabel: { show: false } },
        { type: 'time', gridIndex: 1 },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, scale: true, name: 'equity', splitLine: { lineStyle: { color: '#333' } } },
        { type: 'value', gridIndex: 1, name: 'drawdown', max: 0, splitNumber: 2, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }, splitLine: { lineStyle: { color: '#333' } } },
      ],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }],
      // One colour per run for its equity and its drawdown.
      series: series.flatMap((s, k) => {
        const dd = drawdown(s.value);
        const color = COLORS[k % COLORS.length];
        return [
          { name: s.label, type: 'line', color, xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, sampling: 'lttb', data: s.t.map((t, i) => [t, s.value[i]]) },
          { name: s.label, type: 'line', color, xAxisIndex: 1, yAxisIndex: 1, showSymbol: false, sampling: 'lttb', areaStyle: { opacity: 0.2 }, data: s.t.map((t, i) => [t, dd[i]]) },
        ];
      }),
    };
  }, [series]);
  const el = useEChart(option);
  const points = series.reduce((n, s) => n + s.t.length, 0);
  return <div ref={el} className="backtest-chart" data-testid={testId} data-points={points} data-series={series.length} data-legend={series.length > 1 ? series.map((s) => s.label).join(' | ') : ''} />;
}
