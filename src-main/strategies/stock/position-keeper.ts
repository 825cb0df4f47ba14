import type { Fill, OrderUpdate, StrategyContext } from '../../kernel/strategy/types.js';

/** More shares than any one order of a real account: a runaway equity (bad data) must not produce an unsendable order. */
const MAX_SHARES = 1e9;

const DONE = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced']);

/**
 * What the single-symbol stock strategies share: whether an order of theirs is still working on a symbol (so a
 * slow broker fill is not answered with a second order), the average price of the current long position (the
 * barriers of a swing trade are measured from it), and sizing by a fraction of equity within the cash there is.
 */
export class PositionKeeper {
  private readonly working = new Map<string, string>();
  private readonly entry = new Map<string, { qty: number; cost: number }>();
  /** Orders that reached a final state inside submit (a synchronous rejection): never marked working. */
  private readonly settledEarly = new Set<string>();
  private submitting = false;

  constructor(private readonly ctx: StrategyContext) {}

  /** True while an order this keeper sent for the symbol has not reached a final state. */
  busy(symbol: string): boolean {
    return this.working.has(symbol);
  }

  /** Buys `qty` at market; false when nothing was sent (zero shares, or an order still working). */
  buy(symbol: string, qty: number): boolean {
    if (!(qty >= 1 && qty <= MAX_SHARES) || this.busy(symbol)) return false;
    this.send(symbol, 'buy', qty);
    return true;
  }

  /** Sells `qty` (the whole long position when omitted) at market; false when nothing was sent. */
  sell(symbol: string, qty = this.ctx.portfolio.position(symbol)): boolean {
    if (!(qty > 0 && qty <= MAX_SHARES) || this.busy(symbol)) return false;
    this.send(symbol, 'sell', qty);
    return true;
  }

  private send(symbol: string, side: 'buy' | 'sell', qty: number): void {
    this.submitting = true;
    let id: string;
    try {
      id = this.ctx.submit(this.ctx.orders.market(symbol, side, qty));
    } finally {
      this.submitting = false;
    }
    if (!this.settledEarly.delete(id)) this.working.set(symbol, id);
  }

  /** Whole shares worth `fraction` of equity at `price`, never more than the cash on hand buys. */
  sharesFor(fraction: number, price: number): number {
    if (!(price > 0)) return 0;
    const budget = Math.min(this.ctx.portfolio.equity() * fraction, this.ctx.portfolio.cash());
    return budget > 0 ? Math.min(MAX_SHARES, Math.floor(budget / price)) : 0;
  }

  /** Average buy price of the long position held now (NaN when flat). */
  entryPrice(symbol: string): number {
    const e = this.entry.get(symbol);
    return e !== undefined && e.qty > 0 ? e.cost / e.qty : NaN;
  }

  onFill(fill: Readonly<Fill>): void {
    let e = this.entry.get(fill.symbol);
    if (!e) {
      e = { qty: 0, cost: 0 };
      this.entry.set(fill.symbol, e);
    }
    if (fill.side === 'buy') {
      e.qty += fill.qty;
      e.cost += fill.qty * fill.price;
    } else {
      // A sale keeps the average price of what is left; a full exit starts the next entry afresh.
      const avg = e.qty > 0 ? e.cost / e.qty : 0;
      e.qty = Math.max(0, e.qty - fill.qty);
      e.cost = avg * e.qty;
    }
  }

  onOrderUpdate(update: Readonly<OrderUpdate>): void {
    const symbol = update.intent.symbol;
    if (symbol === undefined || !DONE.has(update.state)) return;
    if (this.working.get(symbol) === update.id) this.working.delete(symbol);
    else if (this.submitting) this.settledEarly.add(update.id);
  }
}
