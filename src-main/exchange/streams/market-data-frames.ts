import type { EpochMs } from '../../../src-shared/time.js';
import type { Bar, MarketEvent, OptionSnapshot } from '../market/types.js';
import { rfc3339 } from '../routes/market-data/format.js';

/**
 * Market data stream messages with Alpaca's keys. `time` renders timestamps: RFC-3339 strings in JSON frames,
 * Dates in msgpack frames (encoded as msgpack timestamp extensions, as Alpaca sends them).
 */
export type TimeRender = (t: EpochMs) => string | Date;
export const jsonTime: TimeRender = rfc3339;
export const msgpackTime: TimeRender = (t) => new Date(t);

export type StockChannel = 'trades' | 'quotes' | 'bars' | 'updatedBars' | 'dailyBars' | 'statuses' | 'lulds' | 'imbalances';
export const STOCK_CHANNELS: readonly StockChannel[] = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds', 'imbalances'];
export const OPTION_CHANNELS: readonly StockChannel[] = ['trades', 'quotes'];

const barMessage = (T: string, b: Bar, time: TimeRender): Record<string, unknown> => ({ T, S: b.symbol, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, t: time(b.t), n: b.n, vw: b.vw });

/** The channel and symbol of a market event, without building its message (most events go to no one). */
export function stockRoute(event: MarketEvent): { channel: StockChannel; symbol: string } {
  switch (event.kind) {
    case 'trade':
      return { channel: 'trades', symbol: event.trade.symbol };
    case 'quote':
      return { channel: 'quotes', symbol: event.quote.symbol };
    case 'bar':
      return { channel: 'bars', symbol: event.bar.symbol };
    case 'dailyBar':
      return { channel: 'dailyBars', symbol: event.bar.symbol };
    case 'status':
      return { channel: 'statuses', symbol: event.symbol };
  }
}

/** The channel and message of a market event. */
export function stockMessage(event: MarketEvent, time: TimeRender): { channel: StockChannel; symbol: string; message: Record<string, unknown> } {
  switch (event.kind) {
    case 'trade': {
      const t = event.trade;
      return { channel: 'trades', symbol: t.symbol, message: { T: 't', S: t.symbol, i: t.id, x: t.exchange, p: t.price, s: t.size, t: time(t.t), c: t.conditions, z: t.tape } };
    }
    case 'quote': {
      const q = event.quote;
      return {
        channel: 'quotes',
        symbol: q.symbol,
        message: { T: 'q', S: q.symbol, bx: q.bidExchange, bp: q.bidPrice, bs: q.bidSize, ax: q.askExchange, ap: q.askPrice, as: q.askSize, t: time(q.t), c: q.conditions, z: q.tape },
      };
    }
    case 'bar':
      return { channel: 'bars', symbol: event.bar.symbol, message: barMessage('b', event.bar, time) };
    case 'dailyBar':
      return { channel: 'dailyBars', symbol: event.bar.symbol, message: barMessage('d', event.bar, time) };
    case 'status':
      return {
        channel: 'statuses',
        symbol: event.symbol,
        message: {
          T: 's',
          S: event.symbol,
          sc: event.halted ? 'H' : 'T',
          sm: event.halted ? 'Trading Halt' : 'Trading Resumption',
          rc: event.halted ? 'T12' : 'T3',
          rm: event.reason,
          t: time(event.t),
          z: 'C',
        },
      };
  }
}

export function optionQuoteMessage(symbol: string, s: OptionSnapshot, time: TimeRender): Record<string, unknown> {
  const q = s.quote;
  return { T: 'q', S: symbol, t: time(q.t), bx: q.bidExchange, bp: q.bidPrice, bs: q.bidSize, ax: q.askExchange, ap: q.askPrice, as: q.askSize, c: q.condition };
}

export function optionTradeMessage(symbol: string, trade: NonNullable<OptionSnapshot['trade']>, time: TimeRender): Record<string, unknown> {
  return { T: 't', S: symbol, t: time(trade.t), p: trade.price, s: trade.size, x: trade.exchange, c: trade.condition };
}
