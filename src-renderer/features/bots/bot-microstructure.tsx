import type { BotMicrostructureDto } from '../../../src-shared/ipc/bot-detail-schemas.js';

function cents(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(2)}¢` : '—';
}

function quote(side: { price: number; qty: number } | null): string {
  return side === null ? '—' : `${side.qty} @ ${side.price.toFixed(2)}`;
}

/**
 * A microstructure bot's quoting in the Bots tab: per symbol its inventory, the bid and ask it has working, and its
 * fills' markouts (per share: earned against the mid at the fill, against the mid N seconds later, and the
 * difference, adverse selection), with its request use against the host's limits. Top-of-book intraday trading at
 * Alpaca's rate limit: not high-frequency trading.
 */
export function BotMicrostructure({ view }: { view: BotMicrostructureDto }) {
  return (
    <>
      <h4>Quoting</h4>
      <div className="muted" data-testid="bot-micro-requests">
        {view.requests
          ? `${view.requests.used} of ${view.requests.limit} order requests in the last 60 s (all bots: ${view.requests.globalUsed} of ${view.requests.globalLimit}; the broker allows 200 a minute). Top-of-book quoting, not HFT.`
          : 'Top-of-book quoting, not HFT.'}
      </div>
      <table className="bots-list compact" data-testid="bot-micro">
        <thead>
          <tr>
            <th>Symbol</th>
            <th className="num">Inventory</th>
            <th className="num">Bid</th>
            <th className="num">Ask</th>
            <th className="num" title="fills whose markout horizon has passed (and still waiting)">Fills</th>
            <th className="num" title="per share: side × (mid at fill − price)">Effective</th>
            <th className="num" title={`per share: side × (mid ${view.horizonSec} s later − price)`}>Realised {view.horizonSec}s</th>
            <th className="num" title="per share: how far the mid moved against the fill; effective − realised">Adverse sel.</th>
          </tr>
        </thead>
        <tbody>
          {view.symbols.map((r) => (
            <tr key={r.symbol}>
              <td>{r.symbol}</td>
              <td className="num">{r.inventory}</td>
              <td className="num">{quote(r.bid)}</td>
              <td className="num">{quote(r.ask)}</td>
              <td className="num">
                {r.fills}
                {r.pending > 0 ? <span className="muted"> (+{r.pending})</span> : null}
              </td>
              <td className="num">{r.fills > 0 ? cents(r.effectiveSpread) : '—'}</td>
              <td className={`num ${r.realisedSpread < 0 ? 'pl-down' : ''}`}>{r.fills > 0 ? cents(r.realisedSpread) : '—'}</td>
              <td className="num">{r.fills > 0 ? cents(r.adverseSelection) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
