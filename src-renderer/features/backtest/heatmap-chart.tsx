import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { OptimizeResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useEChart } from '../../components/chart/use-echart.js';
// The hook draws with the shared ECharts core; the Backtest tab registers the kinds only it uses (heatmap, legend, visual map).
import './echarts-setup.js';

type Heatmap = NonNullable<OptimizeResultDto['heatmap']>;

/** The objective over two parameters (best over the others): a plateau means the result is not one lucky setting. */
export function HeatmapChart({ heatmap }: { heatmap: Heatmap | null }) {
  const option = useMemo((): EChartsCoreOption | null => {
    if (!heatmap) return null;
    const data: Array<[number, number, number]> = [];
    heatmap.cells.forEach((row, yi) => row.forEach((v, xi) => v !== null && data.push([xi, yi, v])));
    const values = data.map((d) => d[2]);
    return {
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { formatter: (p: { value: [number, number, number] }) => `${heatmap.x.name}=${String(heatmap.x.values[p.value[0]])}, ${heatmap.y.name}=${String(heatmap.y.values[p.value[1]])}: ${heatmap.metric} ${p.value[2].toFixed(3)}` },
      grid: { left: 60, right: 90, top: 16, bottom: 40 },
      xAxis: { type: 'category', name: heatmap.x.name, data: heatmap.x.values.map(String) },
      yAxis: { type: 'category', name: heatmap.y.name, data: heatmap.y.values.map(String) },
      visualMap: { min: values.reduce((a, b) => Math.min(a, b), 0), max: values.reduce((a, b) => Math.max(a, b), 0), precision: 2, calculable: true, orient: 'vertical', right: 0, top: 'center', inRange: { color: ['#b91c1c', '#444', '#15803d'] } },
      series: [{ type: 'heatmap', data, label: { show: data.length <= 100, formatter: (p: { value: [number, number, number] }) => p.value[2].toFixed(2) } }],
    };
  }, [heatmap]);
  const el = useEChart(option);
  return <div ref={el} className="backtest-heatmap" data-testid="backtest-heatmap" data-cells={heatmap ? heatmap.cells.flat().filter((c) => c !== null).length : 0} />;
}
