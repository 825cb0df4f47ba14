import { useState, type FormEvent } from 'react';
import { REBALANCE_METHOD_NAMES, type RebalancePreviewRequest } from '../../../src-shared/ipc/risk-report-schemas.js';
import { pct, usd } from './format.js';
import { useRebalance } from './use-risk.js';

const METHOD_LABELS: Record<(typeof REBALANCE_METHOD_NAMES)[number], string> = {
  'min-variance': 'Minimum variance',
  'risk-parity': 'Risk parity',
  hrp: 'Hierarchical risk parity',
  'mean-variance': 'Mean-variance (lambda 5)',
};

/**
 * The optimiser's rebalance of the book: a form (Enter previews), the target weights, the trades with the risk
 * engine's verdict on each, and Send all behind a confirmation. Sending goes through orders.submit and
 * orders.algoStart, the same path as the ticket: the risk engine checks every order again.
 */
export function RebalancePanel({ onSent }: { onSent(): void }) {
  const { preview, error, busy, sent, run, sendAll } = useRebalance();
  const [method, setMethod] = useState<RebalancePreviewRequest['method']>('min-variance');
  const [symbols, setSymbols] = useState('');
  const [capital, setCapital] = useState('');
  const [maxWeight, setMaxWeight] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(false);
    const list = symbols
      .split(/[\s,]+/)
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const cap = capital.trim() === '' ? undefined : Number(capital);
    const mw = maxWeight.trim() === '' ? undefined : Number(maxWeight) / 100;
    if (cap !== undefined && !(cap > 0)) return setFormError('Capital must be a positive dollar amount, or empty for the holdings\' value');
    if (mw !== undefined && !(mw > 0 && mw <= 1)) return setFormError('Max weight is a percentage from 1 to 100, or empty for no cap');
    setFormError(null);
    run({ method, ...(list.length > 0 ? { symbols: list } : {}), ...(cap !== undefined ? { capital: cap } : {}), ...(mw !== undefined ? { maxWeight: mw } : {}) });
  };
  const passing = preview?.trades.filter((t) => t.verdict.ok).length ?? 0;

  return (
    <section className="risk-rebalance" data-testid="risk-rebalance">
      <h3>Rebalance preview</h3>
      <form className="risk-form" onSubmit={submit} aria-label="rebalance preview">
        <label>
          Method
          <select value={method} onChange={(e) => setMethod(e.target.value as RebalancePreviewRequest['method'])} data-testid="risk-method">
            {REBALANCE_METHOD_NAMES.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Universe
          <input value={symbols} onChange={(e) => setSymbols(e.target.value)} placeholder="stocks held" data-testid="risk-universe" />
        </label>
        <label>
          Capital $
          <input value={capital} onChange={(e) => setCapital(e.target.value)} placeholder="holdings' value" inputMode="decimal" data-testid="risk-capital" />
        </label>
        <label>
          Max weight %
          <input value={maxWeight} onChange={(e) => setMaxWeight(e.target.value)} placeholder="100" inputMode="decimal" />
        </label>
        <button type="submit" disabled={busy} data-testid="risk-preview">
          Preview
        </button>
      </form>
      {formError ? <div className="inline-error">{formError}</div> : null}
      {error ? (
        <div className="inline-error" data-testid="risk-rebalance-error">
          {error}
        </div>
      ) : null}
      {preview ? (
        <>
          <div className="risk-hint" data-testid="risk-rebalance-summary">
            {METHOD_LABELS[preview.method]} over {preview.days} days of {usd(preview.capital)}: expected volatility {pct(preview.expectedVolatility)} a year; {preview.trades.length} trade(s), {passing} pass risk now.
          </div>
          <table className="risk-table" data-testid="risk-trades">
            <thead>
              <tr>
                <th>symbol</th>
                <th>now</th>
                <th>target</th>
                <th>side</th>
                <th>qty</th>
                <th>algo</th>
                <th>est. cost</th>
                <th>risk</th>
                {sent ? <th>sent</th> : null}
              </tr>
            </thead>
            <tbody>
              {preview.trades.map((t) => {
                const w = preview.weights.find((x) => x.symbol === t.symbol);
                const outcome = sent?.find((s) => s.symbol === t.symbol);
                return (
                  <tr key={t.symbol} data-testid="risk-trade-row" data-symbol={t.symbol} title={t.cause}>
                    <td>{t.symbol}</td>
                    <td className="num">{pct(w?.current)}</td>
                    <td className="num">{pct(w?.target)}</td>
                    <td className={t.side === 'buy' ? 'risk-buy' : 'risk-sell'}>{t.side}</td>
                    <td className="num">{t.qty}</td>
                    <td>{t.algo === 'twap' ? `TWAP x${t.slices}` : 'market'}</td>
                    <td className="num">{t.estimatedCost === null ? '-' : usd(Number(t.estimatedCost))}</td>
                    <td className={t.verdict.ok ? 'risk-ok' : 'risk-denied'} data-testid="risk-trade-verdict" title={t.verdict.message}>
                      {t.verdict.ok ? 'OK' : t.verdict.code}
                    </td>
                    {sent ? <td data-testid="risk-trade-sent">{outcome ? outcome.text : busy ? 'sending...' : ''}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {preview.notes.map((n) => (
            <div key={n} className="risk-hint">
              {n}
            </div>
          ))}
          {preview.trades.length > 0 && !sent ? (
            confirming ? (
              <div className="risk-confirm" role="alertdialog" aria-label="confirm sending" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
                Send {preview.trades.length} order(s) through the risk engine{passing < preview.trades.length ? ` (${preview.trades.length - passing} would be refused now)` : ''}?
                <button
                  type="button"
                  autoFocus
                  data-testid="risk-send-confirm"
                  onClick={() => {
                    setConfirming(false);
                    void sendAll().then(onSent);
                  }}
                >
                  Send {preview.trades.length} order(s)
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            ) : (
              <button type="button" disabled={busy} onClick={() => setConfirming(true)} data-testid="risk-send-all">
                Send all...
              </button>
            )
          ) : null}
        </>
      ) : null}
    </section>
  );
}
