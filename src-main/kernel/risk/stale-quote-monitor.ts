import type { EpochMs } from '../../../src-shared/time.js';
import type { QuoteGuardCheck } from './risk-types.js';
import { StaleQuoteGuard, type Book, type StaleQuoteOptions } from './stale-quote.js';

/** Defaults: 50 ms is several times the normal skew between the two feeds; 3 cents keeps an IEX quote off the inside from counting. */
export const DEFAULT_STALE_QUOTE_OPTIONS: StaleQuoteOptions = { lagMs: 50, maxMidGap: 0.03 };

/**
 * One StaleQuoteGuard per symbol, fed by the IEX stream and, where one is subscribed, the SIP's NBBO; the risk
 * engine asks it about bot orders (RiskEngine.quoteGuard). Without an NBBO reference there is nothing to compare
 * with: the monitor lets everything through and says so (`status`), rather than pretending to guard.
 * `now` is the market's clock (the quotes' time base); by default the newest quote time either feed delivered.
 */
export class StaleQuoteMonitor implements QuoteGuardCheck {
  private readonly guards = new Map<string, StaleQuoteGuard>();
  private latest: EpochMs = 0;
  private nbboSeen = false;

  constructor(
    private readonly options: StaleQuoteOptions = DEFAULT_STALE_QUOTE_OPTIONS,
    private readonly now: () => EpochMs = () => this.latest,
  ) {}

  /** Whether a SIP NBBO quote has been seen: only then can a quote be judged stale. */
  get active(): boolean {
    return this.nbboSeen;
  }

  /** In words, for the System tab and the log. */
  status(): string {
    return this.nbboSeen
      ? `stale-quote guard active on ${this.guards.size} symbol(s): bot orders crossing an IEX quote that lags the SIP NBBO by ${this.options.lagMs} ms or more are refused (STALE_QUOTE)`
      : 'stale-quote guard inactive: no SIP NBBO feed is subscribed, so an IEX quote cannot be compared with the national best bid and offer';
  }

  onIexQuote(symbol: string, q: Readonly<Book>): void {
    this.guard(symbol).onIexQuote(q);
    if (q.t > this.latest) this.latest = q.t;
  }

  onNbboQuote(symbol: string, q: Readonly<Book>): void {
    this.nbboSeen = true;
    this.guard(symbol).onNbboQuote(q);
    if (q.t > this.latest) this.latest = q.t;
  }

  check(order: { symbol: string; side: 'buy' | 'sell'; type: 'market' | 'limit'; limitPrice?: number }): { allow: true } | { allow: false; code: 'STALE_QUOTE'; reason: string } {
    if (!this.nbboSeen) return { allow: true };
    const guard = this.guards.get(order.symbol);
    if (!guard) return { allow: true };
    return guard.check(order, this.now());
  }

  private guard(symbol: string): StaleQuoteGuard {
    let g = this.guards.get(symbol);
    if (!g) {
      g = new StaleQuoteGuard(symbol, this.options);
      this.guards.set(symbol, g);
    }
    return g;
  }
}
