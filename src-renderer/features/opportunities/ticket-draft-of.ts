import type { SymbolSnapshot } from '../../../src-shared/ipc/market-data-schemas.js';
import type { OpportunityDto } from '../../../src-shared/ipc/opportunities-schemas.js';
import type { TicketDraft } from '../../app/ticket-draft/ticket-draft-bus.js';

const pct = (v: number, digits = 1): string => `${(100 * v).toFixed(digits)}%`;

/**
 * The ticket an opportunity proposes: buy for an up view, sell for a down one, at a limit starting from the side of
 * the quote the order would meet (the ask to buy, the bid to sell; the last trade when there is no quote). A stale
 * snapshot gives no price: the trader prices the order against the live quote the ticket shows. No quantity: sizing
 * is the trader's, and the ticket's preview and risk check come before anything is sent.
 */
export function ticketDraftOf(o: OpportunityDto, snapshot: SymbolSnapshot | undefined): TicketDraft {
  const side = o.direction === 'up' ? 'buy' : 'sell';
  let price: number | undefined;
  if (snapshot && !snapshot.stale) {
    const quote = snapshot.latestQuote;
    const fromQuote = quote ? (side === 'buy' ? quote.ask : quote.bid) : undefined;
    price = fromQuote !== undefined && fromQuote > 0 ? fromQuote : snapshot.latestTrade?.price;
  }
  const note = `From Opportunities: ${o.strategy} sees ${o.symbol} ${o.direction} over ${o.horizon} bars, confidence ${pct(o.confidence, 0)} (calibrated on ${o.samples} outcomes), expected ${o.expectedReturn >= 0 ? '+' : ''}${pct(o.expectedReturn, 2)}. ${o.reason}`;
  return { symbol: o.symbol, side, ...(price !== undefined && price > 0 ? { limitPrice: price.toFixed(price >= 1 ? 2 : 4) } : {}), note: note.slice(0, 400) };
}
