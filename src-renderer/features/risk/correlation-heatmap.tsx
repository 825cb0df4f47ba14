import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { RiskReportDto } from '../../../src-shared/ipc/risk-report-schemas.js';
import { useEChart } from '../../components/chart/use-echart.js';
import './echarts-setup.js';

/** The holdings' daily-return correlations: red moves together, blue against; diversification shows as blue and grey. */
export function CorrelationHeatmap({ correlation }: { correlation: RiskReportDto['correlation'] }) {
  const option = useMemo((): EChartsCoreOption | null => {
    const { symbols, matrix } = correlation;
    if (symbols.length === 0) return null;
    const data: Array<[number, number, number]> = [];
    matrix.forEach((row, y) => row.forEach((v, x) => v !== null && data.push([x, y, v])));
    return {
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { formatter: (p: { value: [number, number, number] }) => `${symbols[p.value[1]]} / ${symbols[p.value[0]]}: ${p.value[2].toFixed(2)}` },
      grid: { left: 56, right: 70, top: 8, bottom: 48 },
      xAxis: { type: 'category', data: symbols, axisLabel: { rotate: 45 } },
      yAxis: { type: 'category', data: symbols },
      visualMap: { min: -1, max: 1, precision: 2, calculable: true, orient: 'vertical', right: 0, top: 'center', inRange: { color: ['#1d4ed8', '#444', '#b91c1c'] } },
      series: [{ type: 'heatmap', data, label: { show: symbols.length <= 10, formatter: (p: { value: [number, number, number] }) => p.value[2].toFixed(2) } }],
    };
  }, [correlation]);
  const el = useEChart(option);
  return <div ref={el} className="risk-heatmap" data-testid="risk-heatmap" data-cells={correlation.symbols.length ** 2} />;
}
