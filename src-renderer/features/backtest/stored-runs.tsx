import { useCallback, useEffect, useState } from 'react';
import type { RunSummaryDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { EquityChart, type EquitySeries } from './equity-chart.js';
import { day, METRIC_ROWS } from './format.js';

/** Stored runs: pick two or more and see them side by side (metrics and equity curves). */
export function StoredRuns({ refreshKey }: { refreshKey: number }) {
  const client = useClient();
  const [runs, setRuns] = useState<RunSummaryDto[]>([]);
  const [picked, setPicked] = useState<number[]>([]);
  const [compared, setCompared] = useState<{ runs: RunSummaryDto[]; curves: EquitySeries[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client
      .invoke('backtest.runs', { limit: 100 })
      .then((r) => setRuns(r.runs))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [client]);
  useEffect(load, [load, refreshKey]);

  const compare = async () => {
    try {
      const side = await client.invoke('backtest.compare', { ids: picked });
      const curves = await Promise.all(
        picked.map(async (id) => {
          const run = await client.invoke('backtest.getRun', { id });
          const s = run.summary;
          // The legend names each curve: run number, strategy and its parameters.
          return { label: `#${id} ${s.strategy} ${Object.entries(s.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`.trim(), t: run.equity.t, value: run.equity.value };
        }),
      );
      setCompared({ runs: side.runs, curves });
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="panel-section backtest-stored" data-testid="backtest-stored">
      <div className="panel-section-title">
        Stored runs{' '}
        <button type="button" className="button" data-testid="backtest-runs-refresh" onClick={load}>
          Refresh
        </button>{' '}
        <button type="button" className="button" data-testid="backtest-compare" disabled={picked.length < 2} onClick={() => void compare()}>
          Compare {picked.length > 0 ? `(${picked.length})` : ''}
        </button>
      </div>
      {error ? <div className="inline-error">{error}</div> : null}
      <table className="data-table" data-testid="backtest-runs">
        <thead>
          <tr>
            <th />
            <th>#</th>
            <th>Strategy</th>
            <th>Parameters</th>
            <th>Data</th>
            <th>Final value</th>
            <th>Trades</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid={`backtest-run-${r.id}`}>
              <td>
                <input type="checkbox" data-testid={`backtest-pick-${r.id}`} checked={picked.includes(r.id!)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, r.id!] : p.filter((x) => x !== r.id)))} />
              </td>
              <td>{r.id}</td>
              <td>{r.strategy}</td>
              <td>{Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}</td>
              <td>
                {r.symbols.join(',')} {day(r.from)}–{day(r.to)}
              </td>
              <td>{r.finalValue.toFixed(2)}</td>
              <td>{r.metrics.closedTrades}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {compared ? (
        <div data-testid="backtest-comparison">
          <table className="data-table">
            <thead>
              <tr>
                <th>Metric</th>
                {compared.runs.map((r) => (
                  <th key={r.id}>#{r.id}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {METRIC_ROWS.map((row) => (
                <tr key={row.key}>
                  <td>{row.label}</td>
                  {compared.runs.map((r) => (
                    <td key={r.id}>{row.show(r.metrics)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <EquityChart series={compared.curves} testId="backtest-compare-chart" />
        </div>
      ) : null}
    </section>
  );
}
