/**
 * A ticket filled in by another tab (an AI proposal, an opportunity): the ticket shows it for the trader to review,
 * preview and send through the risk checks like any order. Nothing here sends an order; the ticket alone does, on
 * the trader's Enter.
 */
export interface TicketPrefill {
  symbol: string;
  side: 'buy' | 'sell';
  sizing: 'qty' | 'notional';
  /** Shares or dollars, as text the ticket's input holds. */
  amount: string;
  type: 'market' | 'limit';
  /** For a limit order. */
  limitPrice?: string;
  /** Shown above the ticket, e.g. "AI proposal: buy a 1% pullback". */
  from: string;
}

type Listener = (prefill: TicketPrefill) => void;

/**
 * One per window (a module, as the renderer is one window): `request` hands the prefill to an open ticket, or keeps
 * it until a ticket opens and `take`s it.
 */
class TicketPrefillBus {
  private pending: TicketPrefill | undefined;
  private readonly listeners = new Set<Listener>();

  request(prefill: TicketPrefill): void {
    if (this.listeners.size === 0) {
      this.pending = prefill;
      return;
    }
    this.pending = undefined;
    for (const listener of this.listeners) listener(prefill);
  }

  /** The prefill that waited for a ticket to open, once. */
  take(): TicketPrefill | undefined {
    const prefill = this.pending;
    this.pending = undefined;
    return prefill;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const ticketPrefills = new TicketPrefillBus();
