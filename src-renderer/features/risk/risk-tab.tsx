import './risk.css';
import { Figure } from '../../components/figure.js';
import { CorrelationHeatmap } from './correlation-heatmap.js';
import { ExposureTable, HoldingsTable } from './exposure-tables.js';
import { fixed, pct, usd } from './format.js';
import { LimitsTable } from './limits-table.js';
import { RebalancePanel } from './rebalance-panel.js';
import { useRiskReport } from './use-risk.js';

/**
 * Portfolio & risk: the book's exposure by symbol, sector, bot (order source) and direction; beta to SPY; 1-day
 * historical VaR and expected shortfall of today's holdings; their correlation heatmap; option greeks in dollars;
 * drawdown; each risk limit's use; and the optimiser's rebalance preview. Figures are computed in main.
 */
export function RiskTab() {
  const { report, error, loading, refresh } = useRiskReport();
  return (
    <div className="tab-body risk-tab" data-testid="risk-tab">
      <div className="risk-toolbar">
        <button type="button" onClick={refresh} disabled={loading} data-testid="risk-refresh">
          {loading ? 'Reading...' : 'Refresh'}
        </button>
        {report ? (
          <span className="risk-hint">
            {report.days} days of daily returns (window {report.window}){report.asOf ? ` to ${new Date(report.asOf).toISOString().slice(0, 10)}` : ''}
          </span>
        ) : null}
        {error ? (
          <span className="inline-error" data-testid="risk-error">
            {error}
          </span>
        ) : null}
      </div>
      {report ? (
        <>
          <div className="risk-figures">
            <Figure label="Equity" value={usd(report.equity)} testId="risk-equity" />
            <Figure label="Long" value={usd(report.direction.long)} testId="risk-long" />
            <Figure label="Short" value={usd(report.direction.short)} testId="risk-short" />
            <Figure label="Net" value={usd(report.direction.net)} testId="risk-net" />
            <Figure label="Gross" value={usd(report.direction.gross)} testId="risk-gross" />
            <Figure label={`Beta to ${report.beta.benchmark} (of equity)`} value={fixed(report.beta.portfolio)} testId="risk-beta" />
            <Figure label="VaR 95% 1-day" value={usd(report.var.p95?.var)} testId="risk-var95" />
            <Figure label="ES 95%" value={usd(report.var.p95?.es)} testId="risk-es95" />
            <Figure label="VaR 99% 1-day" value={usd(report.var.p99?.var)} testId="risk-var99" />
            <Figure label="ES 99%" value={usd(report.var.p99?.es)} testId="risk-es99" />
            <Figure label="Drawdown now / max (holdings)" value={report.drawdown ? `${pct(report.drawdown.current)} / ${pct(report.drawdown.max)}` : '-'} testId="risk-drawdown" />
            <Figure label="Account from peak" value={pct(report.accountDrawdown, 2)} testId="risk-account-drawdown" />
          </div>
          <div className="risk-grid">
            <HoldingsTable report={report} />
            <div>
              <ExposureTable title="By sector" rows={report.bySector} testId="risk-sectors" />
              <ExposureTable title="By bot" rows={report.byBot} testId="risk-bots" />
            </div>
            <figure className="risk-figure">
              <figcaption>Correlation of daily returns</figcaption>
              {report.correlation.symbols.length > 0 ? <CorrelationHeatmap correlation={report.correlation} /> : <div className="risk-hint">No stocks with a daily history held.</div>}
            </figure>
            <div>
              <table className="risk-table" data-testid="risk-greeks">
                <caption>Option greeks, total ({report.greeks.contracts} contracts)</caption>
                <tbody>
                  <tr>
                    <td>Dollar delta</td>
                    <td className="num" data-testid="risk-greek-delta">
                      {usd(report.greeks.delta)}
                    </td>
                  </tr>
                  <tr>
                    <td>Dollar gamma (per 1% move)</td>
                    <td className="num" data-testid="risk-greek-gamma">
                      {usd(report.greeks.gamma)}
                    </td>
                  </tr>
                  <tr>
                    <td>Theta (a day)</td>
                    <td className="num" data-testid="risk-greek-theta">
                      {usd(report.greeks.theta)}
                    </td>
                  </tr>
                  <tr>
                    <td>Vega (a vol point)</td>
                    <td className="num" data-testid="risk-greek-vega">
                      {usd(report.greeks.vega)}
                    </td>
                  </tr>
                </tbody>
              </table>
              <LimitsTable limits={report.limits} />
            </div>
          </div>
          {report.notes.length > 0 ? (
            <ul className="risk-notes" data-testid="risk-notes">
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <RebalancePanel onSent={refresh} />
    </div>
  );
}
