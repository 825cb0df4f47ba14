import { Decimal } from 'decimal.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord, PositionRecord } from '../../../src-shared/domain/order-record.js';
import { amountText } from '../../../src-shared/decimal-text.js';
import type { SourceCheck } from '../orders/order-manager.js';
import { FLAT, applyFill, sortFills, toPositionRecord, type PositionState } from '../orders/positions.js';

const ZERO = new Decimal(0);

type Verdict = ReturnType<SourceCheck>;

/** What a bot's ledger holds, as exact decimal text (the Bots tab's and the tests' view). */
export interface BotLedgerSnapshot {
  allocation: string;
  /** Allocation - bought + sold. */
  cash: string;
  /** Cost basis of what it holds now: the part of the allocation in use. */
  invested: string;
  realizedPl: string;
  bought: string;
  sold: string;
  positions: PositionRecord[];
}

interface Hold {
  symbol: string;
  side: 'buy' | 'sell';
  qty: Decimal;
  cost: Decimal;
}

export interface BotLedgerOptions {
  /** The bot may sell short (a long-short strategy); otherwise a sell beyond what it holds is refused. */
  shorting?: boolean;
}

/**
 * One bot's own sub-ledger on the shared account: built only from the fills of orders whose source is the bot's
 * (`bot:<id>`), matched by client order id, in exact decimals. The strategy's portfolio view reads it (never the
 * account's positions), and `check` is the bot's rule in the order manager's risk path:
 * - an order that reduces a position (a sell of a long, a buy-back of a short) is no larger than the position less
 *   its own working orders on that side, and never flips it (close first, as Alpaca refuses a flip in one order);
 * - an order that opens or grows a position keeps the allocation in use within the allocation: the cost basis of
 *   its longs, the market value of its shorts (a short uses buying power as a long does), and the opening part of its
 *   working orders, plus this order's value;
 * - a short sale needs `shorting` on (long-short strategies);
 * - an opening order against what the rest of the account holds in that symbol (another bot or the trader long
 *   while this bot would go short, or the reverse) is refused with BOT_OPPOSITE_POSITION: Alpaca nets one position
 *   per symbol, so the two would net into one and the first closing order would be refused for lack of shares.
 * Rebuilt from the journal at every start, so it survives restarts.
 */
export class BotLedger {
  private readonly positions = new Map<string, PositionState>();
  private readonly seen = new Set<string>();
  private readonly own: FillRecord[] = [];
  private readonly lastPrice = new Map<string, Decimal>();
  /** Orders between a passed check and their journal row, by request key (released when the submit resolves). */
  private readonly pending = new Map<string, Hold>();
  /** The price a checked market order was costed at, by client order id, for its working cost. */
  private readonly costedAt = new Map<string, Decimal>();
  private bought = ZERO;
  private sold = ZERO;
  private allocationNow: Decimal;
  shorting: boolean;
  /** The account's net position of a symbol (all sources), to keep this bot from opening against the others. */
  private accountQty: ((symbol: string) => Decimal) | undefined;

  constructor(
    readonly source: string,
    allocation: string,
    /** The journal's open orders (all sources); the ledger keeps its own. */
    private readonly openOrders: () => OrderRecord[],
    options: BotLedgerOptions = {},
  ) {
    this.allocationNow = new Decimal(allocation);
    this.shorting = options.shorting ?? false;
  }

  get allocation(): Decimal {
    return this.allocationNow;
  }

  /**
   * A new allocation (the trader's, or the meta-allocator's through the same path). It moves the bot's cash and the
   * ceiling its opening orders are checked against, and nothing else: a ledger holding more than the new allocation
   * keeps what it holds (no order is sent, nothing is sold) and only its buys are refused until it is back inside.
   */
  setAllocation(allocation: string): void {
    const next = new Decimal(allocation);
    if (!next.isFinite() || next.lte(0)) throw new Error(`an allocation must be more than 0 dollars, not ${allocation}`);
    this.allocationNow = next;
  }

  /** Where the account's positions are read (the order manager's, set when the ledger joins the risk path). */
  useAccountPositions(accountQty: ((symbol: string) => Decimal) | undefined): void {
    this.accountQty = accountQty;
  }

  /** Starts over from the journal: every fill of an order this source sent, in the order they happened. */
  rebuild(orders: readonly OrderRecord[], fills: readonly FillRecord[]): void {
    this.positions.clear();
    this.seen.clear();
    this.own.length = 0;
    this.bought = ZERO;
    this.sold = ZERO;
    const mine = new Set(orders.filter((o) => o.source === this.source).map((o) => o.clientOrderId));
    for (const fill of sortFills(fills.filter((f) => f.clientOrderId !== null && mine.has(f.clientOrderId)))) this.apply(fill);
  }

  /** A new fill from the order manager, with its order's journal row; fills of other sources are ignored. */
  onFill(fill: FillRecord, order: OrderRecord | undefined): boolean {
    if (!order || order.source !== this.source || fill.clientOrderId !== order.clientOrderId) return false;
    return this.apply(fill);
  }

  private apply(fill: FillRecord): boolean {
    if (this.seen.has(fill.executionId)) return false;
    this.seen.add(fill.executionId);
    this.own.push(fill);
    const amount = new Decimal(fill.qty).times(fill.price);
    if (fill.side === 'buy') this.bought = this.bought.plus(amount);
    else this.sold = this.sold.plus(amount);
    this.positions.set(fill.symbol, applyFill(this.positions.get(fill.symbol) ?? FLAT(), fill.side, fill.qty, fill.price));
    this.lastPrice.set(fill.symbol, new Decimal(fill.price));
    return true;
  }

  /** A later price for marking what it holds (a bar's close). */
  mark(symbol: string, price: number): void {
    if (Number.isFinite(price) && price > 0 && this.positions.has(symbol)) this.lastPrice.set(symbol, new Decimal(price));
  }

  qty(symbol: string): Decimal {
    return this.positions.get(symbol)?.qty ?? ZERO;
  }

  cash(): Decimal {
    return this.allocation.minus(this.bought).plus(this.sold);
  }

  equity(): Decimal {
    let value = this.cash();
    for (const [symbol, p] of this.positions) value = value.plus(p.qty.times(this.lastPrice.get(symbol) ?? ZERO));
    return value;
  }

  /** The part of its allocation in use: the cost basis of its longs and the market value of its shorts. */
  invested(): Decimal {
    let total = ZERO;
    for (const [symbol, p] of this.positions) {
      if (p.qty.gt(0)) total = total.plus(p.costBasis);
      else if (p.qty.lt(0)) total = total.plus(this.shortValue(symbol, p.qty, p.costBasis));
    }
    return total;
  }

  /** A short's market value at the last price seen (its entry value until a price comes). */
  private shortValue(symbol: string, qty: Decimal, costBasis: Decimal): Decimal {
    const price = this.lastPrice.get(symbol);
    return price ? qty.abs().times(price) : costBasis.abs();
  }

  fills(): readonly FillRecord[] {
    return this.own;
  }

  snapshot(): BotLedgerSnapshot {
    let realized = ZERO;
    for (const p of this.positions.values()) realized = realized.plus(p.realizedPl);
    return {
      allocation: amountText(this.allocation),
      cash: amountText(this.cash()),
      invested: amountText(this.invested()),
      realizedPl: amountText(realized),
      bought: amountText(this.bought),
      sold: amountText(this.sold),
      positions: [...this.positions].filter(([, p]) => !p.qty.isZero()).map(([symbol, p]) => toPositionRecord(symbol, p)),
    };
  }

  /** The bot's rule in the risk path (see SourceCheck). A pass with a request key holds its size until `release`. */
  readonly check: SourceCheck = (intent, info) => {
    const verdict = this.evaluate(intent, info.referencePrice, info.replacing);
    if (verdict.ok && info.requestKey !== undefined) this.pending.set(info.requestKey, verdict.hold);
    return verdict.ok ? { ok: true } : verdict;
  };

  /** The submit behind `requestKey` resolved: its journal row (if any) now counts instead of the hold. */
  release(requestKey: string, clientOrderId?: string): void {
    const hold = this.pending.get(requestKey);
    this.pending.delete(requestKey);
    if (hold && clientOrderId !== undefined && hold.qty.gt(0)) this.costedAt.set(clientOrderId, hold.cost.div(hold.qty));
  }

  private evaluate(intent: OrderIntent, reference: Decimal | undefined, replacing: string | undefined): { ok: true; hold: Hold } | Exclude<Verdict, { ok: true }> {
    const { symbol, side } = intent;
    if (!symbol || !side || intent.legs !== undefined) {
      return { ok: false, code: 'BOT_ORDER_UNSUPPORTED', message: `${this.source}: a bot's ledger takes single-symbol orders only (a multi-leg order cannot be attributed)` };
    }
    const price = intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : reference;
    const qty = intent.qty !== undefined ? new Decimal(intent.qty) : intent.notional !== undefined && price ? new Decimal(intent.notional).div(price) : undefined;
    if (qty === undefined) return { ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: `${this.source}: no price to size this ${symbol} order against the bot's ledger` };
    const cost = intent.notional !== undefined ? new Decimal(intent.notional) : price ? qty.times(price) : undefined;
    const working = this.working(replacing);
    const held = this.qty(symbol);
    const sameSide = working.filter((w) => w.symbol === symbol && w.side === side).reduce((sum, w) => sum.plus(w.qty), ZERO);
    // The position this order works against: a sell reduces a long, a buy reduces a short.
    const against = side === 'sell' ? held : held.neg();
    if (against.gt(0)) {
      const free = Decimal.max(ZERO, against.minus(sameSide));
      if (qty.greaterThan(free)) {
        const verb = side === 'sell' ? 'sell' : 'buy back';
        const has = side === 'sell' ? `holds ${held.toFixed()}` : `is short ${held.abs().toFixed()}`;
        return {
          ok: false,
          code: 'BOT_POSITION_EXCEEDED',
          message: `${this.source} may ${verb} only its own ${symbol}: it ${has}${sameSide.isZero() ? '' : ` with ${sameSide.toFixed()} already on the way`}, this order ${side === 'sell' ? 'sells' : 'buys'} ${qty.toFixed()} (${
            side === 'sell' && this.shorting ? 'a flip to short must close first: the broker refuses one order that crosses zero' : side === 'sell' ? 'shares bought by hand or by another bot are not its to sell' : 'a flip to long must close first: the broker refuses one order that crosses zero'
          })`,
        };
      }
      return { ok: true, hold: { symbol, side, qty, cost: ZERO } };
    }
    // Opens or grows a position (a sell from flat or short is a short sale).
    if (side === 'sell' && !this.shorting) {
      return {
        ok: false,
        code: 'BOT_POSITION_EXCEEDED',
        message: `${this.source} may sell only its own ${symbol}: it holds ${held.toFixed()}${sameSide.isZero() ? '' : ` with ${sameSide.toFixed()} already being sold`}, this order sells ${qty.toFixed()} (shares bought by hand or by another bot are not its to sell; this bot's strategy does not sell short)`,
      };
    }
    const others = this.accountQty ? this.accountQty(symbol).minus(held) : ZERO;
    if (side === 'sell' ? others.gt(0) : others.lt(0)) {
      return {
        ok: false,
        code: 'BOT_OPPOSITE_POSITION',
        message: `${this.source} would go ${side === 'sell' ? 'short' : 'long'} ${symbol} while the rest of the account (another bot or the trader) is ${side === 'sell' ? 'long' : 'short'} ${others.abs().toFixed()}: the broker keeps one net position per symbol and refuses an order that crosses it, so this bot waits until they are flat`,
      };
    }
    if (cost === undefined) return { ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: `${this.source}: no price to cost this ${symbol} ${side === 'sell' ? 'short sale' : 'buy'} against the bot's allocation` };
    const inUse = this.invested().plus(this.openingCost(working));
    if (inUse.plus(cost).greaterThan(this.allocation)) {
      return {
        ok: false,
        code: 'BOT_ALLOCATION_EXCEEDED',
        message: `${this.source}'s allocation is ${amountText(this.allocation)}: ${amountText(inUse)} is in use or working, this ${symbol} ${side === 'sell' ? 'short sale' : 'buy'} ${side === 'sell' ? 'is worth' : 'costs'} about ${amountText(cost)} (raise the bot's allocation to let it ${side === 'sell' ? 'short' : 'buy'} more)`,
      };
    }
    return { ok: true, hold: { symbol, side, qty, cost } };
  }

  /**
   * What its working orders would add to the allocation in use: the buys of symbols it is not short and the sells of
   * symbols it is not long (closing orders free capital, they never take it). Pending holds carry their opening cost.
   */
  private openingCost(working: readonly Hold[]): Decimal {
    let total = ZERO;
    for (const w of working) {
      const held = this.qty(w.symbol);
      const closes = w.side === 'sell' ? held.gt(0) : held.lt(0);
      if (!closes) total = total.plus(w.cost);
    }
    return total;
  }

  /** Its orders not yet final (the journal's open rows of this source, but `replacing`) and holds not yet journaled. */
  private working(replacing: string | undefined): Hold[] {
    const out: Hold[] = [...this.pending.values()];
    for (const order of this.openOrders()) {
      if (order.source !== this.source || order.clientOrderId === replacing) continue;
      const { symbol, side, qty, notional, limitPrice } = order.intent;
      if (!symbol || !side) continue;
      const filled = new Decimal(order.filledQty);
      const price = limitPrice !== undefined ? new Decimal(limitPrice) : this.costedAt.get(order.clientOrderId) ?? this.lastPrice.get(symbol) ?? ZERO;
      if (qty !== undefined) {
        const left = Decimal.max(ZERO, new Decimal(qty).minus(filled));
        out.push({ symbol, side, qty: left, cost: left.times(price) });
      } else if (notional !== undefined) {
        const spent = filled.times(order.filledAvgPrice ?? '0');
        const left = Decimal.max(ZERO, new Decimal(notional).minus(spent));
        out.push({ symbol, side, qty: price.isZero() ? ZERO : left.div(price), cost: left });
      }
    }
    return out;
  }
}
