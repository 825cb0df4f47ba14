import { Decimal } from 'decimal.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import { amountText } from '../../../src-shared/decimal-text.js';
import type { SourceCheck } from '../../kernel/orders/order-manager.js';
import { applyFill, FLAT, type PositionState } from '../../kernel/orders/positions.js';
import { OCC_SYMBOL_PATTERN, occParts } from './occ.js';

const ZERO = new Decimal(0);
/** Shares per contract of every listed equity option Alpaca trades. */
export const MULTIPLIER = 100;

export interface OptionLedgerSnapshot {
  allocation: string;
  cash: string;
  /** What the worst case at expiry of the option positions holds back (cash-secured, as the backtest and Alpaca). */
  reserved: string;
  equity: string;
  positions: Array<{ symbol: string; qty: string; mark: string | null }>;
}

/**
 * What the ledger booked for an option past its expiry. The broker settles it with non-trade activities for the
 * whole account (OPEXC, OPASN, OPEXP and the shares' OPTRD), which name no order, so the bot's part is derived
 * from its own holding and the underlying's close on the expiry day, by the rule the broker applies.
 */
export interface OptionSettlement {
  /** The expiry day, YYYY-MM-DD. */
  date: string;
  symbol: string;
  kind: 'exercise' | 'assignment' | 'expiry';
  /** Signed contracts removed from the ledger (the holding before settlement). */
  contracts: string;
  /** Signed shares of the underlying delivered (0 when it expired worthless) at `price`, the strike. */
  shares: string;
  price: string;
  /** The underlying's close on the expiry day that decided it. */
  underlyingClose: string;
}

/** In the money by $0.01 or more: what the broker exercises or assigns at expiry (the local exchange's rule too). */
const EXERCISE_THRESHOLD = new Decimal('0.01');

type Verdict = ReturnType<SourceCheck>;

/**
 * An OptionsBot's own sub-ledger on the shared account: the fills of its orders (source `bot:<id>`; the legs of its
 * multi-leg orders carry the parent's source), in exact decimals, options at 100 shares a contract. Its check in the
 * order manager's risk path keeps the bot inside its allocation the way the option backtest does: what an order pays
 * (at the legs' far sides) plus the worst loss at expiry of everything it would then hold (short calls covered by
 * its shares left out) must fit in its cash; it may close only what it holds and sell only its own shares.
 */
export class OptionLedger {
  private readonly qtys = new Map<string, Decimal>();
  private readonly marks = new Map<string, Decimal>();
  private readonly quotes = new Map<string, { bid: Decimal; ask: Decimal }>();
  private readonly seen = new Set<string>();
  private readonly own: FillRecord[] = [];
  /** Cost basis and realised P&L per symbol, per share (an option's premium as quoted): Alpaca's average cost. */
  private readonly states = new Map<string, PositionState>();
  private readonly settled: OptionSettlement[] = [];
  private flow = ZERO;
  private allocationNow: Decimal;

  constructor(
    readonly source: string,
    allocation: string,
    readonly underlying: string,
  ) {
    this.allocationNow = new Decimal(allocation);
  }

  get allocation(): Decimal {
    return this.allocationNow;
  }

  /** A new allocation (the trader's or the meta-allocator's): what it holds stays; only what it may open changes. */
  setAllocation(allocation: string): void {
    const next = new Decimal(allocation);
    if (!next.isFinite() || next.lte(0)) throw new Error(`an allocation must be more than 0 dollars, not ${allocation}`);
    this.allocationNow = next;
  }

  rebuild(orders: readonly OrderRecord[], fills: readonly FillRecord[]): void {
    this.qtys.clear();
    this.seen.clear();
    this.own.length = 0;
    this.states.clear();
    this.settled.length = 0;
    this.flow = ZERO;
    const mine = new Map(orders.filter((o) => o.source === this.source).map((o) => [o.clientOrderId, o]));
    const sorted = [...fills].sort((a, b) => a.at - b.at);
    for (const fill of sorted) if (fill.clientOrderId !== null) this.onFill(fill, mine.get(fill.clientOrderId));
  }

  /** A fill with its order's journal row; other sources' fills and a multi-leg parent's net fill are ignored. */
  onFill(fill: FillRecord, order: OrderRecord | undefined): boolean {
    if (!order || order.source !== this.source || fill.symbol === '' || order.intent.orderClass === 'mleg') return false;
    if (this.seen.has(fill.executionId)) return false;
    this.seen.add(fill.executionId);
    this.own.push(fill);
    const qty = new Decimal(fill.qty);
    const signed = fill.side === 'buy' ? qty : qty.neg();
    const amount = qty.times(fill.price).times(this.multiplierOf(fill.symbol));
    this.flow = fill.side === 'buy' ? this.flow.minus(amount) : this.flow.plus(amount);
    this.qtys.set(fill.symbol, (this.qtys.get(fill.symbol) ?? ZERO).plus(signed));
    this.states.set(fill.symbol, applyFill(this.states.get(fill.symbol) ?? FLAT(), fill.side, fill.qty, fill.price));
    this.marks.set(fill.symbol, new Decimal(fill.price));
    return true;
  }

  /**
   * Settles every option it holds whose expiry day is before `today`, by the underlying's close that day
   * (`closeOn`; a day without a close is left for later): in the money by $0.01 or more, a long contract is
   * exercised and a short one assigned, 100 shares a contract delivered at the strike; otherwise it expires. The
   * contracts leave at no price, as the broker books them (their premium was paid or received when they traded).
   * Idempotent: a settled holding is zero. Returns what it booked now.
   */
  settleExpired(today: string, closeOn: (date: string) => number | undefined): OptionSettlement[] {
    const booked: OptionSettlement[] = [];
    for (const [symbol, q] of [...this.qtys]) {
      if (q.isZero()) continue;
      const parts = occParts(symbol);
      if (!parts || parts.expiration >= today) continue;
      const closeNumber = closeOn(parts.expiration);
      if (closeNumber === undefined || !Number.isFinite(closeNumber)) continue;
      const close = new Decimal(closeNumber);
      const amount = parts.right === 'C' ? close.minus(parts.strike) : parts.strike.minus(close);
      const exercised = amount.greaterThanOrEqualTo(EXERCISE_THRESHOLD);
      this.qtys.set(symbol, ZERO);
      this.states.set(symbol, applyFill(this.states.get(symbol) ?? FLAT(), q.isPositive() ? 'sell' : 'buy', q.abs().toFixed(), '0'));
      this.marks.set(symbol, ZERO);
      let shares = ZERO;
      if (exercised) {
        // A long call or a short put buys the shares; a long put or a short call sells them.
        const buys = (parts.right === 'C') === q.isPositive();
        shares = q.abs().times(MULTIPLIER).times(buys ? 1 : -1);
        this.qtys.set(this.underlying, this.qty(this.underlying).plus(shares));
        this.states.set(this.underlying, applyFill(this.states.get(this.underlying) ?? FLAT(), buys ? 'buy' : 'sell', shares.abs().toFixed(), parts.strike.toFixed()));
        this.flow = this.flow.minus(shares.times(parts.strike));
        // shares without a later price are worth the close that delivered them, not nothing
        if (!this.marks.has(this.underlying)) this.marks.set(this.underlying, close);
      }
      booked.push({
        date: parts.expiration,
        symbol,
        kind: exercised ? (q.isPositive() ? 'exercise' : 'assignment') : 'expiry',
        contracts: q.toFixed(),
        shares: shares.toFixed(),
        price: exercised ? parts.strike.toFixed() : '0',
        underlyingClose: close.toFixed(),
      });
    }
    for (const s of booked) this.settled.push(s);
    return booked;
  }

  /** The oldest expiry day before `today` among the options it still holds; undefined when none is past expiry. */
  oldestUnsettled(today: string): string | undefined {
    let oldest: string | undefined;
    for (const [symbol, q] of this.qtys) {
      const expiry = q.isZero() ? undefined : occParts(symbol)?.expiration;
      if (expiry !== undefined && expiry < today && (oldest === undefined || expiry < oldest)) oldest = expiry;
    }
    return oldest;
  }

  settlements(): readonly OptionSettlement[] {
    return this.settled;
  }

  /**
   * Its positions with cost, realised and unrealised P&L in dollars (an option's at 100 shares a contract), marked
   * at the latest price it holds (the chain's mid at its last decision, else its last fill); and every position's
   * realised P&L, closed ones included.
   */
  positionFigures(): { positions: Array<{ symbol: string; qty: string; costBasis: string; avgEntryPrice: string; realizedPl: string; lastPrice: string | null; unrealizedPl: string }>; realizedPl: Decimal; unrealizedPl: Decimal; invested: Decimal } {
    let realized = ZERO;
    let unrealized = ZERO;
    let invested = ZERO;
    const positions = [];
    for (const [symbol, state] of this.states) {
      const m = this.multiplierOf(symbol);
      realized = realized.plus(state.realizedPl.times(m));
      if (state.qty.isZero()) continue;
      const mark = this.marks.get(symbol);
      const pl = mark ? state.qty.times(mark).minus(state.costBasis).times(m) : ZERO;
      unrealized = unrealized.plus(pl);
      invested = invested.plus(state.costBasis.abs().times(m));
      positions.push({
        symbol,
        qty: state.qty.toFixed(),
        costBasis: amountText(state.costBasis.times(m)),
        avgEntryPrice: state.costBasis.div(state.qty).toDecimalPlaces(4).toFixed(),
        realizedPl: amountText(state.realizedPl.times(m)),
        lastPrice: mark ? mark.toFixed() : null,
        unrealizedPl: amountText(pl),
      });
    }
    return { positions, realizedPl: realized, unrealizedPl: unrealized, invested };
  }

  private multiplierOf(symbol: string): number {
    return OCC_SYMBOL_PATTERN.test(symbol) ? MULTIPLIER : 1;
  }

  /** A later price (per share) for what it holds; for options also the quote its checks price new orders at. */
  mark(symbol: string, price: number, quote?: { bid: number; ask: number }): void {
    if (Number.isFinite(price) && price >= 0) this.marks.set(symbol, new Decimal(price));
    if (quote && quote.ask > 0 && quote.bid >= 0) this.quotes.set(symbol, { bid: new Decimal(quote.bid), ask: new Decimal(quote.ask) });
  }

  qty(symbol: string): Decimal {
    return this.qtys.get(symbol) ?? ZERO;
  }

  /** Signed contracts of each option it holds. */
  options(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [symbol, q] of this.qtys) if (!q.isZero() && OCC_SYMBOL_PATTERN.test(symbol)) out.set(symbol, q.toNumber());
    return out;
  }

  cash(): Decimal {
    return this.allocation.plus(this.flow);
  }

  equity(): Decimal {
    let value = this.cash();
    for (const [symbol, q] of this.qtys) value = value.plus(q.times(this.marks.get(symbol) ?? ZERO).times(this.multiplierOf(symbol)));
    return value;
  }

  fills(): readonly FillRecord[] {
    return this.own;
  }

  /** The worst loss at expiry of `book` (signed contracts by symbol) with `shares` held, as a positive amount. */
  reserveFor(book: ReadonlyMap<string, Decimal>, shares: Decimal): Decimal {
    const legs = [...book].filter(([, q]) => !q.isZero()).map(([symbol, q]) => ({ ...occParts(symbol)!, q }));
    // Short calls covered by shares are left out (up to the shares held, 100 a contract, net of long calls).
    const netCalls = legs.filter((l) => l.right === 'C').reduce((s, l) => s.plus(l.q), ZERO);
    const coverable = Decimal.min(Decimal.max(ZERO, shares).div(MULTIPLIER).floor(), Decimal.max(ZERO, netCalls.neg()));
    const payoff = (s: Decimal): Decimal => {
      let v = ZERO;
      for (const l of legs) {
        const intrinsic = l.right === 'C' ? Decimal.max(ZERO, s.minus(l.strike)) : Decimal.max(ZERO, l.strike.minus(s));
        v = v.plus(intrinsic.times(l.q));
      }
      // Covered short calls: their loss above the strike is the shares' gain, so it is added back.
      if (!coverable.isZero()) {
        let left = coverable;
        for (const l of [...legs].filter((x) => x.right === 'C' && x.q.isNegative()).sort((a, b) => a.strike.comparedTo(b.strike))) {
          const n = Decimal.min(left, l.q.neg());
          v = v.plus(Decimal.max(ZERO, s.minus(l.strike)).times(n));
          left = left.minus(n);
          if (left.isZero()) break;
        }
      }
      return v;
    };
    let worst = payoff(ZERO);
    let top = ZERO;
    for (const l of legs) {
      worst = Decimal.min(worst, payoff(l.strike));
      top = Decimal.max(top, l.strike);
    }
    // Beyond the top strike the payoff moves by the uncovered net calls a dollar: unbounded when short.
    const slope = payoff(top.plus(1)).minus(payoff(top));
    if (slope.isNegative()) return new Decimal(Infinity);
    return Decimal.max(ZERO, worst.neg()).times(MULTIPLIER);
  }

  snapshot(): OptionLedgerSnapshot {
    const book = new Map([...this.qtys].filter(([s]) => OCC_SYMBOL_PATTERN.test(s)));
    return {
      allocation: amountText(this.allocation),
      cash: amountText(this.cash()),
      reserved: amountText(this.reserveFor(book, this.qty(this.underlying))),
      equity: amountText(this.equity()),
      positions: [...this.qtys].filter(([, q]) => !q.isZero()).map(([symbol, q]) => ({ symbol, qty: q.toFixed(), mark: this.marks.has(symbol) ? this.marks.get(symbol)!.toFixed() : null })),
    };
  }

  /** The bot's rule in the order manager's risk path (see the class comment). */
  readonly check: SourceCheck = (intent, info) => this.evaluate(intent, info.referencePrice);

  private evaluate(intent: OrderIntent, reference: Decimal | undefined): Verdict {
    const legs =
      intent.orderClass === 'mleg'
        ? (intent.legs ?? []).map((l) => ({ symbol: l.symbol, side: l.side, qty: new Decimal(l.ratioQty).times(intent.qty ?? '0') }))
        : intent.symbol && intent.side && intent.qty
          ? [{ symbol: intent.symbol, side: intent.side, qty: new Decimal(intent.qty) }]
          : [];
    if (legs.length === 0) return { ok: false, code: 'BOT_ORDER_UNSUPPORTED', message: `${this.source}: an OptionsBot sends orders with a quantity only` };
    const book = new Map([...this.qtys].filter(([s]) => OCC_SYMBOL_PATTERN.test(s)));
    let shares = this.qty(this.underlying);
    let pays = ZERO;
    for (const leg of legs) {
      const signed = leg.side === 'buy' ? leg.qty : leg.qty.neg();
      if (OCC_SYMBOL_PATTERN.test(leg.symbol)) {
        const parts = occParts(leg.symbol);
        if (!parts || parts.root !== this.underlying) return { ok: false, code: 'BOT_ORDER_UNSUPPORTED', message: `${this.source} trades options on ${this.underlying} only, not ${leg.symbol}` };
        const q = this.quotes.get(leg.symbol);
        if (!q) return { ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: `${this.source}: no quote for ${leg.symbol} to cost it against the bot's capital` };
        pays = pays.plus(signed.times(leg.side === 'buy' ? q.ask : q.bid).times(MULTIPLIER));
        book.set(leg.symbol, (book.get(leg.symbol) ?? ZERO).plus(signed));
      } else if (leg.symbol === this.underlying) {
        if (leg.side === 'sell' && leg.qty.greaterThan(Decimal.max(ZERO, shares))) {
          return { ok: false, code: 'BOT_POSITION_EXCEEDED', message: `${this.source} may sell only its own ${leg.symbol}: it holds ${shares.toFixed()}, this order sells ${leg.qty.toFixed()}` };
        }
        const price = intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : (reference ?? this.marks.get(leg.symbol));
        if (!price) return { ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: `${this.source}: no price to cost this ${leg.symbol} order` };
        pays = pays.plus(signed.times(price));
        shares = shares.plus(signed);
      } else {
        return { ok: false, code: 'BOT_ORDER_UNSUPPORTED', message: `${this.source} trades ${this.underlying} and its options only, not ${leg.symbol}` };
      }
    }
    const reserve = this.reserveFor(book, shares);
    const left = this.cash().minus(pays);
    if (!reserve.isFinite()) return { ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: `${this.source}: this order would leave short calls not covered by the bot's own shares (an unbounded loss)` };
    // Orders that only reduce the worst case (closing) always pass: they free capital.
    const before = this.reserveFor(new Map([...this.qtys].filter(([s]) => OCC_SYMBOL_PATTERN.test(s))), this.qty(this.underlying));
    if (left.minus(reserve).isNegative() && !(reserve.lessThan(before) && pays.lte(ZERO))) {
      return {
        ok: false,
        code: 'BOT_ALLOCATION_EXCEEDED',
        message: `${this.source}'s capital is ${amountText(this.allocation)}: after this order its cash would be ${amountText(left)} against ${amountText(reserve)} held for the worst case at expiry (raise the bot's allocation or lower maxLossShare)`,
      };
    }
    return { ok: true };
  }
}
