import type { EpochMs } from '../../../src-shared/time.js';
import type { ExchangeClock } from '../clock.js';
import type { MarketEvent, MarketSource } from '../market/types.js';
import { Account } from './account.js';
import { accountFromState, accountState, type AccountState } from './broker-state.js';
import { Decimal, decStr, fromNumber, ZERO } from './decimal.js';
import { clientOrderIdNotUnique, exerciseAfterHours, exerciseInvalidSymbol, exerciseNoPosition, exerciseShortPosition, orderNotCancelable, orderNotFound } from './errors.js';
import { expiringPositions, inTheMoney, settleOption, type SettlementContext } from './option-settlement.js';
import { doNotExerciseShortPosition } from './options-exercise-errors.js';
import { parseOcc } from '../market/options-chain.js';
import { nyDate } from '../market/ny-time.js';
import { InstrumentDirectory } from './instruments.js';
import { auctionAllows, executablePrice, needsTrigger, observedPrice, stopTouched, trail } from './matching.js';
import { TERMINAL_STATUSES, type AccountConfigurations, type Order, type OrderStatus, type TradeEvent, type TradeUpdateData, type TradeUpdateFields } from './model.js';
import { buildOrders } from './order-factory.js';
import { parseOrderRequest } from './order-request.js';
import { applyExecution } from './positions.js';
import type { Nbbo } from './pricing.js';
import { nbboOf } from './pricing.js';
import { checkOrder, checkWashTrade } from './risk.js';
import { SeededRandom } from './rng.js';
import { orderJson, type OrderJson } from './serialize.js';
import { auctionTime, canTradeAt, dayExpiry } from './sessions.js';
import { newYorkRfc3339, rfc3339 } from './time-format.js';
import { Valuer } from './valuation.js';
import { buildReplacement } from './replace.js';

export interface BrokerOptions {
  /** Seeds partial-fill choices and ids: the same seed and the same market give the same fills. */
  seed?: number;
  /** Share of fills split into a partial fill first (Alpaca paper: about 10%). */
  partialFillShare?: number;
  startingCash?: string;
  maxMarginMultiplier?: AccountConfigurations['max_margin_multiplier'];
  /**
   * Runs the second half of a cancel or replace (the venue's answer). Default: the next turn of the event loop,
   * so a fill arriving in between wins the race as it does at Alpaca; tests pass a manual queue.
   */
  schedule?: (task: () => void) => void;
  /** Refuse an order that could trade against the account's own opposite open order (Alpaca's 422 wash-trade answer). Off by default. */
  rejectWashTrades?: boolean;
}

/** What the demo exchange keeps across restarts (see saveState). */
export interface BrokerState {
  clockAt: EpochMs;
  random: { fill: number; id: number };
  account: AccountState;
}

export type TradeUpdateListener = (keyId: string, update: TradeUpdateData) => void;

const WORKING: ReadonlySet<OrderStatus> = new Set(['new', 'partially_filled', 'pending_cancel', 'pending_replace']);
const SAMPLE_INTERVAL_MS = 60_000;

/**
 * The paper broker: one account per API key id, orders matched against the market's quotes and trades with
 * Alpaca's paper semantics, and a trade_updates event for every order transition.
 */
export class Broker {
  readonly valuer: Valuer;
  readonly instruments: InstrumentDirectory;
  private readonly accounts = new Map<string, Account>();
  private readonly listeners = new Set<TradeUpdateListener>();
  /** Orders not yet terminal, in submission order. */
  private readonly open = new Map<string, Order>();
  private readonly fillRandom: SeededRandom;
  private readonly idRandom: SeededRandom;
  private readonly partialFillShare: number;
  private readonly rejectWashTrades: boolean;
  private readonly startingCash: Decimal;
  private readonly maxMarginMultiplier: AccountConfigurations['max_margin_multiplier'];
  private readonly schedule: (task: () => void) => void;
  private readonly unsubscribe: () => void;
  /** Quotes of the batch being processed: the market's latest quote may already be further on. */
  private readonly batchQuotes = new Map<string, Nbbo>();
  private readonly lastTradeBeforeClose = new Map<string, { t: EpochMs; price: Decimal }>();
  private processing = false;
  private lastTime: EpochMs = 0;
  /** Counts changes worth keeping (orders, fills, cash, settings); equity samples alone do not count. */
  private revision = 0;

  constructor(
    readonly market: MarketSource,
    readonly clock: ExchangeClock,
    options: BrokerOptions = {},
  ) {
    const seed = options.seed ?? 1;
    this.fillRandom = new SeededRandom(seed);
    this.idRandom = new SeededRandom(seed ^ 0x5bd1e995);
    this.partialFillShare = options.partialFillShare ?? 0.1;
    this.rejectWashTrades = options.rejectWashTrades ?? false;
    this.startingCash = new Decimal(options.startingCash ?? '100000');
    this.maxMarginMultiplier = options.maxMarginMultiplier ?? '4';
    this.schedule = options.schedule ?? ((task) => setImmediate(task));
    this.valuer = new Valuer(market);
    this.instruments = new InstrumentDirectory(market);
    this.lastTime = clock.now();
    this.unsubscribe = market.onEvents((events) => this.onMarketEvents(events));
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  onTradeUpdate(listener: TradeUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  account(keyId: string): Account {
    let account = this.accounts.get(keyId);
    if (!account) {
      const number = `PA${String(Math.floor(this.idRandom.next() * 1e10)).padStart(10, '0')}`;
      account = new Account(keyId, this.idRandom.uuid(), number, this.now(), this.startingCash, this.maxMarginMultiplier);
      account.equitySamples.push({ t: this.now(), equity: this.startingCash });
      this.accounts.set(keyId, account);
    }
    return account;
  }

  // ---- persistence (demo mode: exchange/demo-state.ts) ----------------------------------------------------

  /** Rises with every change the demo state must keep: the persistence skips serialising an unchanged account. */
  get stateRevision(): number {
    return this.revision;
  }

  /** One account, the broker's clock and its chance, written down so a restart goes on from here. */
  saveState(keyId: string): BrokerState {
    return { clockAt: this.now(), random: { fill: this.fillRandom.position, id: this.idRandom.position }, account: accountState(this.account(keyId)) };
  }

  /**
   * Puts a saved account back under `keyId` (a fresh key each start) before anyone trades: orders, positions,
   * cash, activities, the ids' and fills' random sequences (so no id repeats), and the clock never behind the
   * saved one. A cancel or replace that was half way through completes as the venue would have answered.
   */
  restoreState(keyId: string, state: BrokerState): void {
    const account = accountFromState(state.account, keyId, this.maxMarginMultiplier);
    this.accounts.set(keyId, account);
    this.fillRandom.resume(state.random.fill);
    this.idRandom.resume(state.random.id);
    this.lastTime = Math.max(this.lastTime, state.clockAt);
    for (const id of account.orderSequence) {
      const order = account.orders.get(id);
      if (order && !TERMINAL_STATUSES.has(order.status) && order.status !== 'pending_new') this.open.set(order.id, order);
    }
    for (const order of this.open.values()) {
      if (order.pendingCancel) this.schedule(() => this.completeCancel(order));
      const replacement = order.pendingReplacementId ? account.orders.get(order.pendingReplacementId) : undefined;
      if (replacement) this.schedule(() => this.completeReplace(order, replacement));
    }
  }

  /** The broker's time: never behind the market events it has seen, never going back. */
  now(): EpochMs {
    this.lastTime = Math.max(this.lastTime, this.clock.now());
    return this.lastTime;
  }

  /** Applies the time-driven transitions (open, close, expiry, auctions) up to the clock's current time. */
  sync(): void {
    // The clock's time, not now(): now() would move lastTime first and hide a close crossed since the last event.
    this.advanceTime(this.clock.now());
    this.matchQuiet();
  }

  // ---- orders -------------------------------------------------------------------------------------------

  submitOrder(keyId: string, body: unknown): OrderJson {
    this.sync();
    this.revision += 1;
    const spec = parseOrderRequest(body, this.instruments.lookup);
    const account = this.account(keyId);
    if (spec.clientOrderId !== undefined && account.clientOrderIds.has(spec.clientOrderId)) throw clientOrderIdNotUnique();
    checkOrder(account, spec, this.valuer, undefined, this.now());
    if (this.rejectWashTrades) checkWashTrade(account, spec);
    const now = this.now();
    const orders = buildOrders(spec, keyId, now, this.idRandom);
    const [parent, ...legs] = orders;
    if (!parent) throw new Error('no order built');
    for (const order of orders) {
      account.addOrder(order);
      this.open.set(order.id, order);
    }
    parent.expiresAt = dayExpiry(parent, now, this.market.calendar);
    parent.auctionAt = auctionTime(parent, now, this.market.calendar);
    for (const leg of legs) leg.expiresAt = parent.expiresAt;
    const activeNow = parent.auctionAt !== null || this.tradableNow(parent, now);
    parent.status = activeNow ? 'pending_new' : 'accepted';
    for (const leg of legs) if (leg.role === 'mleg_leg') leg.status = parent.status;
    const response = orderJson(parent, legs);
    if (activeNow) this.activate(parent);
    return response;
  }

  getOrder(keyId: string, id: string, nested: boolean): OrderJson {
    const order = this.findOrder(keyId, id);
    return orderJson(order, nested ? this.legsOf(order) : undefined);
  }

  getOrderByClientId(keyId: string, clientOrderId: string): OrderJson {
    const id = this.account(keyId).clientOrderIds.get(clientOrderId);
    if (!id) throw orderNotFound();
    return this.getOrder(keyId, id, true);
  }

  findOrder(keyId: string, id: string): Order {
    const order = this.account(keyId).orders.get(id);
    if (!order) throw orderNotFound();
    return order;
  }

  legsOf(order: Order): Order[] {
    const account = this.account(order.keyId);
    return order.legIds.map((id) => account.orders.get(id)).filter((leg): leg is Order => leg !== undefined);
  }

  /** Requests a cancel: pending_cancel now, canceled when the venue answers (unless a fill gets there first). */
  cancelOrder(keyId: string, id: string): void {
    this.sync();
    const order = this.findOrder(keyId, id);
    if (TERMINAL_STATUSES.has(order.status) || order.status === 'pending_replace') throw orderNotCancelable(order.status);
    if (order.pendingCancel) return;
    order.pendingCancel = true;
    this.transition(order, 'pending_cancel', 'pending_cancel');
    this.schedule(() => this.completeCancel(order));
  }

  /** Cancels every open order (parents take their legs along); the 207 body of DELETE /v2/orders. */
  cancelAll(keyId: string): { id: string; status: number; body?: unknown }[] {
    this.sync();
    const results: { id: string; status: number; body?: unknown }[] = [];
    for (const order of [...this.open.values()]) {
      // A leg goes with its parent while the parent is open; once the parent has filled, the legs are open orders
      // of their own and Alpaca's cancel-all cancels them too (a kill switch must not leave a bracket's exits live).
      if (order.keyId !== keyId || (order.parentId !== null && this.open.has(order.parentId)) || order.pendingCancel) continue;
      try {
        this.cancelOrder(keyId, order.id);
        results.push({ id: order.id, status: 200 });
      } catch (error) {
        const status = (error as { status?: number }).status ?? 500;
        results.push({ id: order.id, status, body: (error as { body?: unknown }).body });
      }
    }
    return results;
  }

  /** Cancels at once (no venue round trip): used before closing positions, which needs the shares free. */
  cancelNow(order: Order): void {
    if (TERMINAL_STATUSES.has(order.status)) return;
    order.canceledAt = this.now();
    this.transition(order, 'canceled', 'canceled');
    for (const leg of this.legsOf(order)) this.cancelNow(leg);
  }

  replaceOrder(keyId: string, id: string, body: unknown): OrderJson {
    this.sync();
    const old = this.findOrder(keyId, id);
    const account = this.account(keyId);
    const replacement = buildReplacement(old, body, {
      now: this.now(),
      ids: this.idRandom,
      clientIdTaken: (clientId) => account.clientOrderIds.has(clientId),
      check: (spec) => {
        checkOrder(account, spec, this.valuer, old.id, this.now());
        if (this.rejectWashTrades) checkWashTrade(account, spec, old.id);
      },
      instrument: this.instruments.lookup(old.symbol),
    });
    replacement.expiresAt = dayExpiry(replacement, replacement.createdAt, this.market.calendar);
    replacement.auctionAt = auctionTime(replacement, replacement.createdAt, this.market.calendar);
    account.addOrder(replacement);
    old.pendingReplacementId = replacement.id;
    this.transition(old, 'pending_replace', 'pending_replace');
    const response = orderJson(replacement, this.legsOf(replacement));
    this.schedule(() => this.completeReplace(old, replacement));
    return response;
  }

  updateConfigurations(keyId: string, changes: Partial<AccountConfigurations>): AccountConfigurations {
    const account = this.account(keyId);
    account.configurations = { ...account.configurations, ...changes };
    this.revision += 1;
    return account.configurations;
  }

  // ---- market -------------------------------------------------------------------------------------------

  private onMarketEvents(events: MarketEvent[]): void {
    this.processing = true;
    try {
      for (const event of events) {
        if (event.kind === 'quote') {
          const q = event.quote;
          this.advanceTime(q.t);
          if (q.bidPrice > 0 && q.askPrice > 0) this.batchQuotes.set(q.symbol, { bid: fromNumber(q.bidPrice), ask: fromNumber(q.askPrice), t: q.t });
          this.matchSymbol(q.symbol, undefined, q.t);
        } else if (event.kind === 'trade') {
          const trade = event.trade;
          this.advanceTime(trade.t);
          const price = fromNumber(trade.price);
          const session = this.market.calendar.sessionOf(trade.t);
          if (session && trade.t < session.close) this.lastTradeBeforeClose.set(trade.symbol, { t: trade.t, price });
          this.matchSymbol(trade.symbol, price, trade.t);
        }
      }
    } finally {
      this.processing = false;
      this.batchQuotes.clear();
    }
    this.matchQuiet();
    this.sampleEquity();
  }

  private nbbo(symbol: string): Nbbo | undefined {
    if (this.processing) {
      const quote = this.batchQuotes.get(symbol);
      if (quote) return quote;
    }
    return nbboOf(this.market, symbol);
  }

  private matchSymbol(symbol: string, tradePrice: Decimal | undefined, time: EpochMs): void {
    for (const order of [...this.open.values()]) {
      if (order.symbol !== symbol) continue;
      if (order.auctionAt !== null && order.timeInForce === 'opg' && time >= order.auctionAt && WORKING.has(order.status)) {
        this.fillAuction(order, tradePrice ?? this.takePrice(order));
        continue;
      }
      this.tryMatch(order, tradePrice);
    }
  }

  /** Instruments without stock events (options, multi-leg packages): checked against their current quotes. */
  private matchQuiet(): void {
    for (const order of [...this.open.values()]) {
      if (order.assetClass === 'us_option' || (order.orderClass === 'mleg' && order.parentId === null)) this.tryMatch(order, undefined);
    }
  }

  private takePrice(order: Order): Decimal | undefined {
    const nbbo = this.nbbo(order.symbol);
    return nbbo ? (order.side === 'buy' ? nbbo.ask : nbbo.bid) : undefined;
  }

  private tradableNow(order: Order, time: EpochMs): boolean {
    if (order.orderClass === 'mleg' || order.assetClass === 'us_option') return this.market.calendar.isRegularHours(time);
    return canTradeAt(order, time, this.market.calendar);
  }

  private isWorking(order: Order): boolean {
    if (order.status === 'held') return order.armed;
    return WORKING.has(order.status);
  }

  private tryMatch(order: Order, tradePrice: Decimal | undefined): void {
    if (!this.isWorking(order) || order.auctionAt !== null) return;
    if (order.role === 'mleg_leg') return;
    const time = this.now();
    if (!this.tradableNow(order, time)) return;
    if (order.orderClass === 'mleg') {
      this.tryMatchPackage(order);
      return;
    }
    const nbbo = this.nbbo(order.symbol);
    if (needsTrigger(order) && !order.triggered) {
      const observed = observedPrice(order, nbbo, tradePrice);
      if (!observed) return;
      trail(order, observed);
      if (!stopTouched(order, observed)) return;
      order.triggered = true;
      if (order.status === 'held') this.transition(order, 'new', 'new');
    }
    const price = executablePrice(order, nbbo);
    if (!price) return;
    this.fillAt(order, price, order.timeInForce !== 'fok');
  }

  private fillAt(order: Order, price: Decimal, mayPartial: boolean): void {
    if (order.notional) {
      const remaining = order.notional.minus(order.filledCost);
      const qty = remaining.div(price).toDecimalPlaces(9, Decimal.ROUND_DOWN);
      if (qty.lte(0)) return;
      this.execute(order, qty, price, true);
      return;
    }
    const remaining = (order.qty ?? ZERO).minus(order.filledQty);
    if (remaining.lte(0)) return;
    let qty = remaining;
    if (mayPartial && this.fillRandom.next() < this.partialFillShare) {
      const share = 0.2 + this.fillRandom.next() * 0.6;
      const part = remaining.times(share).toDecimalPlaces(0, Decimal.ROUND_DOWN);
      if (part.gte(1) && part.lt(remaining)) qty = part;
    }
    this.execute(order, qty, price, qty.eq(remaining));
  }

  /** A multi-leg order fills as one package at the legs' quotes when the net price is within its limit. */
  private tryMatchPackage(parent: Order): void {
    const legs = this.legsOf(parent);
    let net = ZERO;
    const prices: Decimal[] = [];
    for (const leg of legs) {
      const nbbo = this.nbbo(leg.symbol);
      if (!nbbo) return;
      const price = leg.side === 'buy' ? nbbo.ask : nbbo.bid;
      prices.push(price);
      const ratio = leg.ratioQty ?? new Decimal(1);
      net = leg.side === 'buy' ? net.plus(price.times(ratio)) : net.minus(price.times(ratio));
    }
    if (parent.type === 'limit' && parent.limitPrice && net.gt(parent.limitPrice)) return;
    legs.forEach((leg, index) => {
      const price = prices[index];
      if (price) this.execute(leg, (leg.qty ?? ZERO).minus(leg.filledQty), price, true);
    });
    this.execute(parent, (parent.qty ?? ZERO).minus(parent.filledQty), net, true, false);
  }

  private fillAuction(order: Order, price: Decimal | undefined): void {
    if (!price || !auctionAllows(order, price)) {
      order.canceledAt = this.now();
      this.transition(order, 'canceled', 'canceled');
      return;
    }
    order.auctionAt = null;
    this.execute(order, (order.qty ?? ZERO).minus(order.filledQty), price, true);
  }

  /** Records one execution: position, cash, the order, a FILL activity and a fill/partial_fill event. */
  private execute(order: Order, qty: Decimal, price: Decimal, complete: boolean, touchesPosition = true): void {
    const account = this.account(order.keyId);
    const time = this.now();
    const instrument = this.instruments.lookup(order.symbol);
    const positionQty = touchesPosition ? applyExecution(account, order, qty, price, instrument?.exchange ?? '') : ZERO;
    order.filledQty = order.filledQty.plus(qty);
    order.filledCost = order.filledCost.plus(qty.times(price));
    if (complete) order.filledAt = time;
    const status: OrderStatus = complete ? 'filled' : order.pendingCancel ? 'pending_cancel' : order.pendingReplacementId ? 'pending_replace' : 'partially_filled';
    const executionId = this.idRandom.uuid();
    this.transition(order, status, complete ? 'fill' : 'partial_fill', {
      price: decStr(price),
      qty: decStr(qty),
      position_qty: decStr(positionQty),
      execution_id: executionId,
    });
    if (touchesPosition) this.recordActivity(account, order, qty, price, complete, time);
    account.equitySamples.push({ t: time, equity: this.valuer.figures(account, ZERO).equity });
    if (complete) this.afterFill(order);
  }

  private recordActivity(account: Account, order: Order, qty: Decimal, price: Decimal, complete: boolean, time: EpochMs): void {
    const local = newYorkRfc3339(time);
    const digits = `${local.slice(0, 19).replace(/[-T:]/g, '')}${String(time % 1000).padStart(3, '0')}`;
    const leaves = order.qty ? order.qty.minus(order.filledQty) : ZERO;
    account.activities.push({
      activity_type: 'FILL',
      id: `${digits}::${this.idRandom.uuid()}`,
      transaction_time: rfc3339(time),
      type: complete ? 'fill' : 'partial_fill',
      price: decStr(price),
      qty: decStr(qty),
      side: order.side,
      symbol: order.symbol,
      leaves_qty: decStr(leaves),
      order_id: order.id,
      cum_qty: decStr(order.filledQty),
      order_status: complete ? 'filled' : 'partially_filled',
    });
  }

  /** Group rules once an order is completely filled: legs wake up, siblings are canceled. */
  private afterFill(order: Order): void {
    const account = this.account(order.keyId);
    if (order.role === 'entry') {
      for (const leg of this.legsOf(order)) {
        if (leg.status !== 'held') continue;
        leg.qty = order.qty;
        if (leg.role === 'stop_loss' && order.orderClass === 'bracket') {
          // Bracket stop-loss: stays held, but is now watched; it becomes new when the stop is touched.
          leg.armed = true;
        } else {
          this.transition(leg, 'new', 'new');
        }
      }
      for (const leg of this.legsOf(order)) this.tryMatch(leg, undefined);
      return;
    }
    if (order.role === 'take_profit' || order.role === 'stop_loss') {
      const parent = order.parentId ? account.orders.get(order.parentId) : undefined;
      const group = order.orderClass === 'oco' ? (parent ? [parent, ...this.legsOf(parent)] : this.legsOf(order)) : parent ? this.legsOf(parent) : [];
      for (const sibling of group) {
        if (sibling.id === order.id || TERMINAL_STATUSES.has(sibling.status) || sibling.role === 'entry') continue;
        sibling.canceledAt = this.now();
        this.transition(sibling, 'canceled', 'canceled');
      }
    }
  }

  // ---- time ---------------------------------------------------------------------------------------------

  private advanceTime(time: EpochMs): void {
    const previous = this.lastTime;
    this.lastTime = Math.max(this.lastTime, time);
    const now = this.lastTime;
    this.rollLastEquity(previous, now);
    this.settleExpiries(previous, now);
    for (const order of [...this.open.values()]) {
      if (order.expiresAt !== null && now >= order.expiresAt && !TERMINAL_STATUSES.has(order.status)) {
        this.endOfDay(order, now);
        continue;
      }
      if (order.auctionAt !== null && order.timeInForce === 'cls' && now >= order.auctionAt && WORKING.has(order.status)) {
        const last = this.lastTradeBeforeClose.get(order.symbol);
        const trade = this.market.latestTrade(order.symbol);
        this.fillAuction(order, last?.price ?? (trade ? fromNumber(trade.price) : this.takePrice(order)));
        continue;
      }
      if (order.status === 'accepted' && order.parentId === null && this.tradableNow(order, now)) {
        // Received outside hours, routed now: accepted -> pending_new -> new, as the README's state machine has it.
        this.transition(order, 'pending_new', 'pending_new');
        this.activate(order);
      }
    }
  }

  /**
   * A day order's time in force ran out. Partly filled: done_for_day (no more executions today, the filled part
   * stands), and it expires before the next trading day starts. Otherwise it expires now.
   */
  private endOfDay(order: Order, now: EpochMs): void {
    if (order.timeInForce === 'day' && order.status === 'partially_filled') {
      const next = this.market.calendar.sessionOf(this.market.calendar.nextOpen(now));
      order.expiresAt = Math.max(now + 1, next ? next.sessionOpen : this.market.calendar.nextOpen(now));
      // Held exit legs share their entry's lifetime (they were set to end with it at the close).
      for (const leg of this.legsOf(order)) if (leg.status === 'held') leg.expiresAt = order.expiresAt;
      this.transition(order, 'done_for_day', 'done_for_day');
      return;
    }
    order.expiredAt = now;
    this.transition(order, 'expired', 'expired');
  }

  /** At each regular close, today's equity becomes tomorrow's last_equity. */
  private rollLastEquity(previous: EpochMs, now: EpochMs): void {
    const session = this.market.calendar.sessionOf(previous);
    const crossedClose = session !== undefined && previous < session.close && now >= session.close;
    if (!crossedClose) return;
    for (const account of this.accounts.values()) account.lastEquity = this.valuer.figures(account, ZERO).equity;
    this.revision += 1;
  }

  /**
   * At the close of an expiration day, every option position expiring that day settles: in the money by $0.01 or more
   * at the underlying's last trade before the close, a long one is exercised and a short one assigned (shares
   * delivered at the strike); the rest expire worthless. Alpaca books these as non-trade activities. Every close
   * the clock passed is settled, in order: a simulated clock may jump over whole sessions (nights, weekends, a
   * test's jump), and an expiry inside the jump settles at its own close, not at the price of now.
   */
  private settleExpiries(previous: EpochMs, now: EpochMs): void {
    if (!(now > previous)) return;
    const closes = this.market.calendar.sessions(nyDate(previous), nyDate(now)).filter((s) => previous < s.close && now >= s.close);
    for (const session of closes) {
      const ctx = this.settlementContext(session.date, session.close);
      for (const account of this.accounts.values()) {
        for (const position of expiringPositions(account, session.date)) {
          const occ = parseOcc(position.symbol);
          if (!occ) continue;
          const price = this.priceAtClose(occ.underlying, session);
          const itm = price !== undefined && inTheMoney(occ.type, occ.strike, price);
          // A do-not-exercise instruction lets a long contract in the money expire instead (short ones are still assigned).
          const skip = position.qty.isPositive() && account.doNotExercise.delete(position.symbol);
          settleOption(account, position, !itm || skip ? 'expiry' : position.qty.isPositive() ? 'exercise' : 'assignment', ctx);
        }
      }
      this.revision += 1;
    }
  }

  /** The underlying's last trade of the session: the one the stream saw, else the market's own record of it. */
  private priceAtClose(symbol: string, session: { open: EpochMs; close: EpochMs }): number | undefined {
    const last = this.lastTradeBeforeClose.get(symbol);
    if (last && last.t >= session.open && last.t < session.close) return last.price.toNumber();
    const trades = this.market.trades(symbol, session.open, session.close);
    const lastOfSession = trades[trades.length - 1];
    if (lastOfSession) return lastOfSession.price;
    return this.market.latestTrade(symbol)?.price;
  }

  private settlementContext(date: string, time: EpochMs): SettlementContext {
    const local = newYorkRfc3339(time);
    const digits = `${local.slice(0, 19).replace(/[-T:]/g, '')}${String(time % 1000).padStart(3, '0')}`;
    return { date, newId: () => `${digits}::${this.idRandom.uuid()}`, underlyingAssetId: (symbol) => this.instruments.asset(symbol)?.id ?? '' };
  }

  /**
   * POST /v2/positions/{symbol_or_contract_id}/exercise: exercises every held contract now, at the strike, whatever
   * the moneyness (the trader asked). Refused for a short position, for no position, and between the close and
   * midnight New York (Alpaca's cut-off).
   */
  exercise(keyId: string, symbolOrId: string): void {
    this.sync();
    const account = this.account(keyId);
    const position = account.positions.get(symbolOrId) ?? [...account.positions.values()].find((p) => p.assetId === symbolOrId);
    if (!position) {
      if (!parseOcc(symbolOrId) && !/^[0-9a-f-]{36}$/.test(symbolOrId)) throw exerciseInvalidSymbol();
      throw exerciseNoPosition();
    }
    if (position.assetClass !== 'us_option') throw exerciseInvalidSymbol();
    if (position.qty.isNegative()) throw exerciseShortPosition();
    const now = this.now();
    const session = this.market.calendar.sessionOf(now);
    if (session && now >= session.close) throw exerciseAfterHours();
    const today = nyDate(now);
    this.revision += 1;
    settleOption(account, position, 'exercise', this.settlementContext(today, now));
    account.equitySamples.push({ t: now, equity: this.valuer.figures(account, ZERO).equity });
  }

  /**
   * POST /v2/positions/{symbol_or_contract_id}/do-not-exercise: the held long contracts are not exercised
   * automatically at expiry even in the money (they expire, OPEXP). Refused for no position and for a short one.
   */
  doNotExercise(keyId: string, symbolOrId: string): void {
    this.sync();
    const account = this.account(keyId);
    const position = account.positions.get(symbolOrId) ?? [...account.positions.values()].find((p) => p.assetId === symbolOrId);
    if (!position) {
      if (!parseOcc(symbolOrId) && !/^[0-9a-f-]{36}$/.test(symbolOrId)) throw exerciseInvalidSymbol();
      throw exerciseNoPosition();
    }
    if (position.assetClass !== 'us_option') throw exerciseInvalidSymbol();
    if (position.qty.isNegative()) throw doNotExerciseShortPosition();
    account.doNotExercise.add(position.symbol);
    this.revision += 1;
  }

  private sampleEquity(): void {
    const now = this.now();
    for (const account of this.accounts.values()) {
      const last = account.equitySamples[account.equitySamples.length - 1];
      if (last && now - last.t < SAMPLE_INTERVAL_MS) continue;
      account.equitySamples.push({ t: now, equity: this.valuer.figures(account, ZERO).equity });
    }
  }

  // ---- transitions --------------------------------------------------------------------------------------

  /** Makes an order live: new (with its mleg legs), then an immediate match; ioc/fok end right after. */
  private activate(order: Order): void {
    this.transition(order, 'new', 'new');
    for (const leg of this.legsOf(order)) if (leg.role === 'mleg_leg') leg.status = 'new';
    if (order.timeInForce === 'fok' && order.auctionAt === null) {
      this.tryMatchAllOrNothing(order);
    } else {
      this.tryMatch(order, undefined);
    }
    if ((order.timeInForce === 'ioc' || order.timeInForce === 'fok') && !TERMINAL_STATUSES.has(order.status)) {
      order.canceledAt = this.now();
      this.transition(order, 'canceled', 'canceled');
    }
  }

  private tryMatchAllOrNothing(order: Order): void {
    const price = executablePrice(order, this.nbbo(order.symbol));
    if (price) this.fillAt(order, price, false);
  }

  private completeCancel(order: Order): void {
    if (TERMINAL_STATUSES.has(order.status)) {
      this.emit(order, 'order_cancel_rejected', {});
      return;
    }
    order.pendingCancel = false;
    order.canceledAt = this.now();
    this.transition(order, 'canceled', 'canceled');
    for (const leg of this.legsOf(order)) {
      if (TERMINAL_STATUSES.has(leg.status)) continue;
      leg.canceledAt = order.canceledAt;
      this.transition(leg, 'canceled', 'canceled');
    }
  }

  private completeReplace(old: Order, replacement: Order): void {
    old.pendingReplacementId = null;
    if (TERMINAL_STATUSES.has(old.status)) {
      // The old order filled (or ended) first: the replace loses the race.
      this.emit(old, 'order_replace_rejected', {});
      replacement.failedAt = this.now();
      this.transition(replacement, 'rejected', 'rejected');
      return;
    }
    const account = this.account(old.keyId);
    old.replacedAt = this.now();
    old.replacedBy = replacement.id;
    replacement.legIds = old.legIds;
    for (const leg of this.legsOf(old)) leg.parentId = replacement.id;
    if (old.parentId) {
      const parent = account.orders.get(old.parentId);
      if (parent) parent.legIds = parent.legIds.map((id) => (id === old.id ? replacement.id : id));
    }
    const wasHeld = old.status === 'held';
    replacement.armed = old.armed;
    this.transition(old, 'replaced', 'replaced');
    this.open.set(replacement.id, replacement);
    if (wasHeld) {
      replacement.status = 'held';
      return;
    }
    if (this.tradableNow(replacement, this.now()) || replacement.auctionAt !== null) this.activate(replacement);
    else replacement.status = 'accepted';
  }

  private transition(order: Order, status: OrderStatus, event: TradeEvent, fields: Omit<TradeUpdateFields, 'timestamp'> = {}): void {
    order.status = status;
    if (TERMINAL_STATUSES.has(status)) this.open.delete(order.id);
    this.emit(order, event, fields);
  }

  private emit(order: Order, event: TradeEvent, fields: Omit<TradeUpdateFields, 'timestamp'>): void {
    this.revision += 1;
    const time = this.now();
    order.updatedAt = time;
    const update: TradeUpdateData = {
      event,
      ...(fields.execution_id ? {} : { execution_id: this.idRandom.uuid() }),
      order: orderJson(order, this.legsOf(order)),
      timestamp: rfc3339(time),
      ...fields,
    };
    for (const listener of this.listeners) listener(order.keyId, update);
  }

  /** Every account's orders, for listings (routes filter and page them). */
  ordersOf(keyId: string): Order[] {
    const account = this.account(keyId);
    return account.orderSequence.map((id) => account.orders.get(id)).filter((order): order is Order => order !== undefined);
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  startingCashOf(): Decimal {
    return this.startingCash;
  }

  figuresOf(keyId: string): ReturnType<Valuer['figures']> {
    const account = this.account(keyId);
    return this.valuer.figures(account, this.valuer.reservation(account));
  }
}
