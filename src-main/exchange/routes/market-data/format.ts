import type { EpochMs } from '../../../../src-shared/time.js';
import type { Bar, OptionSnapshot, StockQuote, StockTrade } from '../../market/types.js';

/**
 * Alpaca's JSON for market data: one-letter keys, RFC-3339 UTC timestamps with the fraction trimmed of
 * trailing zeros (Go's RFC3339Nano, as Alpaca prints them: `2024-01-03T14:30:00Z`, `...:00.123Z`).
 */
export function rfc3339(t: EpochMs): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso.replace(/0+Z$/, 'Z');
}

export const tradeJson = (t: StockTrade): Record<string, unknown> => ({
  t: rfc3339(t.t),
  x: t.exchange,
  p: t.price,
  s: t.size,
  c: t.conditions,
  i: t.id,
  z: t.tape,
});

type BestBidOffer = Pick<StockQuote, 'askExchange' | 'askPrice' | 'askSize' | 'bidExchange' | 'bidPrice' | 'bidSize'>;

/** The bid/ask keys stock and option quotes share. */
const bboJson = (q: BestBidOffer): Record<string, unknown> => ({
  ax: q.askExchange,
  ap: q.askPrice,
  as: q.askSize,
  bx: q.bidExchange,
  bp: q.bidPrice,
  bs: q.bidSize,
});

export const quoteJson = (q: StockQuote): Record<string, unknown> => ({ t: rfc3339(q.t), ...bboJson(q), c: q.conditions, z: q.tape });

export const barJson = (b: Bar): Record<string, unknown> => ({ t: rfc3339(b.t), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n, vw: b.vw });

export interface OptionTrade {
  t: EpochMs;
  price: number;
  size: number;
  exchange: string;
  condition: string;
}

export const optionTradeJson = (t: OptionTrade): Record<string, unknown> => ({ t: rfc3339(t.t), x: t.exchange, p: t.price, s: t.size, c: t.condition });

export const optionQuoteJson = (q: OptionSnapshot['quote']): Record<string, unknown> => ({ t: rfc3339(q.t), ...bboJson(q), c: q.condition });

export function optionSnapshotJson(s: OptionSnapshot): Record<string, unknown> {
  return {
    greeks: { ...s.greeks },
    impliedVolatility: s.impliedVolatility,
    latestQuote: optionQuoteJson(s.quote),
    ...(s.trade ? { latestTrade: optionTradeJson(s.trade) } : {}),
  };
}
