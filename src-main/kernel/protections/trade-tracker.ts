/** A round trip of one symbol, as the protections judge it. */
export interface ClosedTrade {
  symbol: string;
  closedAt: number;
  /** Profit as a fraction of the entry cost (0.02 = +2%), net of the fees given with the fills. */
  profit: number;
  /** Closed by a stop (a stop order, or an exit whose reason says stop). */
  stopOut: boolean;
}

interface Open {
  qty: number;
  cost: number;
  fees: number;
}

/**
 * Turns a bot's fills into closed trades: a trade runs from flat to flat (a flip closes one and opens the next). The
 * average entry price is the cost over the quantity; profit is the exit value against that cost.
 */
export class TradeTracker {
  private readonly open = new Map<string, Open>();

  /** A fill; returns the trade it closed, if it did. */
  fill(symbol: string, side: 'buy' | 'sell', qty: number, price: number, fee: number, at: number, stopExit: boolean): ClosedTrade | undefined {
    const signed = side === 'buy' ? qty : -qty;
    const o = this.open.get(symbol) ?? { qty: 0, cost: 0, fees: 0 };
    if (o.qty === 0 || Math.sign(o.qty) === Math.sign(signed)) {
      this.open.set(symbol, { qty: o.qty + signed, cost: o.cost + qty * price, fees: o.fees + fee });
      return undefined;
    }
    const closing = Math.min(qty, Math.abs(o.qty));
    const entry = o.cost / Math.abs(o.qty);
    const part = closing / Math.abs(o.qty);
    const pnl = Math.sign(o.qty) * (price - entry) * closing - o.fees * part - fee * (closing / qty);
    const basis = entry * closing;
    const left = o.qty + Math.sign(signed) * closing;
    const rest = qty - closing;
    // Partial exits keep the trade open; the profit counts at the flat (the sum of its parts).
    const acc = this.partial.get(symbol) ?? { pnl: 0, basis: 0, stop: false };
    acc.pnl += pnl;
    acc.basis += basis;
    acc.stop ||= stopExit;
    if (Math.abs(left) > 1e-9) {
      this.open.set(symbol, { qty: left, cost: entry * Math.abs(left), fees: o.fees * (1 - part) });
      this.partial.set(symbol, acc);
      return undefined;
    }
    this.partial.delete(symbol);
    if (rest > 1e-9) this.open.set(symbol, { qty: Math.sign(signed) * rest, cost: rest * price, fees: fee * (rest / qty) });
    else this.open.delete(symbol);
    return { symbol, closedAt: at, profit: acc.basis > 0 ? acc.pnl / acc.basis : 0, stopOut: acc.stop };
  }

  private readonly partial = new Map<string, { pnl: number; basis: number; stop: boolean }>();
}
