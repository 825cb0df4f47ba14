import type { RunResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { EquityChart } from './equity-chart.js';
import { day, METRIC_ROWS } from './format.js';
import { TradesGrid } from './trades-grid.js';

/** One run's report: headline, metrics, equity and drawdown, trades. */
export function RunReport({ result }: { result: RunResultDto }) {
  const s = result.summary;
  return (
    <div className="backtest-report" data-testid="backtest-report">
      <div className="backtest-headline" data-testid="backtest-headline">
        {s.strategy} {Object.entries(s.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')} on {s.symbols.join(', ')} · {day(s.from)} to {day(s.to)} · {s.bars} bars · final value{' '}
        <b data-testid="backtest-final-value">{s.finalValue.toFixed(2)}</b> · {s.metrics.closedTrades} closed trades
        {s.id !== null ? <span data-testid="backtest-saved-id"> · saved as run {s.id}</span> : null}
        {result.cancelled ? <span className="inline-error"> · cancelled: partial result</span> : null}
      </div>
      <div className="backtest-report-top">
      <table className="data-table backtest-metrics" data-testid="backtest-metrics">
        <tbody>
          {METRIC_ROWS.map((row) => (
            <tr key={row.key}>
              <td>{row.label}</td>
              <td data-testid={`backtest-metric-${row.key}`}>{row.show(s.metrics)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="backtest-report-chart">
        <EquityChart series={[{ label: s.strategy, t: result.equity.t, value: result.equity.value }]} />
      </div>
      </div>
      <TradesGrid trades={result.trades} />
    </div>
  );
}
