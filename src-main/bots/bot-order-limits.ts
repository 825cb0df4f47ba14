import { Decimal } from 'decimal.js';
import type { OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { OrderRecord } from '../../src-shared/domain/order-record.js';
import type { SourceCheck } from '../kernel/orders/order-manager.js';

type Verdict = ReturnType<SourceCheck>;

/** Alpaca allows 200 order requests a minute per account; bots together stay below it, leaving room for the trader. */
export const GLOBAL_BOT_REQUESTS_PER_MINUTE = 180;
const WINDOW_MS = 60_000;
/** Requests kept back for cancels: a bot that quoted up to its limit can still take its quotes down. */
const CANCEL_RESERVE = 2;
const ZERO = new Decimal(0);

/**
 * Request times in a sliding 60-second window (the broker's clock is the wall clock, so is this one). `take`
 * counts one request; `fits` asks without counting. Times are kept in one growing array trimmed from the front
 * in blocks, so a steady stream of requests allocates nothing per request.
 */
export class RequestWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs = WINDOW_MS,
  ) {}

  used(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  fits(now: number, reserve = 0): boolean {
    return this.used(now) < this.limit - reserve;
  }

  take(now: number): void {
    this.times.push(now);
  }
}

export interface BotOrderLimitsOptions {
  source: string;
  /** Place, replace and cancel requests this bot may make in any 60 s. */
  requestsPerMinute: number;
  /** The window every bot shares (GLOBAL_BOT_REQUESTS_PER_MINUTE). */
  global: RequestWindow;
  /** Largest position either way per symbol, shares, counting the bot's working orders; undefined: no inventory limit. */
  maxInventory: number | undefined;
  /** The bot's own position (its ledger). */
  position: (symbol: string) => Decimal;
  /** Orders not yet final (the journal): this bot's working orders are read from them. */
  openOrders: () => readonly OrderRecord[];
  now: () => number;
}

/**
 * The host's limits on one bot's orders, in the order manager's risk path (a SourceCheck) and in front of its cancels,
 * so no strategy can pass them whatever it does: a request rate under the broker's (BOT_RATE_LIMIT, for the bot and
 * for all bots together) and a maximum inventory per symbol (BOT_INVENTORY_LIMIT: the position if every working
 * order on the order's side filled, this one included). A pass holds the order's size under its key until `release`,
 * so two orders checked before either reaches the journal cannot both use the same room.
 */
export class BotOrderLimits {
  private readonly own: RequestWindow;
  private readonly holds = new Map<string, { symbol: string; side: 'buy' | 'sell'; qty: Decimal }>();
  /** When the order path last refused this bot for its rate (that refusal is journaled as a denial). */
  private refusedAt = -Infinity;

  constructor(private readonly options: BotOrderLimitsOptions) {
    this.own = new RequestWindow(options.requestsPerMinute);
  }

  /** Requests this bot made in the last 60 s, and its limit (the Bots tab). */
  requests(): { used: number; limit: number; globalUsed: number; globalLimit: number } {
    const now = this.options.now();
    return { used: this.own.used(now), limit: this.own.limit, globalUsed: this.options.global.used(now), globalLimit: this.options.global.limit };
  }

  /**
   * A place or a replace. Counts one request when it passes (the caller sends it); `key` names the hold released
   * once the order's journal row exists (`release`).
   */
  checkOrder(intent: OrderIntent, replacing: string | undefined, key: string | undefined): Verdict {
    const now = this.options.now();
    const rate = this.rate(now, CANCEL_RESERVE, replacing ? 'replace' : 'place');
    if (rate) return rate;
    const inventory = this.inventory(intent, replacing) ?? this.selfCross(intent, replacing);
    if (inventory) return inventory;
    this.own.take(now);
    this.options.global.take(now);
    if (key !== undefined && intent.symbol && intent.side && intent.qty !== undefined) this.holds.set(key, { symbol: intent.symbol, side: intent.side, qty: new Decimal(intent.qty) });
    return { ok: true };
  }

  /**
   * Before the order path: while the bot's window is still full within a second of a refusal the journal already
   * holds, the next place or replace is refused here, so a strategy asking on every quote (its budget kept in market
   * time on a sped-up demo clock) does not become a denial row and a risk-context fetch per quote.
   */
  quickRefusal(replacing: boolean): Verdict | undefined {
    const now = this.options.now();
    if (now - this.refusedAt >= 1_000 || this.own.fits(now, CANCEL_RESERVE)) return undefined;
    return { ok: false, code: 'BOT_RATE_LIMIT', message: `${this.options.source} made ${this.own.used(now)} order requests in the last 60 s (limit ${this.own.limit}): this ${replacing ? 'replace' : 'place'} waits` };
  }

  /** A cancel: it may use the requests kept back from orders, never more than the limit. */
  checkCancel(): Verdict {
    const now = this.options.now();
    const rate = this.rate(now, 0, 'cancel');
    if (rate) return rate;
    this.own.take(now);
    this.options.global.take(now);
    return { ok: true };
  }

  release(key: string): void {
    this.holds.delete(key);
  }

  private rate(now: number, reserve: number, what: string): Verdict | undefined {
    const { source, global } = this.options;
    if (!this.own.fits(now, reserve)) {
      this.refusedAt = now;
      return { ok: false, code: 'BOT_RATE_LIMIT', message: `${source} made ${this.own.used(now)} order requests in the last 60 s (limit ${this.own.limit}, place + replace + cancel): this ${what} waits; lower the bot's quoting rate or raise maxRequestsPerMinute` };
    }
    if (!global.fits(now, reserve)) {
      return { ok: false, code: 'BOT_RATE_LIMIT', message: `bots together made ${global.used(now)} order requests in the last 60 s (limit ${global.limit}, below the broker's 200 a minute): this ${what} by ${source} waits; stop a bot or slow one down` };
    }
    return undefined;
  }

  /**
   * The broker refuses an order that could trade against the account's own open order on the other side (a potential
   * wash trade), and a refusal there would pause the bot: refused here first, with whose order it would meet.
   */
  private selfCross(intent: OrderIntent, replacing: string | undefined): Verdict | undefined {
    const { symbol, side, type } = intent;
    if (!symbol || !side || (type !== 'market' && type !== 'limit') || intent.legs !== undefined) return undefined;
    for (const order of this.options.openOrders()) {
      const other = order.intent;
      if (order.clientOrderId === replacing || other.symbol !== symbol || !other.side || other.side === side) continue;
      if (order.status === 'held' || (other.type !== 'market' && other.type !== 'limit')) continue;
      const buy = side === 'buy' ? intent.limitPrice : other.limitPrice;
      const sell = side === 'sell' ? intent.limitPrice : other.limitPrice;
      const crosses = type === 'market' || other.type === 'market' || (buy !== undefined && sell !== undefined && new Decimal(buy).gte(sell));
      if (!crosses) continue;
      const whose = order.source === this.options.source ? 'its own' : `${order.source}'s`;
      const at = other.limitPrice !== undefined ? ` at ${other.limitPrice}` : ' at market';
      return {
        ok: false,
        code: 'BOT_SELF_CROSS',
        message: `${this.options.source}: this ${side}${intent.limitPrice !== undefined ? ` at ${intent.limitPrice}` : ' at market'} could trade against ${whose} working ${other.side} of ${symbol}${at} (the broker refuses a potential wash trade); move or cancel that order first`,
      };
    }
    return undefined;
  }

  private inventory(intent: OrderIntent, replacing: string | undefined): Verdict | undefined {
    const max = this.options.maxInventory;
    const { symbol, side } = intent;
    if (max === undefined || !symbol || !side || intent.qty === undefined) return undefined;
    const dir = side === 'buy' ? 1 : -1;
    const position = this.options.position(symbol);
    let sameSide = ZERO;
    for (const order of this.options.openOrders()) {
      if (order.source !== this.options.source || order.clientOrderId === replacing) continue;
      if (order.intent.symbol !== symbol || order.intent.side !== side || order.intent.qty === undefined) continue;
      sameSide = sameSide.plus(Decimal.max(ZERO, new Decimal(order.intent.qty).minus(order.filledQty)));
    }
    for (const hold of this.holds.values()) if (hold.symbol === symbol && hold.side === side) sameSide = sameSide.plus(hold.qty);
    const worst = position.plus(sameSide.plus(intent.qty).times(dir));
    // An order that leaves the position no larger (a reduction) passes even above the limit: it is the way back.
    if (worst.abs().lte(max) || worst.abs().lte(position.abs())) return undefined;
    return {
      ok: false,
      code: 'BOT_INVENTORY_LIMIT',
      message: `${this.options.source}: the ${symbol} position would be ${worst.toFixed()} if this ${side} of ${intent.qty} and the working ${side}s (${sameSide.toFixed()}) filled, over the bot's inventory limit of ${max}; wait for a fill on the other side or raise maxInventory`,
    };
  }
}

/** The limits a bot's parameters name (market-making's `maxRequestsPerMinute`, `maxInventory`), else the defaults. */
export function botLimitParams(params: unknown): { requestsPerMinute: number; maxInventory: number | undefined } {
  const p = (typeof params === 'object' && params !== null ? params : {}) as { maxRequestsPerMinute?: unknown; maxInventory?: unknown };
  const rate = typeof p.maxRequestsPerMinute === 'number' && p.maxRequestsPerMinute > 0 ? Math.min(p.maxRequestsPerMinute, GLOBAL_BOT_REQUESTS_PER_MINUTE) : GLOBAL_BOT_REQUESTS_PER_MINUTE;
  const inventory = typeof p.maxInventory === 'number' && p.maxInventory > 0 ? p.maxInventory : undefined;
  return { requestsPerMinute: rate, maxInventory: inventory };
}
