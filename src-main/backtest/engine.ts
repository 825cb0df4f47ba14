import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { orderIntent, type OrderIntent } from '../../src-shared/domain/order-intent.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../src-shared/time.js';
import { isValidatedIntent, OrderFactory } from '../kernel/strategy/order-factory.js';
import { STRATEGY_INDICATORS } from '../kernel/strategy/indicator-catalog.js';
import type {
  Fill,
  Indicator,
  OrderChanges,
  OrderState,
  OrderUpdate,
  Quote,
  StrategyContext,
  StrategyDefinition,
  StrategyHandlers,
  StrategyHeadline,
  Trade,
} from '../kernel/strategy/types.js';
import { accountModel, commissionFor, fillableQty, fillModel, regulatoryFeeFor, slippedPrice, type AccountModel, type AccountModelInput, type FillModel, type FillModelInput } from './fill-model.js';
import type { MarketData } from './market-data.js';
import { limitPrice, stopLimitPrice, stopPrice, trailingStopLevel } from './matching.js';
import { TradeBook } from './trades.js';
import { SeriesLine, SeriesLines } from './indicator-lines.js';
import { BacktestBars } from './bar-history.js';
import { BarTiming } from '../history/bar-timing.js';
import { StrategyScheduler } from '../kernel/strategy/schedule.js';
import { nyseCalendar, type SessionCalendar } from '../history/calendar.js';
import { BacktestFramework } from './framework.js';
import { cachedCalendar } from './cached-calendar.js';
import type { Decision, DecisionCode } from '../kernel/portfolio/decisions.js';
import type { ProtectionLock, ProtectionSettings } from '../kernel/protections/settings.js';
import { QueueBook, queueOrder, type QueueEnd, type QueueOrder } from './ticks/queue-fill-model.js';
import { QUEUE_END_REASON, queueExpiry, queueRefusal, queueTif } from './ticks/queue-orders.js';
import { headlineCutoff } from '../../src-shared/domain/news-cutoff.js';
import { intradayMs, MS_PER_DAY } from '../history/timeframes.js';
import { NO_NEWS_NOTE, NewsTape } from './news-tape.js';

const DAY_MS = 86_400_000;
const TYPE_MARKET = 0;
const TYPE_LIMIT = 1;
const TYPE_STOP = 2;
const TYPE_STOP_LIMIT = 3;
const TYPE_TRAILING = 4;
const TYPE_CODES: Record<OrderIntent['type'], number> = { market: 0, limit: 1, stop: 2, stop_limit: 3, trailing_stop: 4 };

/** One order in the simulation. */
interface SimOrder {
  id: string;
  intent: OrderIntent;
  s: number;
  buy: boolean;
  type: number;
  /** NaN for a notional order until it fills. */
  qty: number;
  notional: number;
  filled: number;
  fillValue: number;
  limit: number;
  stop: number;
  trailPrice: number;
  trailPercent: number;
  watermark: number;
  triggered: boolean;
  tif: OrderIntent['timeInForce'];
  submittedStep: number;
  submittedAt: EpochMs;
  /** UTC day number of the first bar it could trade on (a day order lives that session only). */
  sessionDay: number;
  state: OrderState | 'working';
  commission: number;
  /** Orders cancelled when this one fills (the other side of an OCO). */
  ocoPeer: SimOrder | undefined;
  /** Exit legs to place when this entry fills (bracket, OTO); NO_CHILDREN (shared, never written) for the others. */
  children: readonly OrderIntent[];
  reason: string | undefined;
  cause: string | undefined;
  /** Its place in the quote-level fill model (fill.queue, a symbol with quotes); undefined: it meets bars. */
  queue: QueueOrder<SimOrder> | undefined;
  /** The order a pending replace will put in its place, and this order's filled quantity when the replace was sent. */
  replacedBy: SimOrder | undefined;
  filledAtReplace: number;
}

/** An order as the result reports it (the order list whose hash the golden tests keep). */
export interface OrderRecord {
  id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: OrderIntent['type'];
  timeInForce: OrderIntent['timeInForce'];
  qty: number;
  limitPrice?: number;
  stopPrice?: number;
  submittedAt: EpochMs;
  state: string;
  filledQty: number;
  avgFillPrice: number;
  reason?: string;
  /** Why it was sent: the strategy's reason, or the insight that caused it. */
  cause?: string;
}

export interface FillRecord extends Fill {
  /** Time index of the run (0 = the first bar of the run). */
  timeIndex: number;
}

export interface EngineOptions {
  fill?: FillModelInput | FillModel;
  account?: AccountModelInput | AccountModel;
  /** Run over time indices [from, to) of the data; earlier bars only warm indicators up. */
  from?: number;
  to?: number;
  /** Keep fills, orders and log lines (a sweep turns this off and keeps metrics only). */
  record?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Checked every progress interval; true stops the run (its result is marked cancelled). */
  cancelled?: () => boolean;
  /**
   * Reusable memory for the equity and exposure columns (a sweep worker passes the same one to every run, so a
   * million-bar run does not allocate and zero 9 MB each time). The run's columns are views into it: read them
   * before the next run that uses the same scratch.
   */
  scratch?: EngineScratch;
  /** The bars' timeframe (default: the strategy's): times schedules and builds longer bars for ctx.bars. */
  timeframe?: Timeframe;
  /** Sessions for schedules and bar ends (default: NYSE). */
  calendar?: SessionCalendar;
  /** Protections of the run (cooldown, stop-loss guard, max drawdown, low profit); none by default. */
  protections?: ProtectionSettings;
  /**
   * The run's headlines (fetchRunNews), for a strategy whose `needs` include 'news': each goes to onNews before
   * the first bar whose close is after its publication. Absent for such a strategy: a note says it got none.
   */
  news?: readonly StrategyHeadline[];
}

export class EngineScratch {
  equity = new Float64Array(0);
  exposed = new Uint8Array(0);

  private readonly returnsBySlot: Float64Array[] = [];

  take(times: number): { equity: Float64Array; exposed: Uint8Array } {
    if (this.equity.length < times + 1) {
      this.equity = new Float64Array(times + 1);
      this.exposed = new Uint8Array(times);
    }
    return { equity: this.equity.subarray(0, times + 1), exposed: this.exposed.subarray(0, times) };
  }

  /** Memory for the metrics' bar returns of a run over `times` timestamps (`slot`: one per run evaluated together). */
  takeReturns(times: number, slot = 0): Float64Array {
    while (this.returnsBySlot.length <= slot) this.returnsBySlot.push(new Float64Array(0));
    if (this.returnsBySlot[slot]!.length < times + 1) this.returnsBySlot[slot] = new Float64Array(times + 1);
    return this.returnsBySlot[slot]!.subarray(0, times + 1);
  }
}

export interface EngineRun {
  /** equity[0] is the starting cash; equity[i + 1] is the value at the close of time index from + i. */
  equity: Float64Array;
  /** 1 where any position was open at that close. */
  exposed: Uint8Array;
  times: Float64Array;
  cash: number;
  finalValue: number;
  positions: Record<string, number>;
  trades: TradeBook;
  marks: Float64Array;
  fills: FillRecord[];
  orders: OrderRecord[];
  tradedNotional: number;
  commissions: number;
  bars: number;
  logs: Array<{ t: EpochMs; level: 'info' | 'warn'; message: string; fields?: Record<string, unknown> }>;
  cancelled: boolean;
  /** Signals that did not become orders (and the insight orders that did), newest 10,000. */
  decisions: Decision[];
  decisionCounts: Partial<Record<DecisionCode, number>>;
  /** Every protection lock the run made. */
  locks: ProtectionLock[];
}

/** The mutable bar handed to onBar; refilled for every bar so the loop allocates nothing. */
class BarView implements Bar {
  t = 0;
  o = 0;
  h = 0;
  l = 0;
  c = 0;
  v = 0;
}

const FACTORY = new OrderFactory();
/** The exit legs of an order without any: one empty list for all (a run keeps every order it made). */
const NO_CHILDREN: readonly OrderIntent[] = Object.freeze([]);
const PROGRESS_EVERY = 1 << 16;

/**
 * The event-driven backtest engine. For each bar, in time order over all symbols: (1) the symbol's working
 * orders meet the bar (fill rules in matching.ts and README.md), with fill and order-update callbacks;
 * (2) indicators move to the bar; (3) onBar; (4) with marketFill 'close', market orders sent in this onBar fill
 * at this bar's close; (5) after the last symbol of a timestamp, equity is marked at the closes.
 * An order sent during a bar is never matched against that bar (no lookahead), except option (4).
 * With `fill.queue` and quotes for a symbol, its orders meet its quotes and trades instead (ticks/queue-fill-model.ts,
 * README "Quote-level fill rules"): each tick meets the working orders before onQuote/onTrade sees it.
 */
export function runEngine(definition: StrategyDefinition, params: unknown, data: MarketData, options: EngineOptions = {}): EngineRun {
  const session = startEngine(definition, params, data, options);
  session.advance();
  return session.finish();
}

/** A run that can be continued: the live scanner keeps one warm per strategy over data that grows (GrowingMarketData). */
export interface EngineSession {
  /**
   * Runs the timestamps not handled yet: up to `options.to`, or, without it, to the data's end as it is now (the
   * data may have grown since the last advance). Then the scheduled events of the last timestamp's period fire, as
   * at the end of a run; they fire once, so a later advance does not repeat them.
   */
  advance(): void;
  /** Ends the run (onStop) and reports it. */
  finish(): EngineRun;
}

/** runEngine's run, started but not advanced: runEngine is start, one advance, finish. */
export function startEngine(definition: StrategyDefinition, params: unknown, data: MarketData, options: EngineOptions = {}): EngineSession {
  const fills = fillModel.parse(options.fill ?? {});
  const account = accountModel.parse(options.account ?? {});
  const record = options.record ?? true;
  const nTimes = data.times.length;
  const from = options.from ?? 0;
  let to = options.to ?? nTimes;
  if (!(from >= 0 && from < to && to <= nTimes)) throw new CodedError('BAD_REQUEST', `run range [${from}, ${to}) is outside the data (0..${nTimes})`);
  const nSym = data.symbols.length;
  if (nSym < (definition.minSymbols ?? 1)) {
    throw new CodedError('BAD_REQUEST', `${definition.name} trades at least ${definition.minSymbols} symbols; this run has ${nSym} (repeat --data or --symbol)`);
  }
  const cols = data.columns;
  const cursor = new Int32Array(nSym).fill(-1);
  const pos = new Float64Array(nSym);
  const marks = new Float64Array(nSym).fill(NaN);
  // Warm-up: indicators and marks see every bar before the run's first timestamp.
  const firstStep = data.timeStart[from]!;
  let lastStep = data.timeStart[to]!;
  for (let k = 0; k < firstStep; k++) {
    cursor[data.stepSym[k]!] = data.stepBar[k]!;
    marks[data.stepSym[k]!] = cols[data.stepSym[k]!]!.c[data.stepBar[k]!]!;
  }
  let cashMicros = Math.round(account.cash * 1e6);
  let cash = cashMicros / 1e6;
  // The simulated time lives in a typed slot: a double in a captured `let` is re-boxed on every bar (garbage).
  const clockSlot = new Float64Array(1);
  clockSlot[0] = data.times[from]!;
  let step = firstStep;
  let timeIndex = 0;
  let seq = 0;
  let working: SimOrder[] = [];
  const workingBySymbol = new Int32Array(nSym);
  const allOrders: SimOrder[] = [];
  const fillLog: FillRecord[] = [];
  const logs: EngineRun['logs'] = [];
  const book = new TradeBook(data.symbols);
  let tradedNotional = 0;
  let commissions = 0;
  const closeQueue: SimOrder[] = [];
  // Orders sent by a scheduled call before a timestamp's bars may meet those bars (they were sent before them).
  let preBar = false;
  // True while trades and quotes are handed to the strategy.
  let inTicks = false;
  const timeframe = options.timeframe ?? definition.timeframe;
  // The rule-based NYSE calendar never changes, so its sessions are remembered across runs; a calendar passed in
  // (one filled from Alpaca's) is asked directly.
  const calendar = options.calendar ?? cachedCalendar(nyseCalendar());
  const timing = new BarTiming(calendar);
  const scheduler = new StrategyScheduler(calendar);
  const history = new BacktestBars(data, cursor, timeframe, timing);
  const framework = new BacktestFramework(
    {
      now: () => clockSlot[0]!,
      equity: () => equityNow(),
      position: (symbol) => pos[data.symbolIndex(symbol)] ?? 0,
      working: (symbol) => {
        const s = data.symbolIndex(symbol);
        let n = 0;
        for (const o of working) if (o.s === s && o.state === 'working' && !Number.isNaN(o.qty)) n += (o.buy ? 1 : -1) * (o.qty - o.filled);
        return n;
      },
      lastBarAt: (symbol) => {
        const s = data.symbolIndex(symbol);
        return s >= 0 && cursor[s]! >= 0 ? cols[s]!.t[cursor[s]!]! : -Infinity;
      },
      bars: (symbol, count) => history.bars(symbol, timeframe, count),
      submit: (intent, cause) => accept(intent, undefined, cause).id,
    },
    params,
    timeframe,
    options.protections,
  );
  // The framework costs the hot loop one boolean until an insight or a protection needs it.
  let frameworkOn = framework.active;

  // Quote-level fills (fill.queue): a queue book for each symbol with quotes; the others keep the bar rules.
  const latency = fills.queue?.latencyMs ?? 0;
  const books: Array<QueueBook<SimOrder> | undefined> = fills.queue !== undefined ? data.ticks.map((x) => (x?.quotes !== undefined ? new QueueBook<SimOrder>({ fill: (q, qty, price, t) => queueFill(q.owner, qty, price, t), end: (q, why, t) => queueEnd(q.owner, why, t) }) : undefined)) : data.symbols.map(() => undefined);
  const queueOn = books.some((b) => b !== undefined);
  /** Time of the last tick replayed per symbol: an order sent in onBar (clock at the bar's start) is sent after it. */
  const lastTick = new Float64Array(nSym).fill(-Infinity);
  const placedAt = (s: number): number => Math.max(clockSlot[0]!, lastTick[s]!);
  let compactAt = 64;
  // Quote-level runs cancel and replace thousands of times between two bars (when working is compacted): by id.
  const workingById = queueOn ? new Map<string, SimOrder>() : undefined;
  const findOrder = (id: string): SimOrder | undefined => (workingById !== undefined ? workingById.get(id) : working.find((w) => w.id === id));

  const equityNow = (): number => {
    let e = cash;
    for (let s = 0; s < nSym; s++) if (pos[s] !== 0) e += pos[s]! * marks[s]!;
    return e;
  };

  let handlers: StrategyHandlers = {};
  const notify = (o: SimOrder): void => {
    if (!handlers.onOrderUpdate) return;
    const update: OrderUpdate = {
      id: o.id,
      intent: o.intent,
      state: o.state === 'working' ? (o.filled > 0 ? 'partially_filled' : 'accepted') : o.state,
      filledQty: o.filled,
      avgFillPrice: o.filled > 0 ? o.fillValue / o.filled : 0,
      t: clockSlot[0]!,
    };
    // Added, not spread in: a spread copies through a temporary object on every update.
    if (o.reason !== undefined) update.reason = o.reason;
    handlers.onOrderUpdate(update);
  };
  const finish = (o: SimOrder, state: OrderState, reason?: string): void => {
    if (o.state !== 'working') return;
    o.state = state;
    if (reason !== undefined) o.reason = reason;
    if (o.queue !== undefined) books[o.s]!.drop(o.queue);
    workingById?.delete(o.id);
    workingBySymbol[o.s]!--;
    notify(o);
  };

  const accept = (intent: OrderIntent, ocoPeer?: SimOrder, cause?: string, refusalIn?: string): SimOrder => {
    let refusal = refusalIn;
    const s = intent.symbol === undefined ? -1 : data.symbolIndex(intent.symbol);
    const o: SimOrder = {
      id: `bt-${++seq}`,
      intent,
      s: Math.max(s, 0),
      buy: intent.side === 'buy',
      type: TYPE_CODES[intent.type],
      qty: intent.qty !== undefined ? Number(intent.qty) : NaN,
      notional: intent.notional !== undefined ? Number(intent.notional) : NaN,
      filled: 0,
      fillValue: 0,
      limit: intent.limitPrice !== undefined ? Number(intent.limitPrice) : NaN,
      stop: intent.stopPrice !== undefined ? Number(intent.stopPrice) : NaN,
      trailPrice: intent.trailPrice !== undefined ? Number(intent.trailPrice) : 0,
      trailPercent: intent.trailPercent !== undefined ? Number(intent.trailPercent) : 0,
      watermark: NaN,
      triggered: false,
      tif: intent.timeInForce,
      // Sent on a tick (within the bar period of some symbol at this timestamp): no bar of this timestamp may fill
      // it, not even another symbol's later in the step order, whose open is earlier than the tick.
      submittedStep: preBar ? step - 1 : inTicks ? data.timeStart[from + timeIndex + 1]! - 1 : step,
      submittedAt: clockSlot[0]!,
      sessionDay: -1,
      state: 'working',
      commission: 0,
      ocoPeer,
      children: NO_CHILDREN,
      reason: undefined,
      cause,
      queue: undefined,
      replacedBy: undefined,
      filledAtReplace: 0,
    };
    if (record) allOrders.push(o);
    const book = s >= 0 ? books[s] : undefined;
    if (book !== undefined && refusal === undefined) refusal = queueRefusal(intent);
    if (intent.orderClass === 'mleg' || s < 0 || refusal !== undefined) {
      o.state = 'rejected';
      o.reason = refusal ?? (intent.orderClass === 'mleg' ? 'multi-leg option orders are not simulated by the bar backtest' : `no data for symbol ${intent.symbol ?? '(none)'} in this run`);
      notify(o);
      return o;
    }
    if (o.type === TYPE_TRAILING) o.watermark = marks[s]!;
    if (intent.orderClass === 'bracket' || intent.orderClass === 'oto') o.children = exitLegs(intent);
    if (intent.orderClass === 'oco') {
      // The limit leg is this order; the stop-loss leg is its peer.
      const stopLeg = exitLegs(intent).find((leg) => leg.type !== 'limit')!;
      const peer = accept(stopLeg, o);
      o.ocoPeer = peer;
    }
    if (book !== undefined) {
      // Live once the placement has travelled: from the later of the clock and the last tick this symbol replayed.
      const liveAt = placedAt(s) + latency;
      const limit = o.type === TYPE_LIMIT || o.type === TYPE_STOP_LIMIT ? o.limit : NaN;
      o.queue = queueOrder(o, o.buy, o.qty, limit, o.type === TYPE_STOP || o.type === TYPE_STOP_LIMIT ? o.stop : NaN, queueTif(o.tif), liveAt, queueExpiry(o.tif, liveAt));
    }
    working.push(o);
    workingById?.set(o.id, o);
    workingBySymbol[s]!++;
    if (book !== undefined) book.add(o.queue!);
    else if (fills.marketFill === 'close' && o.type === TYPE_MARKET && o.tif !== 'opg') closeQueue.push(o);
    notify(o);
    return o;
  };

  /** Executes qty of order o at price (before slippage for market-like fills); false when the account refuses it. */
  const execute = (o: SimOrder, rawPrice: number, marketLike: boolean, volume: number, t: EpochMs, maxQty = Infinity): boolean => {
    const remaining = Number.isNaN(o.qty) ? Math.floor((o.notional / rawPrice) * 1e9) / 1e9 : o.qty - o.filled;
    let qty = fillableQty(fills.slippage, remaining, volume);
    if (qty > maxQty) qty = maxQty;
    if (qty <= 0) return false;
    if (o.tif === 'fok' && qty < remaining) return false;
    let price = marketLike ? slippedPrice(fills.slippage, o.buy ? 'buy' : 'sell', rawPrice, qty, volume) : rawPrice;
    if (o.type === TYPE_LIMIT || (o.type === TYPE_STOP_LIMIT && !Number.isNaN(o.limit))) {
      // Slippage never takes a limit order past its limit.
      price = o.buy ? Math.min(price, o.limit) : Math.max(price, o.limit);
    }
    const sign = o.buy ? 1 : -1;
    const s = o.s;
    const fee =
      commissionFor(fills.commission, qty, price, o.commission) + regulatoryFeeFor(fills.regulatoryFees, o.buy ? 'buy' : 'sell', qty, price);
    const refusal = refuse(s, sign, qty, price, fee);
    if (refusal !== undefined) {
      if (record && refusal.startsWith('not enough buying power')) framework.onNoCash(data.symbols[s]!, o.buy ? 'buy' : 'sell', qty, refusal, o.cause);
      finish(o, 'rejected', refusal);
      if (o.ocoPeer) finish(o.ocoPeer, 'canceled', 'the other side of its OCO pair was rejected');
      return false;
    }
    if (Number.isNaN(o.qty)) o.qty = qty;
    cashMicros += -sign * Math.round(qty * price * 1e6) - Math.round(fee * 1e6);
    cash = cashMicros / 1e6;
    pos[s] = pos[s]! + sign * qty;
    if (Math.abs(pos[s]!) < 1e-9) pos[s] = 0;
    o.filled += qty;
    o.fillValue += qty * price;
    o.commission += fee;
    tradedNotional += qty * price;
    commissions += fee;
    book.fill(s, sign, qty, price, fee, t, timeIndex);
    if (frameworkOn) framework.onFill(data.symbols[s]!, o.buy ? 'buy' : 'sell', qty, price, fee, t, o.type === TYPE_STOP || o.type === TYPE_STOP_LIMIT || o.type === TYPE_TRAILING || /stop/i.test(o.cause ?? ''));
    const done = o.filled >= o.qty - 1e-9;
    if (done) {
      o.state = 'filled';
      workingById?.delete(o.id);
      workingBySymbol[s]!--;
    }
    if (record || handlers.onFill) {
      const fill: FillRecord = { orderId: o.id, symbol: data.symbols[s]!, side: o.buy ? 'buy' : 'sell', qty, price, commission: fee, t, timeIndex };
      if (record) fillLog.push(fill);
      handlers.onFill?.(fill);
    }
    notify(o);
    if (done) {
      if (o.ocoPeer) finish(o.ocoPeer, 'canceled', 'the other side of its OCO pair filled');
      if (o.children.length > 0) {
        const legs = o.children.map((leg) => ({ ...leg, qty: String(o.qty) }));
        const first = accept(legs[0]!);
        if (legs[1]) {
          const second = accept(legs[1], first);
          first.ocoPeer = second;
        }
      }
    }
    return true;
  };

  const queueFill = (o: SimOrder, qty: number, price: number, t: EpochMs): boolean => {
    const ok = execute(o, price, false, Infinity, t, qty);
    if (!ok && o.state === 'working') finish(o, 'rejected', 'the fill was refused');
    // The order filled before its replace took effect: the replacement has nothing left to do.
    if (o.state === 'filled' && o.replacedBy !== undefined) finish(o.replacedBy, 'canceled', 'the order it was to replace filled before the replace took effect');
    return ok;
  };

  const queueEnd = (o: SimOrder, why: QueueEnd, _t: EpochMs): void => {
    const next = o.replacedBy;
    if (why !== 'canceled' || next === undefined) {
      finish(o, why === 'expired' ? 'expired' : 'canceled', QUEUE_END_REASON[why]);
      return;
    }
    finish(o, 'replaced');
    // What the old order filled while the replace travelled counts against the replacement's quantity.
    const extra = o.filled - o.filledAtReplace;
    if (extra > 0 && next.state === 'working' && next.queue !== undefined) {
      next.qty -= extra;
      next.queue.remaining -= extra;
      if (next.queue.remaining <= 1e-9) finish(next, 'canceled', 'the order it replaced filled the whole quantity before the replace took effect');
    }
  };

  /** Buying-power and short-sale checks at the moment of a fill; the reason in words, or undefined when allowed. */
  const refuse = (s: number, sign: number, qty: number, price: number, fee: number): string | undefined => {
    const after = pos[s]! + sign * qty;
    if (!account.allowShort && after < -1e-9) {
      return `selling ${qty} ${data.symbols[s]} would open a short position and short selling is off for this run`;
    }
    if (Math.abs(after) <= Math.abs(pos[s]!)) return undefined;
    let gross = Math.abs(after) * price;
    let equity = cash - sign * qty * price - fee + after * price;
    for (let j = 0; j < nSym; j++) {
      if (j === s || pos[j] === 0) continue;
      gross += Math.abs(pos[j]!) * marks[j]!;
      equity += pos[j]! * marks[j]!;
    }
    if (gross <= equity * account.leverage + 1e-6) return undefined;
    return `not enough buying power: the fill needs ${gross.toFixed(2)} of exposure, the account allows ${(equity * account.leverage).toFixed(2)}`;
  };

  const matchBar = (s: number, i: number): void => {
    const col = cols[s]!;
    const t = col.t[i]!;
    const o = col.o[i]!;
    const h = col.h[i]!;
    const l = col.l[i]!;
    const c = col.c[i]!;
    const v = col.v[i]!;
    const day = Math.floor(t / DAY_MS);
    for (let k = 0; k < working.length; k++) {
      const order = working[k]!;
      if (order.s !== s || order.state !== 'working' || order.submittedStep >= step || order.queue !== undefined) continue;
      if (order.sessionDay < 0) order.sessionDay = day;
      else if (order.tif === 'day' && day > order.sessionDay) {
        finish(order, 'expired', 'a day order expires at the end of its session');
        continue;
      }
      const buy = order.buy;
      let price = NaN;
      let marketLike = false;
      switch (order.type) {
        case TYPE_MARKET:
          price = order.tif === 'cls' ? c : o;
          marketLike = true;
          break;
        case TYPE_LIMIT:
          price = order.tif === 'opg' ? (buy ? (o <= order.limit ? o : NaN) : o >= order.limit ? o : NaN) : order.tif === 'cls' ? (buy ? (c <= order.limit ? c : NaN) : c >= order.limit ? c : NaN) : limitPrice(buy, order.limit, o, h, l);
          break;
        case TYPE_STOP:
          price = stopPrice(buy, order.stop, o, h, l);
          marketLike = true;
          break;
        case TYPE_STOP_LIMIT:
          if (order.triggered) price = limitPrice(buy, order.limit, o, h, l);
          else {
            const [p, triggered] = stopLimitPrice(buy, order.stop, order.limit, o, h, l);
            price = p;
            order.triggered = triggered;
          }
          break;
        case TYPE_TRAILING: {
          if (Number.isNaN(order.watermark)) order.watermark = o;
          const level = trailingStopLevel(buy, order.watermark, order.trailPrice, order.trailPercent);
          price = stopPrice(buy, level, o, h, l);
          marketLike = true;
          // The watermark moves only after the bar is checked: which of high and low came first is unknown.
          if (Number.isNaN(price)) order.watermark = buy ? Math.min(order.watermark, l) : Math.max(order.watermark, h);
          break;
        }
      }
      if (!Number.isNaN(price)) execute(order, price, marketLike, v, t);
      if (order.state === 'working' && (order.tif === 'ioc' || order.tif === 'fok' || order.tif === 'opg' || order.tif === 'cls')) {
        finish(order, 'canceled', `a ${order.tif} order that does not fill on its first bar is canceled`);
      }
    }
    if (working.length > 32) working = working.filter((w) => w.state === 'working');
  };

  // Growing data: one line object per indicator asked for, fed the bars appended since after each append. A line
  // holds its feed, so a refresh looks nothing up and rebinds only when the buffers moved (thousands per close).
  const growing = data.grows;
  const rebinds = new Map<string, { line: unknown; refresh: () => void }>();
  const rebound = <L>(key: string, make: () => { line: L; refresh: () => void }): L => {
    const known = rebinds.get(key);
    if (known) return known.line as L;
    const made = make();
    rebinds.set(key, made);
    return made.line;
  };

  const context: StrategyContext = {
    universe: data.symbols,
    schedule: scheduler,
    bars: (symbol, tf, count) => history.bars(symbol, tf, count),
    emitInsight: (insight) => {
      framework.emitInsight(insight);
      frameworkOn = true;
    },
    clock: { now: () => clockSlot[0]! },
    log: {
      info: (message, fields) => void (record && logs.push({ t: clockSlot[0]!, level: 'info', message, ...(fields ? { fields } : {}) })),
      warn: (message, fields) => void (record && logs.push({ t: clockSlot[0]!, level: 'warn', message, ...(fields ? { fields } : {}) })),
    },
    indicators: {
      sma: (symbol, period) => {
        const s = data.symbolIndex(symbol);
        if (s < 0) throw new CodedError('BAD_REQUEST', `no data for symbol ${symbol} in this run`);
        if (!growing) return new SeriesLine(data.smaSeries(s, period), cursor, s);
        return rebound(`${s}:sma:${period}`, () => {
          const feed = data.smaFeed(s, period);
          let seen = feed.series();
          const line = new SeriesLine(seen, cursor, s);
          const refresh = () => {
            feed.refresh();
            if (feed.series() !== seen) line.rebind((seen = feed.series()));
          };
          return { line, refresh };
        });
      },
      indicator: (symbol, id, params = {}, options = {}) => {
        const s = data.symbolIndex(symbol);
        if (s < 0) throw new CodedError('BAD_REQUEST', `no data for symbol ${symbol} in this run`);
        const b = options.benchmark === undefined ? -1 : data.symbolIndex(options.benchmark);
        if (options.benchmark !== undefined && b < 0) throw new CodedError('BAD_REQUEST', `no data for benchmark ${options.benchmark} in this run`);
        if (!growing) return new SeriesLines(data.indicatorLines(s, id, params, b), STRATEGY_INDICATORS[id][0], cursor, s);
        return rebound(`${s}:${id}:${JSON.stringify(params)}:${b}`, () => {
          const feed = data.indicatorFeed(s, id, params, b);
          let seen = feed.lines();
          const line = new SeriesLines(seen, STRATEGY_INDICATORS[id][0], cursor, s);
          const refresh = () => {
            feed.refresh();
            if (feed.lines() !== seen) line.rebindAll((seen = feed.lines()));
          };
          return { line, refresh };
        });
      },
    },
    portfolio: {
      cash: () => cash,
      position: (symbol) => {
        const s = data.symbolIndex(symbol);
        return s < 0 ? 0 : pos[s]!;
      },
      equity: equityNow,
    },
    orders: FACTORY,
    submit: (intent, cause) => {
      let checked: OrderIntent;
      if (isValidatedIntent(intent)) checked = intent;
      else {
        const parsed = orderIntent.safeParse(intent);
        if (!parsed.success) return accept(intent, undefined, cause, `bad order: ${parsed.error.issues[0]?.message ?? 'invalid'}`).id;
        checked = parsed.data;
      }
      // A protection lock refuses an order that opens or grows a position (exits pass), like the live risk path.
      const locked = framework.protectionsOn ? framework.refuseEntry(checked, cause) : undefined;
      return accept(checked, undefined, cause, locked).id;
    },
    cancel: (id) => {
      const o = findOrder(id);
      if (!o) return;
      // Quote-level fills: the cancel takes effect after the latency, and the order can fill until then.
      if (o.queue !== undefined && o.state === 'working') o.queue.cancelAt = Math.min(o.queue.cancelAt, placedAt(o.s) + latency);
      else finish(o, 'canceled', 'canceled by the strategy');
    },
    replace: (id, changes: OrderChanges) => {
      const found = findOrder(id);
      const o = found !== undefined && found.state === 'working' && (found.queue === undefined || found.queue.cancelAt === Infinity) ? found : undefined;
      if (!o) throw new CodedError('NOT_FOUND', `order ${id} is not working and cannot be replaced`);
      const next = orderIntent.parse({ ...o.intent, ...changes });
      if (o.queue === undefined) {
        finish(o, 'replaced');
        return accept(next, undefined, o.cause).id;
      }
      // A replace is a cancel and a new order (it loses its queue place): both take effect after the latency.
      o.queue.cancelAt = placedAt(o.s) + latency;
      o.filledAtReplace = o.filled;
      const n = accept(next, undefined, o.cause);
      if (n.state === 'working') o.replacedBy = n;
      return n.id;
    },
  };

  handlers = definition.create(params as never, context);
  handlers.onStart?.();

  // Trades and quotes, where the data has them (MarketData.setTicks): those before a symbol's next bar go to
  // onQuote/onTrade (at one time, the quote first) between the bar's order matching and its onBar. Indicators still
  // show the last completed bar, and an order sent here meets bars from the next one on, as one sent in onBar.
  const onQuote = handlers.onQuote?.bind(handlers);
  const onTrade = handlers.onTrade?.bind(handlers);
  const ticks = onQuote !== undefined || onTrade !== undefined || queueOn ? data.ticks : [];
  const withTicks = ticks.some((x) => x !== undefined);
  const tradeNext = new Int32Array(nSym);
  const quoteNext = new Int32Array(nSym);
  if (withTicks) {
    for (let s = 0; s < nSym; s++) {
      tradeNext[s] = firstAtOrAfter(ticks[s]?.trades?.t, data.times[from]!);
      quoteNext[s] = firstAtOrAfter(ticks[s]?.quotes?.t, data.times[from]!);
    }
  }
  const quote: Quote = { t: 0, bid: 0, bidSize: 0, ask: 0, askSize: 0 };
  const trade: Trade = { t: 0, price: 0, size: 0 };
  const NO_TIMES = new Float64Array(0);
  const dispatchTicks = (s: number, i: number): void => {
    const col = cols[s]!;
    const end = i + 1 < col.t.length ? col.t[i + 1]! : Infinity;
    const book = books[s];
    const trades = onTrade !== undefined || book !== undefined ? ticks[s]?.trades : undefined;
    const quotes = onQuote !== undefined || book !== undefined ? ticks[s]?.quotes : undefined;
    const symbol = data.symbols[s]!;
    // The columns in locals and each side's next time kept until it moves: the loop runs once per tick (millions).
    const tt = trades?.t ?? NO_TIMES;
    const qt = quotes?.t ?? NO_TIMES;
    let a = tradeNext[s]!;
    let b = quoteNext[s]!;
    let ta = a < tt.length && tt[a]! < end ? tt[a]! : Infinity;
    let tb = b < qt.length && qt[b]! < end ? qt[b]! : Infinity;
    while (ta !== Infinity || tb !== Infinity) {
      // The fill model meets each tick before the strategy sees it: an order sent on a tick meets later ticks only.
      if (tb <= ta) {
        clockSlot[0] = tb;
        const bid = quotes!.bid[b]!;
        const bidSize = quotes!.bidSize[b]!;
        const ask = quotes!.ask[b]!;
        const askSize = quotes!.askSize[b]!;
        quoteNext[s] = ++b;
        if (book !== undefined) book.onQuote(tb, bid, bidSize, ask, askSize);
        if (onQuote !== undefined) {
          quote.t = tb;
          quote.bid = bid;
          quote.bidSize = bidSize;
          quote.ask = ask;
          quote.askSize = askSize;
          onQuote(symbol, quote);
        }
        tb = b < qt.length && qt[b]! < end ? qt[b]! : Infinity;
      } else {
        clockSlot[0] = ta;
        const price = trades!.price[a]!;
        const size = trades!.size[a]!;
        tradeNext[s] = ++a;
        if (book !== undefined) book.onTrade(ta, price, size);
        if (onTrade !== undefined) {
          trade.t = ta;
          trade.price = price;
          trade.size = size;
          onTrade(symbol, trade);
        }
        ta = a < tt.length && tt[a]! < end ? tt[a]! : Infinity;
      }
    }
    // While ticks are replayed the clock is the tick's time; afterwards (onBar) an order is sent after the last one.
    const last = Math.max(a > 0 ? tt[a - 1]! : -Infinity, b > 0 ? qt[b - 1]! : -Infinity);
    if (last > lastTick[s]!) lastTick[s] = last;
  };

  let { equity, exposed } = options.scratch ? options.scratch.take(to - from) : { equity: new Float64Array(to - from + 1), exposed: new Uint8Array(to - from) };
  equity[0] = cash;
  const bar = new BarView();
  const onBar = handlers.onBar?.bind(handlers);
  // Headlines only for a strategy that asks for them: any other run pays one undefined check per bar.
  const onNews = (definition.needs ?? []).includes('news') ? handlers.onNews?.bind(handlers) : undefined;
  const tape = onNews !== undefined && options.news !== undefined ? new NewsTape(options.news, data.symbols) : undefined;
  if (onNews !== undefined && options.news === undefined && record) logs.push({ t: data.times[from]!, level: 'warn', message: NO_NEWS_NOTE });
  const newsBarMs = intradayMs(timeframe) ?? MS_PER_DAY;
  let total = lastStep - firstStep;
  let cancelled = false;
  const onCrossSection = handlers.onCrossSection?.bind(handlers);
  const section = onCrossSection !== undefined ? new CrossSectionView(data, cursor) : undefined;
  const scheduling = !scheduler.empty;
  // Scheduled calls: each runs with the clock at its event; orders it sends may meet the next bars.
  const aroundEvent = (t: EpochMs, run: () => void): void => {
    clockSlot[0] = t;
    preBar = true;
    run();
    preBar = false;
  };
  if (scheduling) scheduler.start(data.times[from]! - 1);
  let seenVersion = data.version;

  const advance = (): void => {
    if (cancelled) return;
    if (data.version !== seenVersion) {
      // The data grew (GrowingMarketData): longer bars and indicator series are rebuilt over it on their next read.
      seenVersion = data.version;
      history.forget();
      for (const r of rebinds.values()) r.refresh();
    }
    to = options.to ?? data.times.length;
    lastStep = data.timeStart[to]!;
    total = lastStep - firstStep;
    if (equity.length < to - from + 1) {
      const grownEquity = new Float64Array(Math.max(to - from + 1, equity.length * 2));
      grownEquity.set(equity);
      const grownExposed = new Uint8Array(grownEquity.length - 1);
      grownExposed.set(exposed);
      equity = grownEquity;
      exposed = grownExposed;
    }
    const stepSym = data.stepSym;
    const stepBar = data.stepBar;
    const timeStart = data.timeStart;
    let nextMark = timeStart[from + timeIndex + 1]!;
    for (; step < lastStep; step++) {
      const s = stepSym[step]!;
      const i = stepBar[step]!;
      const col = cols[s]!;
      const now = col.t[i]!;
      // Before a timestamp's first bar: the events that happen before its bars end (a session's open before its day).
      if (scheduling && step === timeStart[from + timeIndex]) scheduler.advance(timing.end(now, timeframe), false, aroundEvent);
      clockSlot[0] = now;
      if (workingBySymbol[s]! > 0) matchBar(s, i);
      if (withTicks) {
        inTicks = true;
        dispatchTicks(s, i);
        inTicks = false;
        clockSlot[0] = now;
        if (working.length >= compactAt) {
          // Quote-level orders end on ticks, not in matchBar's sweep: drop the ended ones here (amortised).
          working = working.filter((w) => w.state === 'working');
          compactAt = Math.max(64, working.length * 2);
        }
      }
      cursor[s] = i;
      const c = col.c[i]!;
      marks[s] = c;
      if (frameworkOn) framework.onBar(data.symbols[s]!);
      // Headlines published before this bar's close, after its order matching (an order sent on one meets the
      // next bar, as one sent in onBar) and before its onBar; one at or after the close waits for the next bar.
      if (tape !== undefined) tape.deliverBefore(headlineCutoff(now, newsBarMs), onNews!);
      if (onBar !== undefined) {
        bar.t = now;
        bar.o = col.o[i]!;
        bar.h = col.h[i]!;
        bar.l = col.l[i]!;
        bar.c = c;
        bar.v = col.v[i]!;
        onBar(data.symbols[s]!, bar);
      }
      if (closeQueue.length > 0) {
        for (const order of closeQueue) if (order.state === 'working' && order.s === s) execute(order, c, true, col.v[i]!, now);
        closeQueue.length = 0;
      }
      if (step + 1 === nextMark) {
        if (section !== undefined) {
          onCrossSection!(now, section.fill());
          // With marketFill 'close', a market order sent here fills at its symbol's close of this timestamp.
          for (const order of closeQueue) {
            const at = cursor[order.s]!;
            if (order.state === 'working' && at >= 0 && cols[order.s]!.t[at] === now) execute(order, cols[order.s]!.c[at]!, true, cols[order.s]!.v[at]!, now);
          }
          closeQueue.length = 0;
        }
        let e = cash;
        let any = 0;
        for (let j = 0; j < nSym; j++) {
          const p = pos[j]!;
          if (p !== 0) {
            e += p * marks[j]!;
            any = 1;
          }
        }
        if (frameworkOn) framework.afterTimestamp(now, e);
        equity[timeIndex + 1] = e;
        exposed[timeIndex] = any;
        timeIndex++;
        nextMark = timeStart[from + timeIndex + 1]!;
        if ((timeIndex & (PROGRESS_EVERY - 1)) === 0) {
          options.onProgress?.(step - firstStep + 1, total);
          if (options.cancelled?.()) {
            cancelled = true;
            step++;
            break;
          }
        }
      }
    }
    if (scheduling && !cancelled && timeIndex > 0) {
      // The events of the last timestamp's period (its session's close) still belong to the run.
      scheduler.advance(timing.end(data.times[from + timeIndex - 1]!, timeframe), true, aroundEvent);
    }
  };

  const finishRun = (): EngineRun => {
    handlers.onStop?.();
    options.onProgress?.(step - firstStep, total);

    const positions: Record<string, number> = {};
    for (let s = 0; s < nSym; s++) if (pos[s] !== 0) positions[data.symbols[s]!] = pos[s]!;
    const finalValue = Math.round(equityNow() * 100) / 100;
    return {
      equity: cancelled ? equity.slice(0, timeIndex + 1) : equity.length === timeIndex + 1 ? equity : equity.subarray(0, timeIndex + 1),
      exposed: cancelled ? exposed.slice(0, timeIndex) : exposed.length === timeIndex ? exposed : exposed.subarray(0, timeIndex),
      // A view, not a copy: the data's timestamps never change once prepared.
      times: data.times.subarray(from, from + timeIndex),
      cash,
      finalValue,
      positions,
      trades: book,
      marks,
      fills: fillLog,
      orders: record ? allOrders.map(toRecord) : [],
      tradedNotional,
      commissions,
      bars: total,
      logs,
      cancelled,
      decisions: framework.decisions.list(),
      decisionCounts: { ...framework.decisions.counts },
      locks: framework.locks(),
    };
  };
  return { advance, finish: finishRun };
}

/** Index of the first time at or after `t` (the length when none; 0 without times). */
function firstAtOrAfter(times: Float64Array | undefined, t: number): number {
  if (times === undefined) return 0;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function exitLegs(intent: OrderIntent): OrderIntent[] {
  const side = intent.side === 'buy' ? 'sell' : 'buy';
  const base = { symbol: intent.symbol, side, timeInForce: intent.timeInForce, qty: intent.qty ?? '1', extendedHours: false, orderClass: 'simple' } as const;
  const legs: OrderIntent[] = [];
  if (intent.takeProfit) legs.push({ ...base, type: 'limit', limitPrice: intent.takeProfit.limitPrice });
  if (intent.stopLoss) {
    legs.push(
      intent.stopLoss.limitPrice
        ? { ...base, type: 'stop_limit', stopPrice: intent.stopLoss.stopPrice, limitPrice: intent.stopLoss.limitPrice }
        : { ...base, type: 'stop', stopPrice: intent.stopLoss.stopPrice },
    );
  }
  return legs;
}

/**
 * The record of an order. Its keys are added in this order whatever is present, because the order list's hash (the
 * golden tests' pin) is taken over its JSON text; they are assigned one by one, not spread in, since a spread copies
 * through a temporary object and a run makes one record per order.
 */
function toRecord(o: SimOrder): OrderRecord {
  const r: OrderRecord = {
    id: o.id,
    symbol: o.intent.symbol ?? '',
    side: o.buy ? 'buy' : 'sell',
    type: o.intent.type,
    timeInForce: o.tif,
    qty: Number.isNaN(o.qty) ? 0 : o.qty,
  } as OrderRecord;
  if (!Number.isNaN(o.limit)) r.limitPrice = o.limit;
  if (!Number.isNaN(o.stop)) r.stopPrice = o.stop;
  r.submittedAt = o.submittedAt;
  r.state = o.state === 'working' ? (o.filled > 0 ? 'partially_filled' : 'working') : o.state;
  r.filledQty = o.filled;
  r.avgFillPrice = o.filled > 0 ? o.fillValue / o.filled : 0;
  if (o.reason !== undefined) r.reason = o.reason;
  if (o.cause !== undefined) r.cause = o.cause;
  return r;
}

/** The map handed to onCrossSection: one reused bar per symbol, refilled at each call (only symbols with a bar). */
class CrossSectionView {
  private readonly map = new Map<string, Bar>();
  private readonly views: BarView[];

  constructor(
    private readonly data: MarketData,
    private readonly cursor: Int32Array,
  ) {
    this.views = data.symbols.map(() => new BarView());
  }

  /** Symbols in the map; once every symbol has a bar the map keeps its entries and only the views are refilled. */
  private present = -1;

  fill(): ReadonlyMap<string, Bar> {
    let count = 0;
    for (let s = 0; s < this.views.length; s++) if (this.cursor[s]! >= 0) count++;
    if (count === this.present) {
      // The same symbols as last time, in the same (symbol) order: refill the views in place.
      for (let s = 0; s < this.views.length; s++) {
        const i = this.cursor[s]!;
        if (i >= 0) this.refill(s, i);
      }
      return this.map;
    }
    this.present = count;
    this.map.clear();
    for (let s = 0; s < this.views.length; s++) {
      const i = this.cursor[s]!;
      if (i < 0) continue;
      this.refill(s, i);
      this.map.set(this.data.symbols[s]!, this.views[s]!);
    }
    return this.map;
  }

  private refill(s: number, i: number): void {
    const col = this.data.columns[s]!;
    const v = this.views[s]!;
    v.t = col.t[i]!;
    v.o = col.o[i]!;
    v.h = col.h[i]!;
    v.l = col.l[i]!;
    v.c = col.c[i]!;
    v.v = col.v[i]!;
  }
}
