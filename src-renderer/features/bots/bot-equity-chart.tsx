import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useEChart } from '../../components/chart/use-echart.js';
import { formatExchangeTime } from '../../components/format.js';

/** The bot's equity since its start (its own ledger, marked at the prices it saw), against its allocation. */
export function BotEquityChart({ points, allocation }: { points: ReadonlyArray<{ t: number; equity: number }>; allocation: number }) {
  const option = useMemo<EChartsCoreOption | null>(
    () =>
      points.length === 0
        ? null
        : {
            animation: false,
            grid: { left: 70, right: 16, top: 12, bottom: 28 },
            tooltip: { trigger: 'axis' },
            // Times in New York, as everywhere else in the workstation (the browser's zone may differ).
            xAxis: { type: 'time', axisLabel: { formatter: (t: number) => formatExchangeTime(t) } },
            yAxis: { type: 'value', scale: true },
            series: [
              { name: 'Equity', type: 'line', showSymbol: points.length < 3, data: points.map((p) => [p.t, Math.round(p.equity * 100) / 100]) },
              { name: 'Allocation', type: 'line', showSymbol: false, lineStyle: { type: 'dashed', opacity: 0.5 }, data: [points[0]!.t, points[points.length - 1]!.t].map((t) => [t, allocation]) },
            ],
          },
    [points, allocation],
  );
  const ref = useEChart(option);
  return (
    <div>
      <div ref={ref} className="bot-equity-chart" data-testid="bot-equity-chart" data-points={points.length} />
      {points.length === 0 ? <div className="muted">The curve starts when the bot runs and sees prices.</div> : null}
    </div>
  );
}
