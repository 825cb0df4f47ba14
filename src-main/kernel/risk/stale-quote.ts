import type { EpochMs } from '../../../src-shared/time.js';

/**
 * Stale-quote guard: the honest remainder of the founding design's "latency arbitrage". With both Alpaca feeds
 * subscribed for a symbol (IEX, the one exchange the free plan streams, and the SIP's national best bid and offer),
 * it tells when the IEX quote lags the NBBO, and refuses an order that would cross a stale IEX quote: a price
 * taken from a quote the rest of the market has already left. It is a guard for every bot, not a strategy (so it
 * lives beside the risk engine, not among the strategies): see README ("Why there is no latency arbitrage").
 *
 * The IEX quote is stale at time t when all of these hold:
 *   - it disagrees with the NBBO: it shows a bid above the national best bid or an offer below the national best
 *     offer (impossible when both are current, since the NBBO includes IEX), or its mid is more than `maxMidGap`
 *     away from the NBBO's mid;
 *   - the NBBO changed after IEX's last update (IEX has not followed), and
 *   - the first such change is at least `lagMs` old (a few milliseconds of difference is the feeds' normal skew).
 * The mid-gap test also fires when IEX is simply not at the inside and does not need to move: keep `maxMidGap`
 * wide (a few ticks); the wrong-side test is the one that cannot fire on current data.
 */
export interface StaleQuoteOptions {
  /** How long the NBBO may lead before the IEX quote counts as stale, ms. */
  lagMs: number;
  /** Largest gap between the IEX mid and the NBBO mid that is not a disagreement, dollars. */
  maxMidGap: number;
}

export type StaleVerdict = { stale: false } | { stale: true; lagMs: number; why: string };

export type CrossCheck = { allow: true } | { allow: false; code: 'STALE_QUOTE'; reason: string };

/** One feed's top of book: time, best bid and best offer. */
export interface Book {
  t: EpochMs;
  bid: number;
  ask: number;
}

export class StaleQuoteGuard {
  private iex: Book | undefined;
  private nbbo: Book | undefined;
  /** The first NBBO price change since IEX's last update (undefined: IEX has updated since the NBBO last moved). */
  private unfollowedSince: EpochMs | undefined;

  constructor(
    readonly symbol: string,
    private readonly options: StaleQuoteOptions,
  ) {}

  onIexQuote(q: Readonly<Book>): void {
    this.iex = { t: q.t, bid: q.bid, ask: q.ask };
    this.unfollowedSince = undefined;
  }

  onNbboQuote(q: Readonly<Book>): void {
    const before = this.nbbo;
    if ((!before || before.bid !== q.bid || before.ask !== q.ask) && this.unfollowedSince === undefined) this.unfollowedSince = q.t;
    this.nbbo = { t: q.t, bid: q.bid, ask: q.ask };
  }

  verdict(now: EpochMs): StaleVerdict {
    const iex = this.iex;
    const nbbo = this.nbbo;
    if (!iex || !nbbo || this.unfollowedSince === undefined) return { stale: false };
    const lag = now - this.unfollowedSince;
    if (lag < this.options.lagMs) return { stale: false };
    const eps = 1e-9;
    const reasons: string[] = [];
    if (iex.bid > nbbo.bid + eps) reasons.push(`IEX bid ${iex.bid} is above the national best bid ${nbbo.bid}`);
    if (iex.ask < nbbo.ask - eps) reasons.push(`IEX offer ${iex.ask} is below the national best offer ${nbbo.ask}`);
    const gap = Math.abs((iex.bid + iex.ask) / 2 - (nbbo.bid + nbbo.ask) / 2);
    if (gap > this.options.maxMidGap + eps) reasons.push(`IEX mid is ${gap.toFixed(4)} from the NBBO mid`);
    if (reasons.length === 0) return { stale: false };
    return { stale: true, lagMs: lag, why: `${reasons.join('; ')}, and IEX has not updated in the ${lag} ms since the NBBO moved` };
  }

  /**
   * Whether an order may go: a buy at market or with a limit at or above the IEX offer crosses it (a sell mirrors
   * it, against the IEX bid); while that quote is stale, it is refused. Orders that rest away from the stale
   * quote pass.
   */
  check(order: { side: 'buy' | 'sell'; type: 'market' | 'limit'; limitPrice?: number }, now: EpochMs): CrossCheck {
    const iex = this.iex;
    if (!iex) return { allow: true };
    const crosses =
      order.type === 'market' ||
      (order.limitPrice !== undefined && (order.side === 'buy' ? order.limitPrice >= iex.ask : order.limitPrice <= iex.bid));
    if (!crosses) return { allow: true };
    const v = this.verdict(now);
    if (!v.stale) return { allow: true };
    const what = order.side === 'buy' ? `the IEX offer ${iex.ask}` : `the IEX bid ${iex.bid}`;
    return { allow: false, code: 'STALE_QUOTE', reason: `refused to cross ${what} of ${this.symbol}: the quote is stale (${v.why}); wait for IEX to catch up or price off the NBBO` };
  }
}
