import { Decimal } from 'decimal.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { MarketSession, RiskContext } from '../risk/risk-types.js';
import { Cached } from './cached.js';
import type { OrderJournal } from './journal/order-journal.js';
import type { PositionState } from './positions.js';
import { sessionOf } from './session.js';
import type { ExecutionVenue, VenueAccount, VenueAsset, VenuePosition, VenueQuote } from './venue.js';
import type { WorkingQty } from './working-orders.js';

export interface RiskInputsOptions {
  venue: ExecutionVenue;
  journal: Pick<OrderJournal, 'getState' | 'setState' | 'db'>;
  now: () => EpochMs;
  /** A quote is fresh this long, and used up to five times as long while a refresh runs behind it. */
  quoteTtlMs: number;
  /** The oldest account snapshot (buying power, equity) the risk check may use while a refresh runs behind it. */
  accountMaxAgeMs: number;
}

function dec(text: string | null | undefined): Decimal {
  return new Decimal(text ?? '0');
}

/**
 * What the risk check reads from the broker, cached with a bound on age (account 5 s, quotes 5x their freshness,
 * clock 60 s, assets a day): past the bound a value is refreshed first, and one that cannot be is refused
 * (RISK_DATA_STALE, see Cached). Also the peak equity the drawdown limit measures from, kept in the journal.
 */
export class RiskInputs {
  private readonly assets = new Map<string, Cached<VenueAsset | undefined>>();
  private readonly quotes = new Map<string, Cached<VenueQuote | undefined>>();
  private readonly account: Cached<VenueAccount>;
  private readonly clock: Cached<MarketSession>;
  private peakEquity: Decimal;
  private peakEquityDirty = false;

  constructor(private readonly options: RiskInputsOptions) {
    const { venue, now } = options;
    this.account = new Cached(() => venue.account(), 2_000, options.accountMaxAgeMs, now);
    this.clock = new Cached(async () => sessionOf(await venue.clock()), 15_000, 60_000, now);
    this.peakEquity = dec(options.journal.getState('peak-equity') ?? '0');
  }

  /** The snapshot one risk decision is made on: account, asset, quote and session, positions and working orders. */
  async context(intent: OrderIntent, held: ReadonlyMap<string, PositionState>, working: ReadonlyMap<string, WorkingQty>): Promise<RiskContext> {
    // A multi-leg order has no symbol of its own: its legs' quotes are what it is judged on (see multi-leg-risk).
    const legs = intent.orderClass === 'mleg' ? (intent.legs ?? []).map((l) => l.symbol) : [];
    const symbol = intent.symbol ?? '';
    const [account, asset, quote, session, legQuotes] = await Promise.all([
      this.account.get(),
      legs.length ? Promise.resolve(undefined) : this.assetOf(symbol),
      legs.length ? Promise.resolve(undefined) : this.quoteOf(symbol),
      this.clock.get(),
      Promise.all(legs.map(async (leg) => [leg, await this.quoteOf(leg)] as const)),
    ]);
    const equity = dec(account.equity);
    if (equity.gt(this.peakEquity)) {
      // Kept in memory for this check; written after the request leaves (persistPeakEquity) or by the next one.
      this.peakEquity = equity;
      this.peakEquityDirty = true;
    }
    const positions = new Map<string, Decimal>();
    const marks = new Map<string, Decimal>();
    for (const [s, p] of held) {
      if (p.qty.isZero()) continue;
      positions.set(s, p.qty);
      const q = this.quotes.get(s)?.peek();
      marks.set(s, q ? dec(q.bid).plus(dec(q.ask)).div(2) : p.costBasis.div(p.qty).abs());
    }
    return {
      buyingPower: dec(account.buyingPower),
      equity,
      lastEquity: dec(account.lastEquity),
      peakEquity: this.peakEquity,
      accountBlocked: account.tradingBlocked || account.accountBlocked,
      shortingEnabled: account.shortingEnabled,
      positions,
      marks,
      quote: quote ? { bid: dec(quote.bid), ask: dec(quote.ask) } : undefined,
      asset,
      session,
      working,
      ...(legs.length ? { legQuotes: new Map(legQuotes.flatMap(([leg, q]) => (q ? [[leg, { bid: dec(q.bid), ask: dec(q.ask) }] as const] : []))) } : {}),
    };
  }

  /** Stores a new peak equity noticed by a check (off the order path: after the request left). */
  persistPeakEquity(): void {
    if (!this.peakEquityDirty || !this.options.journal.db.open) return;
    this.peakEquityDirty = false;
    this.options.journal.setState('peak-equity', this.peakEquity.toString());
  }

  /** A fill changed the account: the next read refreshes it (behind the check, within the bound). */
  invalidateAccount(): void {
    this.account.invalidate();
  }

  /** The broker's account and its positions' marks, for the account blotter and unrealised P&L. */
  async accountSnapshot(): Promise<{ account: VenueAccount; positions: VenuePosition[] }> {
    const [account, positions] = await Promise.all([this.account.refresh(), this.options.venue.positions()]);
    return { account, positions };
  }

  /** Fetches what the risk check reads (account, clock, assets, quotes) so the first order does not wait for it. */
  async warm(symbols: string[]): Promise<void> {
    await Promise.all([this.account.refresh(), this.clock.refresh(), ...symbols.flatMap((s) => [this.assetOf(s), this.quoteOf(s)])]);
  }

  private assetOf(symbol: string): Promise<VenueAsset | undefined> {
    let cached = this.assets.get(symbol);
    if (!cached) {
      cached = new Cached(() => this.options.venue.asset(symbol), 3_600_000, 86_400_000, this.options.now);
      this.assets.set(symbol, cached);
    }
    return cached.get();
  }

  /**
   * Fetches again the quotes this intent is judged on that are past their freshness (served while a refresh ran
   * behind them); true when any was. A refusal on the price band is only made on fresh quotes: a quote a few seconds
   * old can put a fair limit outside the band (seen with cheap options, where 0.24 against a stale 0.26 is 8%).
   */
  async refreshStaleQuotes(intent: OrderIntent): Promise<boolean> {
    const symbols = intent.orderClass === 'mleg' ? (intent.legs ?? []).map((l) => l.symbol) : [intent.symbol ?? ''];
    const stale = symbols.flatMap((s) => {
      const cached = this.quotes.get(s);
      return cached && cached.ageMs() > this.options.quoteTtlMs ? [cached] : [];
    });
    await Promise.all(stale.map((c) => c.refresh()));
    return stale.length > 0;
  }

  /**
   * A quote from the live market data stream of the same broker: the check uses it as a fetched one, so a symbol
   * the app streams is checked on its newest quote without a request (a quoting bot's replace waited up to 24 ms
   * behind a quote fetch; bench/ticks live). A one-sided or crossed quote is not taken: the fetch decides then.
   */
  noteQuote(symbol: string, quote: VenueQuote): void {
    const bid = Number(quote.bid);
    const ask = Number(quote.ask);
    if (!(bid > 0 && ask >= bid)) return;
    this.quoteCache(symbol).offer(quote);
  }

  private quoteOf(symbol: string): Promise<VenueQuote | undefined> {
    return this.quoteCache(symbol).get();
  }

  private quoteCache(symbol: string): Cached<VenueQuote | undefined> {
    let cached = this.quotes.get(symbol);
    if (!cached) {
      cached = new Cached(() => this.options.venue.latestQuote(symbol), this.options.quoteTtlMs, this.options.quoteTtlMs * 5, this.options.now);
      this.quotes.set(symbol, cached);
    }
    return cached;
  }
}
