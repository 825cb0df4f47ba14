import type { EpochMs } from '../../../../src-shared/time.js';
import type {
  Bar,
  ListedAsset,
  MarketCalendar,
  MarketEvent,
  MarketSource,
  OptionSnapshot,
  StockQuote,
  StockTrade,
  TradingSession,
} from '../../../../src-main/exchange/market/types.js';

/** A scripted market for broker tests: quotes and trades are pushed by hand, sessions are fixed EDT days. */
export const DAY1 = '2024-06-24';
export const DAY2 = '2024-06-25';

function session(date: string): TradingSession {
  const base = Date.parse(`${date}T00:00:00Z`);
  const hour = 3_600_000;
  return { date, sessionOpen: base + 8 * hour, open: base + 13.5 * hour, close: base + 20 * hour, sessionClose: base + 24 * hour };
}

export const SESSIONS = [session(DAY1), session(DAY2)];
export const S1 = SESSIONS[0] as TradingSession;
export const S2 = SESSIONS[1] as TradingSession;

class FakeCalendar implements MarketCalendar {
  sessions(from: string, to: string): TradingSession[] {
    return SESSIONS.filter((s) => s.date >= from && s.date <= to);
  }
  sessionOf(time: EpochMs): TradingSession | undefined {
    return SESSIONS.find((s) => time >= Date.parse(`${s.date}T04:00:00Z`) && time < Date.parse(`${s.date}T04:00:00Z`) + 86_400_000);
  }
  isRegularHours(time: EpochMs): boolean {
    return SESSIONS.some((s) => time >= s.open && time < s.close);
  }
  isExtendedHours(time: EpochMs): boolean {
    return SESSIONS.some((s) => (time >= s.sessionOpen && time < s.open) || (time >= s.close && time < s.sessionClose));
  }
  nextOpen(time: EpochMs): EpochMs {
    return SESSIONS.find((s) => s.open > time)?.open ?? Number.MAX_SAFE_INTEGER;
  }
  nextClose(time: EpochMs): EpochMs {
    return SESSIONS.find((s) => s.close > time)?.close ?? Number.MAX_SAFE_INTEGER;
  }
}

function asset(symbol: string, extra: Partial<ListedAsset> = {}): ListedAsset {
  return {
    id: `id-${symbol}`,
    symbol,
    name: `${symbol} Inc.`,
    exchange: 'NASDAQ',
    tradable: true,
    shortable: true,
    easyToBorrow: true,
    fractionable: true,
    marginable: true,
    ...extra,
  };
}

export class FakeMarket implements MarketSource {
  readonly calendar = new FakeCalendar();
  private readonly listed = [asset('AAPL'), asset('SPY'), asset('HARD', { shortable: false, easyToBorrow: false }), asset('WHOLE', { fractionable: false })];
  private readonly quotesBySymbol = new Map<string, StockQuote>();
  private readonly tradesBySymbol = new Map<string, StockTrade>();
  private readonly options = new Map<string, OptionSnapshot>();
  private readonly listeners = new Set<(events: MarketEvent[]) => void>();
  private tradeId = 0;

  assets(): readonly ListedAsset[] {
    return this.listed;
  }
  latestQuote(symbol: string): StockQuote | undefined {
    return this.quotesBySymbol.get(symbol);
  }
  latestTrade(symbol: string): StockTrade | undefined {
    return this.tradesBySymbol.get(symbol);
  }
  bars(): Bar[] {
    return [];
  }
  trades(): StockTrade[] {
    return [];
  }
  quotes(): StockQuote[] {
    return [];
  }
  advanceTo(): void {}
  onEvents(listener: (events: MarketEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setHalted(): void {}
  isHalted(): boolean {
    return false;
  }
  optionContracts(underlying: string) {
    return [...this.options.values()].map((o) => o.contract).filter((c) => c.underlying === underlying);
  }
  optionSnapshot(symbol: string): OptionSnapshot | undefined {
    return this.options.get(symbol);
  }

  /** Sets a quote without telling anyone (the state before a scenario starts). */
  setQuote(symbol: string, bid: number, ask: number, t: EpochMs): StockQuote {
    const quote: StockQuote = { symbol, t, bidPrice: bid, bidSize: 100, bidExchange: 'Q', askPrice: ask, askSize: 100, askExchange: 'Q', conditions: ['R'], tape: 'C' };
    this.quotesBySymbol.set(symbol, quote);
    return quote;
  }
  quote(symbol: string, bid: number, ask: number, t: EpochMs): void {
    const quote = this.setQuote(symbol, bid, ask, t);
    this.emit([{ kind: 'quote', quote }]);
  }
  trade(symbol: string, price: number, t: EpochMs): void {
    const trade: StockTrade = { symbol, t, id: ++this.tradeId, price, size: 100, exchange: 'Q', conditions: ['@'], tape: 'C' };
    this.tradesBySymbol.set(symbol, trade);
    this.emit([{ kind: 'trade', trade }]);
  }
  setOption(symbol: string, underlying: string, bid: number, ask: number, t: EpochMs): void {
    this.options.set(symbol, {
      contract: { symbol, id: `id-${symbol}`, underlying, type: symbol.includes('C') ? 'call' : 'put', strike: 100, expiration: '2024-07-19', style: 'american', multiplier: 100 },
      quote: { t, bidPrice: bid, bidSize: 10, askPrice: ask, askSize: 10, bidExchange: 'C', askExchange: 'C', condition: 'A' },
      trade: undefined,
      greeks: { delta: 0.5, gamma: 0.01, theta: -0.02, vega: 0.1, rho: 0.01 },
      impliedVolatility: 0.3,
    });
  }
  emit(events: MarketEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }
}
