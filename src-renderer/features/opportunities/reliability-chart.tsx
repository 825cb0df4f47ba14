import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useEChart } from '../../components/chart/use-echart.js';
import type { PooledReliability } from './reliability-model.js';

/**
 * The reliability diagram: each bin's mean calibrated confidence against how often those signals were right. On the
 * diagonal, a reported 60 % came true 60 % of the time. Each outcome was predicted only by what had ended before
 * it, so the diagram shows what the scanner would have reported then, not a fit to its own answers.
 */
export function ReliabilityChart({ pooled }: { pooled: PooledReliability }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const most = pooled.bins.reduce((m, b) => Math.max(m, b.count), 1);
    return {
      animation: false,
      grid: { left: 44, right: 12, top: 12, bottom: 36 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', min: 0, max: 1, name: 'reported confidence', nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'value', min: 0, max: 1, name: 'came true', nameLocation: 'middle', nameGap: 30 },
      series: [
        { name: 'Perfectly calibrated', type: 'line', showSymbol: false, silent: true, lineStyle: { type: 'dashed', opacity: 0.5 }, data: [[0, 0], [1, 1]] },
        {
          name: 'Scanner',
          type: 'line',
          data: pooled.bins.map((b) => ({ value: [b.predicted, b.observed], symbolSize: 5 + (10 * b.count) / most, count: b.count })),
          tooltip: {
            formatter: (p: { value: [number, number]; data: { count: number } }) =>
              `reported ${(100 * p.value[0]).toFixed(1)}%, came true ${(100 * p.value[1]).toFixed(1)}% (${p.data.count} signals)`,
          },
        },
      ],
    };
  }, [pooled]);
  const ref = useEChart(option);
  return <div ref={ref} className="opp-reliability-chart" data-testid="opp-reliability-chart" data-bins={pooled.bins.length} data-samples={pooled.samples} />;
}
