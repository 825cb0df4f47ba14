/**
 * A queue-aware fill model for one symbol's top of book, replayed quote by quote and trade by trade. Pure and
 * deterministic: it keeps no timers and reads no clock; time is whatever the ticks it is given say. Every rule below
 * is written down in README.md ("Quote-level fill rules") and has a hand-worked test in tests/unit/backtest/ticks.
 *
 * The recorded quotes and trades are the market without us: our orders never change the displayed sizes or the
 * prints. So an order's queue position is an estimate, kept conservative (it never moves forward on a guess).
 */

/** Why the model ended an order without filling all of it. */
export type QueueEnd = 'canceled' | 'expired' | 'ioc' | 'fok';

export const TIF_PLAIN = 0;
export const TIF_IOC = 1;
export const TIF_FOK = 2;

export interface QueueOrder<T = unknown> {
  /** What the caller ties the order to (the engine's order); the model never reads it. */
  readonly owner: T;
  readonly buy: boolean;
  /** The limit price; NaN for a market order (or a stop that becomes one). */
  limit: number;
  /** The stop price; NaN once triggered or for an order without one. */
  stop: number;
  /** Shares still to fill. */
  remaining: number;
  /** TIF_PLAIN (day, gtc), TIF_IOC or TIF_FOK. */
  readonly tif: number;
  /** Not live before this time (placed + latency). */
  liveAt: number;
  /** A cancel takes effect at this time (sent + latency); Infinity while none is sent. */
  cancelAt: number;
  /** A day order expires at this time; Infinity for none. */
  expireAt: number;
  /** Shares ahead of it at its price; Infinity while that level's depth is unknown (it joined behind the touch). */
  ahead: number;
  /** True once it has met the book (it rests, or, a market order, it takes what each quote shows). */
  joined: boolean;
  /** True once it is filled or ended (by the model, or by the caller through QueueBook.drop). */
  done: boolean;
}

export interface QueueSink<T> {
  /** Executes `qty` at `price`; false when the caller refuses the fill (it has then ended the order itself). */
  fill(order: QueueOrder<T>, qty: number, price: number, t: number): boolean;
  /** The model ended the order (cancel took effect, day expiry, the unfilled rest of an IOC, an unfillable FOK). */
  end(order: QueueOrder<T>, why: QueueEnd, t: number): void;
}

/** Prices closer than this are the same price (a limit computed as bid - 0.01 is not exactly the quote's double). */
const EPS = 1e-8;

export function queueOrder<T>(owner: T, buy: boolean, qty: number, limit: number, stop: number, tif: number, liveAt: number, expireAt = Infinity): QueueOrder<T> {
  return { owner, buy, limit, stop, remaining: qty, tif, liveAt, cancelAt: Infinity, expireAt, ahead: Infinity, joined: false, done: false };
}

/** One symbol's book and our orders in it, in the order they were placed (which is their priority among themselves). */
export class QueueBook<T> {
  bid = NaN;
  bidSize = 0;
  ask = NaN;
  askSize = 0;
  private readonly orders: Array<QueueOrder<T>> = [];
  /** Orders not yet joined (pending latency, a stop not triggered, or no quote yet): the join pass is skipped when 0. */
  private pending = 0;
  private ended = 0;
  /** Shares of the current quote's bid and ask already taken by our orders: a quote's size is available once. */
  private takenBid = 0;
  private takenAsk = 0;

  constructor(private readonly sink: QueueSink<T>) {}

  add(order: QueueOrder<T>): void {
    this.orders.push(order);
    this.pending++;
  }

  /** Ends an order from outside (the other side of its OCO filled, the account refused it): the model forgets it. */
  drop(order: QueueOrder<T>): void {
    this.markDone(order);
  }

  /** Orders the model still holds (live or pending), for tests and the engine's bookkeeping. */
  get open(): number {
    let n = 0;
    for (const o of this.orders) if (!o.done) n++;
    return n;
  }

  onQuote(t: number, bid: number, bidSize: number, ask: number, askSize: number): void {
    if (this.orders.length > 0) this.before(t);
    this.bid = bid;
    this.bidSize = bidSize;
    this.ask = ask;
    this.askSize = askSize;
    this.takenBid = 0;
    this.takenAsk = 0;
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.done || !o.joined) continue;
      if (o.limit !== o.limit) {
        // A market order's unfilled rest takes each new quote's touch, up to its size.
        this.takeTouch(o, t);
        continue;
      }
      if (o.buy) {
        if (ask <= o.limit + EPS) this.crossed(o, t);
        else if (bid < o.limit - EPS) o.ahead = 0;
        else if (bid <= o.limit + EPS && bidSize < o.ahead) o.ahead = bidSize;
      } else {
        if (bid >= o.limit - EPS) this.crossed(o, t);
        else if (ask > o.limit + EPS) o.ahead = 0;
        else if (ask >= o.limit - EPS && askSize < o.ahead) o.ahead = askSize;
      }
    }
  }

  onTrade(t: number, price: number, size: number): void {
    if (this.orders.length === 0) return;
    this.before(t);
    const orders = this.orders;
    // Shares of this print already given to our earlier orders at its price: a print fills our orders once, in order.
    let taken = 0;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.done) continue;
      if (o.stop === o.stop) {
        // A stop triggers on a print at or through it, then meets the book from the next tick on as a market or limit order.
        if (o.liveAt <= t && (o.buy ? price >= o.stop - EPS : price <= o.stop + EPS)) {
          o.stop = NaN;
          o.liveAt = t;
        }
        continue;
      }
      if (!o.joined || o.limit !== o.limit) continue;
      const through = o.buy ? price < o.limit - EPS : price > o.limit + EPS;
      if (through) {
        // A print at a worse price for the other side than ours: the whole level was taken, ours first.
        this.give(o, o.remaining, o.limit, t);
        continue;
      }
      const atLevel = o.buy ? price <= o.limit + EPS : price >= o.limit - EPS;
      if (!atLevel) continue;
      const reach = size - o.ahead - taken;
      o.ahead = o.ahead > size ? o.ahead - size : 0;
      if (reach > 0) {
        const qty = Math.min(o.remaining, reach);
        taken += qty;
        this.give(o, qty, o.limit, t);
      }
    }
  }

  /** Before a tick at t: cancels and expiries that took effect, then orders that went live join the book as it was. */
  private before(t: number): void {
    const orders = this.orders;
    if (this.ended > 0) this.compact();
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.done) continue;
      if (o.cancelAt <= t) this.finish(o, 'canceled', o.cancelAt);
      else if (o.expireAt <= t) this.finish(o, 'expired', o.expireAt);
    }
    if (this.pending === 0) return;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.done || o.joined || o.liveAt > t || o.stop === o.stop) continue;
      if (this.bid !== this.bid && this.ask !== this.ask) continue;
      this.join(o, t);
    }
  }

  private join(o: QueueOrder<T>, t: number): void {
    o.joined = true;
    this.pending--;
    const market = o.limit !== o.limit;
    const touch = o.buy ? this.ask : this.bid;
    const marketable = touch === touch && (market || (o.buy ? touch <= o.limit + EPS : touch >= o.limit - EPS));
    if (o.tif === TIF_FOK) {
      const shown = o.buy ? this.askSize - this.takenAsk : this.bidSize - this.takenBid;
      if (!marketable || shown < o.remaining) {
        this.finish(o, 'fok', t);
        return;
      }
    }
    if (marketable) this.takeTouch(o, t);
    if (o.done) return;
    if (o.tif !== TIF_PLAIN) {
      this.finish(o, 'ioc', t);
      return;
    }
    if (market) return;
    // Rests at its limit: behind the displayed size when it joins the touch, first when it betters it (or took
    // what the other side showed), and behind an unknown depth when it joins below the touch.
    const same = o.buy ? this.bid : this.ask;
    if (marketable || same !== same || (o.buy ? o.limit > same + EPS : o.limit < same - EPS)) o.ahead = 0;
    else if (o.buy ? o.limit >= same - EPS : o.limit <= same + EPS) o.ahead = o.buy ? this.bidSize : this.askSize;
    else o.ahead = Infinity;
  }

  /** Takes the other side's displayed size at the touch price (what our earlier orders left of this quote). */
  private takeTouch(o: QueueOrder<T>, t: number): void {
    const price = o.buy ? this.ask : this.bid;
    if (price !== price) return;
    if (o.limit === o.limit && (o.buy ? price > o.limit + EPS : price < o.limit - EPS)) return;
    const shown = o.buy ? this.askSize - this.takenAsk : this.bidSize - this.takenBid;
    const qty = Math.min(o.remaining, shown);
    if (qty <= 0) return;
    if (o.buy) this.takenAsk += qty;
    else this.takenBid += qty;
    this.give(o, qty, price, t);
  }

  /** The other side quoted at or through a resting order's price: it fills at its limit, up to that quote's size. */
  private crossed(o: QueueOrder<T>, t: number): void {
    const shown = o.buy ? this.askSize - this.takenAsk : this.bidSize - this.takenBid;
    const qty = Math.min(o.remaining, shown);
    o.ahead = 0;
    if (qty <= 0) return;
    if (o.buy) this.takenAsk += qty;
    else this.takenBid += qty;
    this.give(o, qty, o.limit, t);
  }

  private give(o: QueueOrder<T>, qty: number, price: number, t: number): void {
    if (!this.sink.fill(o, qty, price, t)) {
      this.markDone(o);
      return;
    }
    o.remaining -= qty;
    if (o.remaining <= 1e-9) this.markDone(o);
  }

  private finish(o: QueueOrder<T>, why: QueueEnd, t: number): void {
    this.markDone(o);
    this.sink.end(o, why, t);
  }

  private markDone(o: QueueOrder<T>): void {
    if (o.done) return;
    o.done = true;
    if (!o.joined) this.pending--;
    this.ended++;
  }

  /**
   * Drops ended orders in place, keeping the others in their order, before the next tick's passes: every pass then
   * walks live orders only (orders end a few thousand times in a run of millions of ticks).
   */
  private compact(): void {
    const orders = this.orders;
    let n = 0;
    let pending = 0;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      if (o.done) continue;
      orders[n++] = o;
      if (!o.joined) pending++;
    }
    orders.length = n;
    this.pending = pending;
    this.ended = 0;
  }
}
