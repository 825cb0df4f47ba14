import type { RiskLimitUse } from '../../../src-shared/ipc/risk-report-schemas.js';
import { fixed, pct, usd } from './format.js';

const show = (name: RiskLimitUse['name'], v: number | null) => (v === null ? '-' : name === 'maxDrawdown' ? pct(v, 2) : name === 'maxGrossExposure' || name === 'dailyLossLimit' || name === 'maxOrderNotional' ? usd(v) : fixed(v, 0));

/** Each limit the risk engine holds orders to, and how much of it the account uses now. */
export function LimitsTable({ limits }: { limits: RiskLimitUse[] }) {
  return (
    <table className="risk-table" data-testid="risk-limits">
      <caption>Risk limits (Settings) and their use</caption>
      <tbody>
        {limits.map((l) => {
          const f = l.fraction === null ? null : Math.max(0, l.fraction);
          const level = f === null ? '' : f >= 1 ? 'risk-over' : f >= 0.8 ? 'risk-near' : '';
          return (
            <tr key={l.name} data-testid="risk-limit-row" data-name={l.name} title={l.detail}>
              <td>{l.label}</td>
              <td className="num">{show(l.name, l.used)}</td>
              <td className="num">of {show(l.name, l.limit)}</td>
              <td className="risk-usage-cell">
                {f === null ? (
                  <span className="risk-hint">{l.detail}</span>
                ) : (
                  <meter className={`risk-usage ${level}`} min={0} max={1} low={0.8} high={0.99} optimum={0} value={Math.min(1, f)} aria-label={`${l.label}: ${pct(f)} used`} />
                )}
              </td>
              <td className="num" data-testid="risk-limit-used">
                {f === null ? '' : pct(f)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
