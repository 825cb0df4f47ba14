import type { RiskReportDto } from '../../../src-shared/ipc/risk-report-schemas.js';
import { fixed, pct, usd } from './format.js';

type Row = RiskReportDto['bySector'][number];

/** Long and short bars on one scale: the table's largest gross is the full width. */
function Bars({ row, max }: { row: Row; max: number }) {
  return (
    <span className="risk-bars" aria-hidden="true">
      <span className="risk-bar-short" style={{ width: `${(50 * row.short) / max}%` }} />
      <span className="risk-bar-long" style={{ width: `${(50 * row.long) / max}%` }} />
    </span>
  );
}

export function ExposureTable({ title, rows, testId }: { title: string; rows: Row[]; testId: string }) {
  const max = rows.reduce((m, r) => Math.max(m, r.long, r.short), 0) || 1;
  return (
    <table className="risk-table" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th>{title.split(' ').pop()}</th>
          <th>long</th>
          <th>short</th>
          <th>net</th>
          <th className="risk-bar-head">short | long</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={5} className="risk-hint">
              nothing held
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key} data-testid={`${testId}-row`} data-key={r.key}>
              <td>{r.key}</td>
              <td className="num">{usd(r.long)}</td>
              <td className="num">{usd(r.short)}</td>
              <td className="num">{usd(r.net)}</td>
              <td>
                <Bars row={r} max={max} />
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function HoldingsTable({ report }: { report: RiskReportDto }) {
  return (
    <table className="risk-table" data-testid="risk-holdings">
      <caption>By symbol (beta to {report.beta.benchmark})</caption>
      <thead>
        <tr>
          <th>symbol</th>
          <th>sector</th>
          <th>qty</th>
          <th>value</th>
          <th>weight</th>
          <th>beta</th>
        </tr>
      </thead>
      <tbody>
        {report.bySymbol.map((r) => (
          <tr key={r.key} data-testid="risk-holding-row" data-symbol={r.key}>
            <td>{r.key}</td>
            <td>{r.sector}</td>
            <td className="num">{r.qty}</td>
            <td className="num">{usd(r.net)}</td>
            <td className="num">{pct(r.weight)}</td>
            <td className="num" data-testid="risk-holding-beta">
              {fixed(r.beta)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
