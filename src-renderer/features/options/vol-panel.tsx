import type { EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense, useMemo } from 'react';
import type { ChainResponse } from '../../../src-shared/ipc/options-schemas.js';
import { useEChart } from '../../components/chart/use-echart.js';
import { buildSurface } from './surface-data.js';

// echarts-gl (its WebGL engine) loads when the panel first draws, not with the renderer's first bundle.
const IvSurface3d = lazy(() => import('./iv-surface-3d.js'));

function Chart2d({ option, testId, caption }: { option: EChartsCoreOption; testId: string; caption: string }) {
  const el = useEChart(option);
  return (
    <figure className="options-vol-2d">
      <figcaption>{caption}</figcaption>
      <div ref={el} className="options-vol-canvas" data-testid={testId} />
    </figure>
  );
}

/**
 * The chain's implied volatility three ways: the 3D surface (moneyness x days x IV), the shown expiry's smile (IV by
 * strike, calls and puts) and the at-the-money term structure (IV by days). From the same chain snapshot; between
 * listed strikes the surface is linear in strike, beyond them flat.
 */
export function VolPanel({ chain, expiry }: { chain: ChainResponse; expiry: string | null }) {
  const data = useMemo(() => (chain.spot === null ? null : buildSurface(chain.rows, chain.spot, chain.asOf, expiry)), [chain, expiry]);
  const smile = useMemo<EChartsCoreOption | null>(
    () =>
      data && {
        animation: false,
        grid: { left: 45, right: 10, top: 30, bottom: 25 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', scale: true, name: 'strike' },
        yAxis: { type: 'value', scale: true, name: 'IV %' },
        series: [
          { name: 'calls', type: 'line', showSymbol: true, symbolSize: 4, data: data.smile.calls },
          { name: 'puts', type: 'line', showSymbol: true, symbolSize: 4, data: data.smile.puts },
        ],
      },
    [data, expiry],
  );
  const term = useMemo<EChartsCoreOption | null>(
    () =>
      data && {
        animation: false,
        grid: { left: 45, right: 10, top: 30, bottom: 25 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', name: 'days' },
        yAxis: { type: 'value', scale: true, name: 'IV %' },
        series: [{ name: 'ATM IV', type: 'line', showSymbol: true, data: data.term }],
      },
    [data],
  );
  if (!data || !smile || !term) return <div className="options-vol">No spot price: the volatility charts need one.</div>;
  return (
    <div className="options-vol" data-testid="options-vol">
      <Suspense fallback={<div className="options-surface">loading the 3D surface…</div>}>
        <IvSurface3d data={data} />
      </Suspense>
      <Chart2d option={smile} testId="options-smile" caption={`Smile ${expiry ?? ''} (IV by strike)`} />
      <Chart2d option={term} testId="options-term" caption="At-the-money term structure (IV by days)" />
    </div>
  );
}
