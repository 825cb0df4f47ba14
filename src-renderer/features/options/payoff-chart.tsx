import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { PayoffView } from './payoff.js';
import { useEChart } from '../../components/chart/use-echart.js';

/** The payoff chart: P/L at the first expiry, at the slider's date, breakevens and the spot as vertical lines. */
export function PayoffChart({ view, spot }: { view: PayoffView; spot: number }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 60, right: 20, top: 20, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', scale: true, name: 'underlying' },
      yAxis: { type: 'value', name: 'P/L $' },
      series: [
        {
          name: 'at expiry',
          type: 'line',
          showSymbol: false,
          data: view.expiry,
          markLine: {
            symbol: 'none',
            data: [...view.analysis.breakevens.map((b) => ({ xAxis: b, name: 'breakeven' })), { xAxis: spot, name: 'spot', lineStyle: { type: 'dotted' } }],
          },
        },
        { name: `in ${Math.round(view.dateYears * 365)} d`, type: 'line', showSymbol: false, data: view.atDate, lineStyle: { type: 'dashed' } },
      ],
    }),
    [view, spot],
  );
  const el = useEChart(option);
  return <div ref={el} className="options-payoff" data-testid="options-payoff" />;
}
