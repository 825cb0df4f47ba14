import type { OrderSide } from '../../../src-shared/domain/order-intent.js';

/**
 * An order a tab proposes to the ticket (an opportunity's row, an AI analysis's proposal): the ticket fills its
 * form with it and the trader sizes, previews and sends it, so it meets the risk engine like any order. Nothing is
 * sent from a draft.
 */
export interface TicketDraft {
  symbol: string;
  side: OrderSide;
  /** How it is sized and the size, as text the ticket's input holds; absent: the trader sizes it. */
  sizing?: 'qty' | 'notional';
  amount?: string;
  /** Absent: the ticket's default order type. */
  type?: 'market' | 'limit';
  /** A limit price to start from (the side's quote), as text; absent: the trader prices it. */
  limitPrice?: string;
  /** Where the draft came from and why, shown above the form. */
  note: string;
}

type Listener = (draft: TicketDraft) => void;

/**
 * One window's drafts on their way to the ticket. The ticket may not be open when a draft is offered (the tab
 * opening it mounts the ticket next), so the newest draft waits until a ticket takes it; a ticket already open
 * takes it at once.
 */
export class TicketDraftBus {
  private pending: TicketDraft | undefined;
  private readonly listeners = new Set<Listener>();

  offer(draft: TicketDraft): void {
    this.pending = draft;
    for (const listener of this.listeners) listener(draft);
    if (this.listeners.size > 0) this.pending = undefined;
  }

  /** The draft waiting for a ticket, once. */
  take(): TicketDraft | undefined {
    const draft = this.pending;
    this.pending = undefined;
    return draft;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
