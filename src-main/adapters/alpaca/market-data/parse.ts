import type { marketData } from '@alpacahq/alpaca-trade-api';
import type { Bar } from '../../../../src-shared/domain/bar.js';
import type { LiveQuote, LiveTrade } from '../../../market-data/types.js';

/**
 * Alpaca's REST shapes (as the SDK decodes them) to the workstation's; times become epoch ms. The SDK's types
 * say `t` is a Date, but its lossless JSON decoding of symbol-keyed responses leaves the RFC-3339 string.
 */
export function epochOf(t: Date | string): number {
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (!Number.isFinite(ms)) throw new Error(`unreadable timestamp in an Alpaca answer: ${String(t)}`);
  return ms;
}

export function barFromRest(b: marketData.StockBar): Bar {
  return { t: epochOf(b.t), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v };
}

export function tradeFromRest(symbol: string, t: marketData.StockTrade): LiveTrade {
  return { symbol, t: epochOf(t.t), price: t.p, size: t.s };
}

export function quoteFromRest(symbol: string, q: marketData.StockQuote): LiveQuote {
  return { symbol, t: epochOf(q.t), bid: q.bp, ask: q.ap, bidSize: q.bs, askSize: q.as };
}
