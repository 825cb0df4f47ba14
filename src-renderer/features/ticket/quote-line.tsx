import { useLiveQuote } from '../../hooks/use-live-quote.js';

const price = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

/** The typed symbol's bid, ask and last, live, so the trader prices an order against the market it meets. */
export function QuoteLine({ symbol }: { symbol: string }) {
  const quote = useLiveQuote(symbol);
  if (!quote) return null;
  if (quote.error) {
    return (
      <div className="ticket-quote ticket-quote-error" data-testid="ticket-quote" role="status">
        {quote.error}
      </div>
    );
  }
  return (
    <div className={`ticket-quote${quote.stale ? ' ticket-quote-stale' : ''}`} data-testid="ticket-quote" role="status">
      <span>
        Bid <b className="num" data-testid="ticket-quote-bid">{price(quote.bid)}</b>
      </span>
      <span>
        Ask <b className="num" data-testid="ticket-quote-ask">{price(quote.ask)}</b>
      </span>
      <span>
        Last <b className="num" data-testid="ticket-quote-last">{price(quote.last)}</b>
      </span>
      <span className="ticket-quote-source">
        {quote.source ?? ''}
        {quote.stale ? ' · STALE' : ''}
      </span>
    </div>
  );
}
