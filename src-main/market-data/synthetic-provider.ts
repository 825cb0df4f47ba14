import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { WallClock, type ExchangeClock } from '../exchange/clock.js';
import { SyntheticMarket } from '../exchange/market/synthetic-market.js';
import type { Bar as MarketBar, Timeframe as MarketTimeframe } from '../exchange/market/types.js';
import type { BarRequest, MarketDataProvider, ProviderSnapshot } from './providers.js';
import type { LiveQuote, LiveTrade } from './types.js';

/**
 * The last link of the chain: the local exchange's seeded synthetic market, run standalone (no server), so a
 * chart still draws something plausible, clearly labelled `synthetic`, when nothing else answers.
 */
export class SyntheticProvider implements MarketDataProvider {
  readonly source = 'synthetic' as const;
  private readonly market: SyntheticMarket;
  private readonly clock: ExchangeClock;

  constructor(options: { seed?: number; clock?: ExchangeClock } = {}) {
    this.clock = options.clock ?? new WallClock();
    this.market = new SyntheticMarket({ seed: options.seed ?? 42, clock: this.clock });
  }

  bars(request: BarRequest): Promise<Bar[] | undefined> {
    if (!this.knows(request.symbol)) return Promise.resolve(undefined);
    const bars = this.market.bars(request.symbol, marketTimeframe(request.timeframe), request.start, request.end + 1);
    return Promise.resolve(bars.slice(-request.limit).map(plainBar));
  }

  snapshots(symbols: string[]): Promise<Map<string, ProviderSnapshot> | undefined> {
    const out = new Map<string, ProviderSnapshot>();
    for (const symbol of symbols) {
      if (!this.knows(symbol)) continue;
      const trade = this.market.latestTrade(symbol);
      const quote = this.market.latestQuote(symbol);
      const { daily, previous } = this.market.dailyBars(symbol);
      out.set(symbol, {
        latestTrade: trade ? { symbol, t: trade.t, price: trade.price, size: trade.size } : null,
        latestQuote: quote ? { symbol, t: quote.t, bid: quote.bidPrice, ask: quote.askPrice, bidSize: quote.bidSize, askSize: quote.askSize } : null,
        dailyBar: daily ? plainBar(daily) : null,
        prevDailyBar: previous ? plainBar(previous) : null,
      });
    }
    return Promise.resolve(out.size > 0 ? out : undefined);
  }

  /** The generator's latest trade and quote of a symbol at its clock's time (the live fallback polls this). */
  latest(symbol: string): { trade: LiveTrade | undefined; quote: LiveQuote | undefined } | undefined {
    if (!this.knows(symbol)) return undefined;
    const trade = this.market.latestTrade(symbol);
    const quote = this.market.latestQuote(symbol);
    return {
      trade: trade ? { symbol, t: trade.t, price: trade.price, size: trade.size } : undefined,
      quote: quote ? { symbol, t: quote.t, bid: quote.bidPrice, ask: quote.askPrice, bidSize: quote.bidSize, askSize: quote.askSize } : undefined,
    };
  }

  /** The newest bar of a timeframe up to the clock's time (the one a chart's last candle shows). */
  currentBar(symbol: string, timeframe: Timeframe, lookbackMs: number): Bar | undefined {
    if (!this.knows(symbol)) return undefined;
    const now = this.clock.now();
    const bars = this.market.bars(symbol, marketTimeframe(timeframe), now - lookbackMs, now + 1);
    const last = bars[bars.length - 1];
    return last ? plainBar(last) : undefined;
  }

  knows(symbol: string): boolean {
    return this.market.symbols().includes(symbol);
  }
}

export function marketTimeframe(timeframe: Timeframe): MarketTimeframe {
  const match = /^(\d+)(Min|Hour|Day|Week|Month)$/.exec(timeframe);
  if (!match) throw new Error(`unknown timeframe ${timeframe}`);
  return { amount: Number(match[1]), unit: match[2] as MarketTimeframe['unit'] };
}

function plainBar(b: MarketBar): Bar {
  return { t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v };
}
