import { useEffect, useMemo, useState } from 'react';
import type { OptionGreeksValue } from '../../../src-shared/ipc/options-schemas.js';
import { useClient } from '../../app/client-context.js';
import { groupOptionPositions } from './option-groups.js';

/** How often the underlyings' chains are read again for the greeks (the options service publishes no events). */
const GREEKS_POLL_MS = 10_000;

const fixed = (v: number, digits: number) => v.toFixed(digits);

/**
 * Option positions grouped by strategy, each group named by the structure its legs form (iron condor, vertical,
 * straddle, calendar, covered call...), with position greeks in dollars (contracts x 100 x the chain's greek per contract). A long
 * contract can be exercised (all of it) after a confirmation that says what it delivers.
 */
export function OptionPositions({ positions }: { positions: ReadonlyArray<{ symbol: string; qty: string }> }) {
  const client = useClient();
  const [greeks, setGreeks] = useState<ReadonlyMap<string, OptionGreeksValue>>(new Map());
  const underlyings = useMemo(() => [...new Set(groupOptionPositions(positions, () => null).map((g) => g.underlying))].sort().join(','), [positions]);
  useEffect(() => {
    if (!underlyings) return;
    let live = true;
    const read = () =>
      Promise.all(underlyings.split(',').map((u) => client.invoke('options.chain', { underlying: u }).catch(() => null)))
        .then((chains) => {
          if (!live) return;
          const next = new Map<string, OptionGreeksValue>();
          for (const chain of chains) for (const row of chain?.rows ?? []) if (row.greeks) next.set(row.symbol, row.greeks);
          setGreeks(next);
        })
        .catch(() => undefined);
    void read();
    const timer = setInterval(() => void read(), GREEKS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, underlyings]);
  const groups = useMemo(() => groupOptionPositions(positions, (s) => greeks.get(s) ?? null), [positions, greeks]);
  const [confirming, setConfirming] = useState<{ symbol: string; qty: number; strike: number; right: string } | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const exercise = async (symbol: string) => {
    setConfirming(null);
    try {
      const result = await client.invoke('orders.exercise', { symbol });
      setNotice({ ok: result.ok, text: result.ok ? result.message : `${result.code ?? 'REFUSED'}: ${result.message}` });
    } catch (e) {
      setNotice({ ok: false, text: `exercise failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  if (!groups.length && !notice) return null;
  return (
    <section className="blotter-section blotter-option-groups" data-testid="blotter-option-groups">
      <h3>Option positions by strategy</h3>
      <table>
        <thead>
          <tr>
            <th>Strategy</th>
            <th>Underlying</th>
            <th>Expiry</th>
            <th>Legs</th>
            <th title="dollars per $1 of the underlying">Δ $</th>
            <th title="delta dollars per $1 of the underlying">Γ $</th>
            <th title="dollars per calendar day">Θ $/day</th>
            <th title="dollars per volatility point">Vega $</th>
            <th>Exercise</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.underlying}-${g.expiry}`} data-testid="blotter-option-group">
              <td>{g.strategy}</td>
              <td>{g.underlying}</td>
              <td>{g.expiry}</td>
              <td>
                {g.legs.map((l) => `${l.qty > 0 ? '+' : ''}${l.qty} ${l.strike} ${l.right}${g.expiry.includes('/') ? ` ${l.expiry ?? ''}` : ''}`).join(' · ')}
                {g.shares ? ` · ${g.shares} shares` : ''}
              </td>
              <td>{g.greeks ? fixed(g.greeks.delta, 1) : '—'}</td>
              <td>{g.greeks ? fixed(g.greeks.gamma, 2) : '—'}</td>
              <td>{g.greeks ? fixed(g.greeks.theta, 2) : '—'}</td>
              <td>{g.greeks ? fixed(g.greeks.vega, 2) : '—'}</td>
              <td>
                {g.legs
                  .filter((l) => l.qty > 0)
                  .map((l) => (
                    <button key={l.symbol} type="button" onClick={() => setConfirming(l)} data-testid={`exercise-${l.symbol}`} title={`exercise ${l.qty} ${l.symbol}`}>
                      {l.strike} {l.right}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming && (
        <div role="alertdialog" aria-label="Confirm exercise" className="blotter-exercise-confirm" data-testid="exercise-confirm">
          Exercise {confirming.qty} {confirming.symbol} now? {confirming.right === 'call' ? 'You buy' : 'You sell'} {confirming.qty * 100} shares at {confirming.strike} (the
          contracts are gone, whatever their time value: selling them may be worth more).{' '}
          <button type="button" className="danger" onClick={() => void exercise(confirming.symbol)} data-testid="exercise-confirm-send">
            Exercise
          </button>{' '}
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      {notice && (
        <div role="status" className={notice.ok ? 'verdict-ok' : 'verdict-denied'} data-testid="exercise-notice">
          {notice.text}
        </div>
      )}
    </section>
  );
}
