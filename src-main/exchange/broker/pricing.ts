import type { EpochMs } from '../../../src-shared/time.js';
import type { MarketSource } from '../market/types.js';
import { fromNumber, type Decimal } from './decimal.js';

/** The NBBO (or an option's quote) of one instrument, as exact decimals. */
export interface Nbbo {
  bid: Decimal;
  ask: Decimal;
  t: EpochMs;
}

/** Latest quote of a stock or an option contract; undefined when the market has none (or a side is empty). */
export function nbboOf(market: MarketSource, symbol: string): Nbbo | undefined {
  const quote = market.latestQuote(symbol);
  if (quote) {
    if (!(quote.askPrice > 0) || !(quote.bidPrice > 0)) return undefined;
    return { bid: fromNumber(quote.bidPrice), ask: fromNumber(quote.askPrice), t: quote.t };
  }
  const option = market.optionSnapshot(symbol);
  if (option && option.quote.askPrice > 0 && option.quote.bidPrice >= 0) {
    return { bid: fromNumber(option.quote.bidPrice), ask: fromNumber(option.quote.askPrice), t: option.quote.t };
  }
  return undefined;
}

/** The mark used for market values: the last trade, else the quote's midpoint. */
export function markOf(market: MarketSource, symbol: string): Decimal | undefined {
  const trade = market.latestTrade(symbol);
  if (trade && trade.price > 0) return fromNumber(trade.price);
  const option = market.optionSnapshot(symbol);
  if (option?.trade && option.trade.price > 0) return fromNumber(option.trade.price);
  const nbbo = nbboOf(market, symbol);
  return nbbo ? nbbo.bid.plus(nbbo.ask).div(2) : undefined;
}
