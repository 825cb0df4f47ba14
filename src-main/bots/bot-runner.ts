import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { orderIntent, type OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../src-shared/domain/order-record.js';
import type { LocalOrderStatus } from '../../src-shared/domain/order-status.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { OrderLog } from '../kernel/orders/order-events.js';
import { isValidatedIntent, OrderFactory } from '../kernel/strategy/order-factory.js';
import type { OrderChanges, OrderState, OrderUpdate, Quote, StrategyContext, StrategyDefinition, StrategyHandlers, StrategyHeadline, Trade } from '../kernel/strategy/types.js';
import type { MarkoutBook } from './markouts.js';
import { BarAggregator } from './bar-aggregator.js';
import { strategyShorts, type BotExecution, type BotOrderResult } from './bot-execution.js';
import { LiveIndicators } from './live-indicators.js';
import { LiveBars } from './live-bars.js';
import { CrossSectionGate } from '../kernel/strategy/cross-section.js';
import { StrategyScheduler } from '../kernel/strategy/schedule.js';
import { BarTiming } from '../history/bar-timing.js';
import { nyseCalendar, type SessionCalendar } from '../history/calendar.js';
import { LiveFramework } from './bot-framework.js';
import { NewsGate } from './news-gate.js';
import { OrderHandles } from './order-handles.js';
import type { Decision } from '../kernel/portfolio/decisions.js';
import type { ProtectionLock, ProtectionSettings } from '../kernel/protections/settings.js';

/** What a runner tells its owner (the bot service): an order it sent, its source paused, or the bot failed. */
export type RunnerEvent =
  | { kind: 'order-sent'; clientOrderId: string; at: EpochMs }
  | { kind: 'paused'; reason: string; at: EpochMs }
  | { kind: 'error'; message: string; at: EpochMs };

export interface BotRunnerOptions {
  /** The bot's id; its orders carry the source `bot:<id>`. */
  id: string;
  definition: StrategyDefinition;
  /** Already parsed with the definition's schema. */
  params: unknown;
  symbols: readonly string[];
  timeframe: Timeframe;
  execution: BotExecution;
  log: OrderLog;
  onEvent: (event: RunnerEvent) => void;
  /** Sessions for schedules and bar ends (default: NYSE). */
  calendar?: SessionCalendar;
  /** The bot's protections (none by default) and the locks stored before this start. */
  protections?: ProtectionSettings;
  locks?: readonly ProtectionLock[];
  /** A new or extended lock, to store; a decision (an order sent, or a signal that was not), to store. */
  onLock?: (lock: ProtectionLock) => void;
  onDecision?: (decision: Decision) => void;
  /** Prices moved (a stream minute) or one of its orders filled, at `t` on its clock: the host samples its equity. */
  onActivity?: (t: EpochMs) => void;
  /** Where the bot's fills are marked out against the quotes it sees (microstructure bots). */
  markouts?: MarkoutBook;
}

/** Broker statuses as the strategy API names them; statuses without a strategy-level meaning are not passed on. */
function strategyState(status: LocalOrderStatus): OrderState | undefined {
  switch (status) {
    case 'pending_new':
    case 'accepted':
    case 'new':
    case 'held':
    case 'accepted_for_bidding':
      return 'accepted';
    case 'partially_filled':
    case 'filled':
    case 'canceled':
    case 'expired':
    case 'replaced':
    case 'rejected':
      return status;
    case 'done_for_day':
      return 'expired';
    default:
      return undefined;
  }
}

const FACTORY = new OrderFactory();

/**
 * Hosts one strategy instance live: the same StrategyDefinition object the backtest engine runs, with the same
 * strategy API. Completed bars (warm-up history first, then the stream's, aggregated to the bot's timeframe)
 * move the indicators and then reach onBar; orders go through the order manager under the source `bot:<id>`
 * (so through the risk engine like every order); the broker's updates and fills come back as the strategy's
 * OrderUpdate and Fill. The strategy's clock is the time of the event it is handling. A strategy exception stops
 * the bot (`error`); a definitive broker rejection that pauses the source stops it too (`paused`).
 */
export class BotRunner {
  readonly source: string;
  private readonly indicators = new LiveIndicators();
  private readonly aggregator: BarAggregator;
  private readonly history: LiveBars;
  private readonly gate: CrossSectionGate;
  private readonly scheduler: StrategyScheduler;
  private readonly timing: BarTiming;
  private readonly framework: LiveFramework;
  /** Why each of its orders was sent, and its type (a stop's fill is a stop-out), by local id. */
  private readonly causes = new Map<string, { cause: string | undefined; stop: boolean }>();
  private readonly lastBarAt = new Map<string, EpochMs>();
  /** The latest price seen per symbol (warm-up, bars, the stream's minutes): for showing P&L, not for deciding. */
  private readonly latest = new Map<string, number>();
  private handlers: StrategyHandlers = {};
  private now: EpochMs = 0;
  private seq = 0;
  private running = false;
  private failed: string | undefined;
  /** Local order ids (what the strategy holds) and client order ids, both ways, with the state last delivered. */
  private readonly handles = new OrderHandles();
  /** Manager events for this source whose submit has not resolved yet (the id is known only then). */
  private readonly early = new Map<string, Array<{ order?: OrderRecord; fill?: FillRecord }>>();
  private inFlight = 0;
  private readonly unsubscribe: Array<() => void> = [];
  private sent = 0;
  /** Cancels the order path refused (the bot's request rate): sent again on the next tick, a cancel reduces risk. */
  private readonly cancelRetry = new Set<string>();
  /** Headlines for a strategy that needs news (held back until the bar they precede); undefined: it needs none. */
  private readonly newsGate: NewsGate | undefined;

  constructor(private readonly options: BotRunnerOptions) {
    this.source = `bot:${options.id}`;
    // A long-short strategy's sells beyond what it holds are short sales its ledger must take (within its allocation).
    options.execution.allowShorts?.(strategyShorts(options.params));
    this.aggregator = new BarAggregator(options.timeframe, options.calendar);
    const extra = options.definition.extraBars?.(options.params as never) ?? [];
    this.history = new LiveBars(options.timeframe, extra.map((r) => r.timeframe));
    this.gate = new CrossSectionGate(options.symbols);
    this.newsGate = (options.definition.needs ?? []).includes('news') ? new NewsGate(options.symbols, options.timeframe) : undefined;
    const calendar = options.calendar ?? nyseCalendar();
    this.scheduler = new StrategyScheduler(calendar);
    this.timing = new BarTiming(calendar);
    this.framework = new LiveFramework({
      botId: options.id,
      source: this.source,
      params: options.params,
      timeframe: options.timeframe,
      calendar,
      protections: options.protections ?? {},
      locks: options.locks ?? [],
      execution: options.execution,
      history: this.history,
      now: () => this.now,
      sendMarket: (intent, cause) => this.send(intent, cause),
      onLock: (lock) => options.onLock?.(lock),
      onDecision: (decision) => this.decide(decision),
    });
  }

  /** The bot's clock: the time of the last event it handled (the feed's time, simulated in demo). */
  get clock(): EpochMs {
    return this.now;
  }

  /** Protection locks (active at `at`, or all made since this start and restored). */
  locks(at?: EpochMs): ProtectionLock[] {
    return this.framework.locks(at);
  }

  /** The latest price the bot saw for a symbol (its stream's last minute close), for marking what it holds on screen. */
  latestPrice(symbol: string): number | undefined {
    return this.latest.get(symbol);
  }

  /** Warm-up progress: completed bars of its timeframe held per symbol against what the strategy needs. */
  warmupProgress(): { needed: number; symbols: Array<{ symbol: string; bars: number; lastClose: number | null }>; ready: number } {
    const needed = this.options.definition.warmup(this.options.params as never);
    const symbols = this.options.symbols.map((symbol) => {
      const held = this.history.held(symbol, this.options.timeframe);
      return { symbol, bars: held.count, lastClose: held.last?.c ?? null };
    });
    return { needed, symbols, ready: symbols.filter((s) => s.bars >= needed).length };
  }

  /** The library indicators its strategy made, with their latest values. */
  indicatorValues(): Array<{ symbol: string; name: string; lines: Record<string, number | null> }> {
    return this.indicators.values();
  }

  /** The trader lifts a lock. */
  lift(lockId: string, at: EpochMs): ProtectionLock | undefined {
    return this.framework.lift(lockId, at);
  }

  get state(): 'running' | 'stopped' | 'error' {
    return this.failed !== undefined ? 'error' : this.running ? 'running' : 'stopped';
  }

  get error(): string | undefined {
    return this.failed;
  }

  get ordersSent(): number {
    return this.sent;
  }

  /** Submits, cancels and replaces not yet answered, plus orders sent whose outcome is still open. */
  get pending(): number {
    return this.inFlight + this.handles.open;
  }

  /**
   * History bars before the live ones: they warm the indicators (the strategy's onBar does not see them). Bars of
   * another timeframe (`timeframe`, one the strategy declared in extraBars) only fill ctx.bars.
   */
  warmUp(symbol: string, bars: readonly Bar[], timeframe: Timeframe = this.options.timeframe): void {
    if (timeframe !== this.options.timeframe) {
      for (const bar of bars) this.history.push(symbol, timeframe, bar);
      return;
    }
    for (const bar of bars) {
      this.history.push(symbol, timeframe, bar);
      const last = this.lastBarAt.get(symbol);
      if (last !== undefined && bar.t <= last) continue;
      this.lastBarAt.set(symbol, bar.t);
      this.indicators.push(symbol, bar);
      this.latest.set(symbol, bar.c);
    }
  }

  /** `at`: the live clock at the start; scheduled events up to it are past (default: the last warm-up bar's end). */
  start(at?: EpochMs): void {
    const { definition, params, execution } = this.options;
    let last = -Infinity;
    for (const t of this.lastBarAt.values()) last = Math.max(last, this.timing.end(t, this.options.timeframe));
    const startAt = at ?? (Number.isFinite(last) ? last : 0);
    this.now = startAt;
    this.scheduler.start(startAt);
    this.unsubscribe.push(
      execution.onOrder((order) => this.onOrder(order)),
      execution.onFill((fill) => this.onFill(fill)),
    );
    this.running = true;
    this.guard(() => {
      this.handlers = definition.create(params as never, this.context());
      this.handlers.onStart?.();
    });
  }

  stop(): void {
    if (!this.running) return;
    this.guard(() => this.handlers.onStop?.());
    this.detach();
  }

  /** A completed 1-minute bar from the stream. */
  onMinuteBar(symbol: string, minute: Bar): void {
    if (!this.running) return;
    this.history.pushMinute(symbol, minute);
    this.latest.set(symbol, minute.c);
    for (const bar of this.aggregator.push(symbol, minute)) this.onBar(symbol, bar);
    this.activity(minute.t);
  }

  private activity(t: EpochMs): void {
    try {
      this.options.onActivity?.(t);
    } catch (error) {
      this.options.log.warn(this.source, 'equity sample failed', { bot: this.options.id, error: String(error) });
    }
  }

  /**
   * The live clock moved (the host calls this on a timer): scheduled events up to `now` fire, and a cross-section
   * still waiting for a symbol that did not print is delivered once its bar period is over.
   */
  tick(now: EpochMs): void {
    if (!this.running) return;
    for (const client of this.cancelRetry) {
      this.cancelRetry.delete(client);
      if (!this.handles.isSettled(client)) this.sendCancel(client);
    }
    const pending = this.gate.pendingSince;
    if (pending !== undefined && now >= this.timing.end(pending, this.options.timeframe)) {
      const t = this.gate.flush();
      if (t !== undefined) this.deliverCrossSection(t);
    }
    this.scheduler.advance(now, true, (t, run) => this.aroundEvent(t, run));
  }

  /** When the next scheduled call is due (the host's timer), or undefined. */
  nextEventTime(after: EpochMs): EpochMs | undefined {
    return this.scheduler.nextEventTime(after);
  }

  /**
   * A top-of-book quote of one of its symbols from the stream (strategies whose `needs` include quotes): the clock
   * moves to its time and onQuote runs. Called for every quote, so it allocates nothing of its own.
   */
  onQuote(symbol: string, quote: Readonly<Quote>): void {
    if (!this.running) return;
    this.options.markouts?.onQuote(symbol, quote.t, quote.bid, quote.ask);
    const handler = this.handlers.onQuote;
    if (!handler) return;
    if (quote.t > this.now) this.now = quote.t;
    try {
      handler.call(this.handlers, symbol, quote);
    } catch (error) {
      this.fail(error);
    }
  }

  /** A trade print of one of its symbols from the stream (strategies whose `needs` include trades). */
  onTrade(symbol: string, trade: Readonly<Trade>): void {
    if (!this.running) return;
    const handler = this.handlers.onTrade;
    if (!handler) return;
    if (trade.t > this.now) this.now = trade.t;
    try {
      handler.call(this.handlers, symbol, trade);
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * A headline from the live news stream (strategies whose `needs` include news): about one of its symbols, it
   * reaches onNews before the first bar whose close is after its publication (NewsGate), never earlier.
   */
  onNews(headline: StrategyHeadline): void {
    if (!this.running || !this.newsGate) return;
    this.newsGate.offer(headline, this.deliverNews);
  }

  private readonly deliverNews = (headline: StrategyHeadline): void => {
    const handler = this.handlers.onNews;
    if (handler) this.guard(() => handler.call(this.handlers, headline));
  };

  /** A completed bar of the bot's timeframe: indicators move, then onBar, with the clock at the bar's time. */
  onBar(symbol: string, bar: Bar): void {
    if (!this.running) return;
    const last = this.lastBarAt.get(symbol);
    if (last !== undefined && bar.t <= last) return;
    // Events that happen before this bar ends (the session's open) come first.
    this.scheduler.advance(this.timing.end(bar.t, this.options.timeframe), false, (t, run) => this.aroundEvent(t, run));
    this.lastBarAt.set(symbol, bar.t);
    this.indicators.push(symbol, bar);
    this.history.push(symbol, this.options.timeframe, bar);
    this.latest.set(symbol, bar.c);
    this.options.execution.mark?.(symbol, bar.c);
    this.now = bar.t;
    this.framework.onBar(symbol);
    this.newsGate?.beforeBar(symbol, bar.t, this.deliverNews);
    if (!this.running) return;
    const onBar = this.handlers.onBar;
    if (onBar) this.guard(() => onBar.call(this.handlers, symbol, bar));
    if (this.handlers.onCrossSection) for (const t of this.gate.push(symbol, bar)) this.deliverCrossSection(t);
    this.settle();
  }

  /** After strategy code ran: the framework's drawdown watch and rebalance (a strategy error stops the bot). */
  private settle(): void {
    this.guard(() => this.framework.settle());
  }

  private deliverCrossSection(t: EpochMs): void {
    const handler = this.handlers.onCrossSection;
    if (!handler || !this.running) return;
    const bars = this.gate.snapshot(t);
    this.now = t;
    this.guard(() => handler.call(this.handlers, t, bars));
    this.settle();
  }

  private aroundEvent(t: EpochMs, run: () => void): void {
    this.now = t;
    this.guard(run);
    this.settle();
  }

  private context(): StrategyContext {
    const { execution, log } = this.options;
    const fields = (extra?: Record<string, unknown>) => ({ bot: this.options.id, ...extra });
    return {
      universe: this.options.symbols,
      schedule: this.scheduler,
      bars: (symbol, timeframe, count) => this.history.bars(symbol, timeframe, count),
      emitInsight: (insight) => this.framework.emitInsight(insight),
      clock: { now: () => this.now },
      log: {
        info: (message, extra) => log.info(this.source, message, fields(extra)),
        warn: (message, extra) => log.warn(this.source, message, fields(extra)),
      },
      indicators: this.indicators,
      portfolio: {
        cash: () => execution.cash(),
        position: (symbol) => execution.position(symbol),
        equity: () => execution.equity(),
      },
      orders: FACTORY,
      submit: (intent, cause) => this.send(intent, cause),
      cancel: (id) => {
        const client = this.handles.clientOf(id);
        if (client === undefined) return;
        this.sendCancel(client);
      },
      replace: (id, changes) => {
        const client = this.handles.clientOf(id);
        const local = `${this.options.id}-${++this.seq}`;
        if (client === undefined) throw new Error(`order ${id} is not known to this bot and cannot be replaced`);
        this.track(local, undefined, execution.replace(client, changes, this.source), undefined, client, changes);
        return local;
      },
    };
  }

  private sendCancel(client: string): void {
    const { execution, log } = this.options;
    this.inFlight++;
    void execution
      .cancel(client)
      .then((result) => {
        if (result.ok || result.code !== 'BOT_RATE_LIMIT') return;
        log.info(this.source, 'cancel waits for the request budget', { bot: this.options.id, clientOrderId: client, reason: result.message });
        this.cancelRetry.add(client);
      })
      .catch((error: unknown) => log.warn(this.source, 'cancel failed', { bot: this.options.id, error: String(error) }))
      .finally(() => this.inFlight--);
  }

  /** The strategy's (or the framework's) order: checked, refused by a protection lock, or sent. */
  private send(intent: OrderIntent, cause: string | undefined): string {
    const local = `${this.options.id}-${++this.seq}`;
    const checked = isValidatedIntent(intent) ? { success: true as const, data: intent } : orderIntent.safeParse(intent);
    if (!checked.success) {
      this.deliverRefusal(local, intent, 'INVALID_ORDER', checked.error.issues[0]?.message ?? 'invalid order');
      return local;
    }
    const locked = this.framework.protectionsOn ? this.framework.refuseEntry(checked.data, cause) : undefined;
    if (locked !== undefined) {
      this.deliverRefusal(local, checked.data, 'PROTECTION', locked);
      return local;
    }
    const type = checked.data.type;
    if (this.causes.size > 10_000) this.causes.delete(this.causes.keys().next().value!);
    this.causes.set(local, { cause, stop: type === 'stop' || type === 'stop_limit' || type === 'trailing_stop' || /stop/i.test(cause ?? '') });
    this.track(local, checked.data, this.options.execution.submit(checked.data, this.source), cause);
    return local;
  }

  private decide(decision: Decision): void {
    try {
      this.options.onDecision?.(decision);
    } catch (error) {
      this.options.log.warn(this.source, 'a decision could not be stored', { bot: this.options.id, error: String(error) });
    }
  }

  /** Follows one submit or replace: the id mapping once known, a refusal as a `rejected` update, a pause. */
  private track(local: string, intent: OrderIntent | undefined, work: Promise<BotOrderResult>, cause?: string, replacing?: string, replaceChanges?: OrderChanges): void {
    this.inFlight++;
    work
      .then((result) => {
        if (result.order) this.bind(local, result.order.clientOrderId);
        if (result.ok) {
          this.sent++;
          if (intent) {
            const qty = intent.qty !== undefined ? Number(intent.qty) : undefined;
            this.decide({ t: this.now, code: 'ORDER_SENT', ...(intent.symbol ? { symbol: intent.symbol } : {}), ...(intent.side ? { side: intent.side } : {}), ...(qty !== undefined ? { qty } : {}), reason: `${intent.type} ${intent.side ?? ''} ${intent.qty ?? intent.notional ?? ''}`.replace(/\s+/g, ' ').trim(), ...(cause ? { cause } : {}), orderId: result.order.clientOrderId });
          }
          this.options.onEvent({ kind: 'order-sent', clientOrderId: result.order.clientOrderId, at: result.order.createdAt });
        } else {
          if (!result.order && intent) {
            // Why this signal did not become an order (the ledger's or the risk engine's code), in the bot's log.
            this.options.log.info(this.source, `signal not sent: ${result.code}`, { bot: this.options.id, symbol: intent.symbol, side: intent.side, qty: intent.qty, reason: result.message });
            const qty = intent.qty !== undefined ? Number(intent.qty) : undefined;
            this.decide({ t: this.now, code: result.code === 'BOT_ALLOCATION_EXCEEDED' ? 'NO_CASH' : 'RISK_DENIED', ...(intent.symbol ? { symbol: intent.symbol } : {}), ...(intent.side ? { side: intent.side } : {}), ...(qty !== undefined ? { qty } : {}), reason: `${result.code}: ${result.message}`, ...(cause ? { cause } : {}) });
            this.deliverRefusal(local, intent, result.code, result.message);
          }
          if (result.order) this.sent++;
          if (!result.order && replacing !== undefined && !this.handles.isSettled(replacing)) {
            // A replace refused before it left (the bot's request rate, a risk limit): the original order still works at
            // the broker, so the replacement's id names it from now on and the strategy keeps its handle on it.
            this.options.log.info(this.source, `replace not sent: ${result.code}`, { bot: this.options.id, clientOrderId: replacing, reason: result.message });
            // A limit that refused the move (inventory, self-cross, a risk limit) is one of the bot's decisions, as a
            // refused order is. Waits for the request budget are not: a quoting bot meets them many times a minute, and
            // the Quoting panel shows its request use.
            if (result.code !== 'BOT_RATE_LIMIT') this.decideReplaceRefused(replacing, result.code, result.message, replaceChanges);
            this.bind(local, replacing);
          }
          if (this.options.execution.isPaused(this.source)) this.pause(`${result.code}: ${result.message}`);
        }
      })
      .catch((error: unknown) => {
        if (intent) this.deliverRefusal(local, intent, 'SUBMIT_FAILED', error instanceof Error ? error.message : String(error));
      })
      .finally(() => this.inFlight--);
  }

  private decideReplaceRefused(replacing: string, code: string, message: string, changes: OrderChanges | undefined): void {
    const qty = changes?.qty !== undefined ? Number(changes.qty) : undefined;
    const price = changes?.limitPrice !== undefined ? ` to ${changes.limitPrice}` : '';
    this.decide({ t: this.now, code: 'RISK_DENIED', ...(qty !== undefined ? { qty } : {}), reason: `${code}: ${message}`, cause: `replace of ${replacing}${price}` });
  }

  private bind(local: string, client: string): void {
    this.handles.bind(local, client);
    const queued = this.early.get(client);
    this.early.delete(client);
    for (const item of queued ?? []) {
      if (item.fill) this.onFill(item.fill);
      if (item.order) this.onOrder(item.order);
    }
  }

  private onOrder(order: OrderRecord): void {
    if (order.source !== this.source || !this.running) return;
    // An algo's children carry the bot's source (its ledger counts them) but are the algo's to follow.
    if (order.parentClientOrderId !== null && this.handles.localOf(order.clientOrderId) === undefined) return;
    const local = this.handles.localOf(order.clientOrderId);
    if (local === undefined) {
      this.queue(order.clientOrderId, { order });
      return;
    }
    const state = strategyState(order.status);
    if (state === undefined) return;
    const key = `${state}|${order.filledQty}`;
    if (!this.handles.deliver(order.clientOrderId, state, key)) return;
    const update: OrderUpdate = {
      id: local,
      intent: order.intent,
      state,
      filledQty: Number(order.filledQty),
      avgFillPrice: order.filledAvgPrice === null ? 0 : Number(order.filledAvgPrice),
      t: order.brokerUpdatedAt ?? order.updatedAt,
      ...(order.rejectMessage ? { reason: order.rejectCode ? `${order.rejectCode}: ${order.rejectMessage}` : order.rejectMessage } : {}),
    };
    this.now = update.t;
    this.framework.onOrderUpdate(local, state, update.filledQty);
    const handler = this.handlers.onOrderUpdate;
    if (handler) this.guard(() => handler.call(this.handlers, update));
    if (state === 'filled' || state === 'partially_filled') void this.options.execution.refreshAccount().catch(() => undefined);
  }

  private onFill(fill: FillRecord): void {
    if (!this.running || fill.clientOrderId === null) return;
    const local = this.handles.localOf(fill.clientOrderId);
    if (local === undefined) {
      // Only fills of this bot's orders are queued: their order events name the source, fills do not.
      if (this.inFlight > 0) this.queue(fill.clientOrderId, { fill });
      return;
    }
    this.now = fill.at;
    this.options.markouts?.onFill(fill.symbol, fill.at, fill.side, Number(fill.qty), Number(fill.price));
    this.framework.onFill(fill.symbol, fill.side, Number(fill.qty), Number(fill.price), fill.at, this.causes.get(local)?.stop ?? false);
    const handler = this.handlers.onFill;
    if (handler) {
      this.guard(() =>
        handler.call(this.handlers, { orderId: local, symbol: fill.symbol, side: fill.side, qty: Number(fill.qty), price: Number(fill.price), commission: 0, t: fill.at }),
      );
    }
    this.activity(fill.at);
  }

  private queue(client: string, item: { order?: OrderRecord; fill?: FillRecord }): void {
    let list = this.early.get(client);
    if (!list) {
      if (this.early.size > 1000) this.early.clear();
      list = [];
      this.early.set(client, list);
    }
    list.push(item);
  }

  private deliverRefusal(local: string, intent: OrderIntent, code: string, message: string): void {
    this.framework.onOrderUpdate(local, 'rejected', 0);
    const handler = this.handlers.onOrderUpdate;
    if (!handler || !this.running) return;
    const update: OrderUpdate = { id: local, intent, state: 'rejected', filledQty: 0, avgFillPrice: 0, t: this.now, reason: `${code}: ${message}` };
    this.guard(() => handler.call(this.handlers, update));
  }

  private pause(reason: string): void {
    if (!this.running) return;
    this.options.log.warn(this.source, 'bot paused after a definitive rejection', { bot: this.options.id, reason });
    this.guard(() => this.handlers.onStop?.());
    this.detach();
    this.options.onEvent({ kind: 'paused', reason, at: this.now });
  }

  /** Runs strategy code; an exception stops the bot with its message. */
  private guard(run: () => void): void {
    if (!this.running) return;
    try {
      run();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.failed = message;
    this.options.log.error(this.source, 'strategy failed: bot stopped', { bot: this.options.id, error: message });
    this.detach();
    this.options.onEvent({ kind: 'error', message, at: this.now });
  }

  private detach(): void {
    this.running = false;
    for (const off of this.unsubscribe.splice(0)) off();
  }
}
