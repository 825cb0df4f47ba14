import { Decimal } from 'decimal.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import { isTerminal } from '../../../src-shared/domain/order-status.js';

export interface WorkingQty {
  buy: Decimal;
  sell: Decimal;
}

interface Reservation {
  symbol: string;
  side: 'buy' | 'sell';
  qty: Decimal;
}

const ZERO = new Decimal(0);

/**
 * The quantity each symbol may still trade through orders not yet final: open orders (journaled, unknown, at the
 * broker) and submits between their passed risk check and their journal row. The position limit counts it, so
 * three concurrent buys of 5 under a 10-share limit cannot all pass: each passed check reserves its quantity at
 * once (in the same tick as the check), the journal row takes the reservation over, and a final status frees it.
 *
 * A bracket's or OCO's exit legs (children of another order) reserve nothing: they only close what their parent
 * opened, and they are alternatives (one fill cancels the others). Notional orders without a limit price are counted
 * at the reference price of their check.
 */
export class WorkingOrders {
  private readonly open = new Map<string, Reservation>();
  private readonly pending = new Map<number, Reservation>();
  private nextToken = 0;

  /** Starts over from the journal's open orders (start-up, restart). */
  reset(openOrders: OrderRecord[], isLeg: (record: OrderRecord) => boolean): void {
    this.open.clear();
    for (const record of openOrders) this.track(record, isLeg(record));
  }

  /** Follows one order's row: counted while not terminal, by its unfilled quantity. */
  track(record: OrderRecord, leg: boolean): void {
    const symbol = record.intent.symbol;
    const side = record.intent.side;
    if (isTerminal(record.status) || leg || !symbol || !side) {
      this.open.delete(record.clientOrderId);
      return;
    }
    const total = record.intent.qty !== undefined ? new Decimal(record.intent.qty) : this.open.get(record.clientOrderId)?.qty.plus(new Decimal(record.filledQty)) ?? ZERO;
    const remaining = Decimal.max(ZERO, total.minus(new Decimal(record.filledQty)));
    this.open.set(record.clientOrderId, { symbol, side, qty: remaining });
  }

  /** A passed risk check's quantity, held until `settle` (the journal row took over, or the submit stopped). */
  reserve(symbol: string, side: 'buy' | 'sell', qty: Decimal): number {
    const token = (this.nextToken += 1);
    this.pending.set(token, { symbol, side, qty });
    return token;
  }

  /** Ends a reservation; with `clientOrderId`, its quantity moves to that (journaled) order. */
  settle(token: number, clientOrderId?: string): void {
    const held = this.pending.get(token);
    this.pending.delete(token);
    if (held && clientOrderId !== undefined && !this.open.has(clientOrderId)) this.open.set(clientOrderId, held);
  }

  of(symbol: string): WorkingQty {
    let buy = ZERO;
    let sell = ZERO;
    for (const r of [...this.open.values(), ...this.pending.values()]) {
      if (r.symbol !== symbol) continue;
      if (r.side === 'buy') buy = buy.plus(r.qty);
      else sell = sell.plus(r.qty);
    }
    return { buy, sell };
  }

  /** Every symbol with something working (the risk context's map), but `exclude` (an order being replaced). */
  all(exclude?: string): Map<string, WorkingQty> {
    const out = new Map<string, WorkingQty>();
    const open = exclude === undefined ? [...this.open.values()] : [...this.open].filter(([id]) => id !== exclude).map(([, r]) => r);
    for (const r of [...open, ...this.pending.values()]) {
      const w = out.get(r.symbol) ?? { buy: ZERO, sell: ZERO };
      out.set(r.symbol, r.side === 'buy' ? { buy: w.buy.plus(r.qty), sell: w.sell } : { buy: w.buy, sell: w.sell.plus(r.qty) });
    }
    return out;
  }
}
