// The OptionsBot's chain view (kernel/strategy/options.ts) over chain rows as the options service builds them from
// Alpaca-shaped snapshots: recorded snapshots in a backtest, the current mode's chain in a live bot. Rows without a
// two-sided quote or without IV and greeks (neither in the snapshot nor solvable here) cannot be traded or sized by
// delta, so they are not listed.
import type { ChainRow } from '../../src-shared/ipc/options-schemas.js';
import type { ChainContract, OptionChainView } from '../kernel/strategy/options.js';
import { daysBetween, iv30Of, ivPointsOf, ivRankAndPercentile } from './iv-metrics.js';

export class RowsChainView implements OptionChainView {
  private readonly listed: { date: string; days: number }[];
  private readonly byExpiry = new Map<string, ChainContract[]>();
  private readonly bySymbol = new Map<string, ChainContract>();
  private readonly atm: { days: number; iv: number }[];

  constructor(
    rows: readonly ChainRow[],
    readonly spot: number,
    /** The session (YYYY-MM-DD, New York) the chain belongs to. */
    private readonly date: string,
    /** The 30-day ATM IV of earlier sessions, oldest first (today's is added here), for IV rank. */
    private readonly ivHistory: readonly number[] = [],
  ) {
    for (const r of rows) {
      const days = daysBetween(date, r.expiration);
      if (days < 0 || r.bid === null || r.ask === null || r.ask <= 0 || r.ask < r.bid || r.iv === null || r.iv <= 0 || r.greeks === null) continue;
      const c: ChainContract = {
        symbol: r.symbol,
        type: r.type,
        strike: r.strike,
        expiration: r.expiration,
        days,
        bid: r.bid,
        ask: r.ask,
        mid: (r.bid + r.ask) / 2,
        iv: r.iv,
        delta: r.greeks.delta,
        gamma: r.greeks.gamma,
        theta: r.greeks.theta,
        vega: r.greeks.vega,
      };
      const list = this.byExpiry.get(r.expiration) ?? [];
      list.push(c);
      this.byExpiry.set(r.expiration, list);
      this.bySymbol.set(c.symbol, c);
    }
    for (const list of this.byExpiry.values()) list.sort((a, b) => a.strike - b.strike || (a.type === b.type ? 0 : a.type === 'call' ? -1 : 1));
    this.listed = [...this.byExpiry.keys()].map((e) => ({ date: e, days: daysBetween(date, e) })).sort((a, b) => a.days - b.days);
    this.atm = ivPointsOf(rows, spot, date).filter((p) => p.days >= 0).map((p) => ({ days: p.days, iv: p.atmIv }));
  }

  expirations(): readonly { date: string; days: number }[] {
    return this.listed;
  }

  contracts(expiration?: string): readonly ChainContract[] {
    if (expiration !== undefined) return this.byExpiry.get(expiration) ?? [];
    return this.listed.flatMap((e) => this.byExpiry.get(e.date) ?? []);
  }

  contract(symbol: string): ChainContract | undefined {
    return this.bySymbol.get(symbol);
  }

  /** The 30-day constant-maturity ATM IV (variance interpolated between the expiries around 30 days); 0 without one. */
  atmIv30(): number {
    return iv30Of(this.atm.map((p) => ({ date: this.date, expiry: '', days: p.days, atmIv: p.iv, skew25: null })))?.iv30 ?? 0;
  }

  atmIv(days: number): number {
    let best: { days: number; iv: number } | undefined;
    for (const p of this.atm) if (p.days >= 1 && (!best || Math.abs(p.days - days) < Math.abs(best.days - days))) best = p;
    return best?.iv ?? 0;
  }

  ivRank(days = 252): number | null {
    const today = this.atmIv30();
    if (!(today > 0)) return null;
    const window = [...this.ivHistory.slice(-(days - 1)), today];
    if (window.length < 20) return null;
    return ivRankAndPercentile(window)?.rank ?? null;
  }
}
