import { useMemo, useState } from 'react';
import type { BuilderLeg } from './legs.js';
import { computePayoff } from './payoff.js';
import { PayoffChart } from './payoff-chart.js';
import { TEMPLATES } from './templates.js';

const money = (v: number | 'unbounded') => (v === 'unbounded' ? 'unbounded' : `$${v.toFixed(2)}`);

interface Props {
  legs: BuilderLeg[];
  spot: number | null;
  /** The chain's time (epoch ms): "now" for time to expiry, which is the exchange's clock in demo, not the wall's. */
  asOf: number | null;
  onTemplate(name: string): void;
  onRemove(index: number): void;
  onClear(): void;
}

/** Legs, templates, the payoff chart with its date slider, breakevens, max profit/loss, probability of profit, net greeks. */
export function StrategyBuilder({ legs, spot, asOf, onTemplate, onRemove, onClear }: Props) {
  const [fraction, setFraction] = useState(0);
  const [template, setTemplate] = useState(Object.keys(TEMPLATES)[0]!);
  const result = useMemo(() => {
    if (!legs.length || spot === null || asOf === null) return null;
    try {
      return { view: computePayoff(legs, { spot, rate: 0.04, dividend: 0 }, asOf, fraction) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [legs, spot, asOf, fraction]);

  return (
    <div className="options-builder" data-testid="options-builder">
      <div className="options-toolbar">
        <select aria-label="Template" value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="options-template">
          {Object.keys(TEMPLATES).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <button type="button" onClick={() => onTemplate(template)} data-testid="options-add-template">
          Add template
        </button>
        <button type="button" onClick={onClear} disabled={!legs.length}>
          Clear legs
        </button>
        <span className="options-hint">Click a bid (sell) or ask (buy) in the chain to add a leg.</span>
      </div>
      <table className="options-legs" data-testid="options-legs">
        <tbody>
          {legs.map((l, i) => (
            <tr key={`${l.symbol}-${i}`}>
              <td>{l.side}</td>
              <td>{l.quantity}</td>
              <td>{l.symbol}</td>
              <td>@ {l.premium.toFixed(2)}</td>
              <td>{l.type === 'stock' ? 'shares (delta 1 each)' : `IV ${(l.iv * 100).toFixed(1)}%`}</td>
              <td>
                <button type="button" aria-label={`Remove ${l.symbol}`} onClick={() => onRemove(i)}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result && 'error' in result && <div role="alert">{result.error}</div>}
      {result && 'view' in result && result.view && (
        <>
          <label className="options-toolbar">
            Date: {fraction === 1 ? 'expiry' : `in ${Math.round(result.view.dateYears * 365)} days`}
            <input type="range" min={0} max={1} step={0.01} value={fraction} onChange={(e) => setFraction(Number(e.target.value))} data-testid="options-date" />
          </label>
          <PayoffChart view={result.view} spot={spot!} />
          <div className="options-stats" data-testid="options-stats">
            <span data-testid="options-breakevens">Breakevens: {result.view.analysis.breakevens.map((b) => b.toFixed(2)).join(', ') || 'none'}</span>
            <span>Max profit: {money(result.view.analysis.maxProfit)}</span>
            <span>Max loss: {money(result.view.analysis.maxLoss)}</span>
            <span>P(profit): {(result.view.analysis.probabilityOfProfit * 100).toFixed(1)}%</span>
            <span>Net {result.view.analysis.netPremium >= 0 ? 'debit' : 'credit'}: ${Math.abs(result.view.analysis.netPremium).toFixed(2)}</span>
            <span data-testid="options-greeks">
              Δ {result.view.greeks.delta.toFixed(2)} Γ {result.view.greeks.gamma.toFixed(3)} Θ {result.view.greeks.theta.toFixed(2)} V {result.view.greeks.vega.toFixed(2)}
            </span>
          </div>
        </>
      )}
    </div>
  );
}
