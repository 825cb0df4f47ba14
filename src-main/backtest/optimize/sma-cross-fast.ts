import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { smaCross } from '../../strategies/sma-cross.js';
import { commissionFor, regulatoryFeeFor, slippedPrice, type AccountModel, type FillModel } from '../fill-model.js';
import type { MarketData } from '../market-data.js';
import { addTrade, EquityPass, type MetricsSummaryInput, type TradeStats } from '../metrics.js';

/** What a sweep evaluation needs from a run: the inputs of metricsFromSummary, the final value and the bar count. */
export interface FastRun extends Omit<MetricsSummaryInput, 'periodsPerYear'> {
  commissions: number;
  finalValue: number;
  bars: number;
}

interface SmaCrossParams {
  fast: number;
  slow: number;
  size: number;
}

/**
 * The parameters when the fast path can run this combination exactly as the engine would: sma-cross itself, one
 * symbol, every market order filling whole on one bar (no volume-share slippage), and parameters the strategy
 * accepts as given. Anything else (including parameters the engine would refuse with an error) goes to the engine.
 */
export function smaCrossFastParams(definition: StrategyDefinition, params: unknown, data: MarketData, fill: FillModel): SmaCrossParams | undefined {
  if (definition !== (smaCross as unknown as StrategyDefinition) || data.symbols.length !== 1 || fill.slippage.kind === 'volume-share') return undefined;
  if (typeof params !== 'object' || params === null) return undefined;
  const { fast, slow, size } = params as Record<string, unknown>;
  const positiveInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x < 1e15;
  if (!positiveInt(fast) || !positiveInt(slow) || !positiveInt(size) || fast >= slow) return undefined;
  return { fast, slow, size };
}

/** One combination's run, carried from block to block. */
class ComboRun {
  /** The account, the open trade and the strategy's state, in a typed array (doubles kept unboxed). */
  readonly a = new Float64Array(SLOTS);
  readonly trades: TradeStats = { count: 0, wins: 0, grossWin: 0, grossLoss: 0 };
  readonly fastSeries: Float64Array;
  readonly slowSeries: Float64Array;

  constructor(
    readonly p: SmaCrossParams,
    data: MarketData,
    account: AccountModel,
  ) {
    this.fastSeries = data.smaSeries(0, p.fast);
    this.slowSeries = data.smaSeries(0, p.slow);
    this.a[CASH_MICROS] = Math.round(account.cash * 1e6);
    this.a[CASH] = this.a[CASH_MICROS]! / 1e6;
  }
}

/**
 * sma-cross over one symbol without the event machinery: the strategy's rule (src-main/strategies/sma-cross.ts) and
 * the engine's handling of its orders (src-main/backtest/engine.ts: a day market order fills whole at the next bar's
 * open, or at this bar's close with marketFill 'close'; slippage, commission, regulatory fees, the buying-power and
 * short-sale checks, cash kept in micro-units, the trade book's P&L) written out over typed arrays, with nothing
 * allocated per bar or per trade. A sweep spends its time here, so it must stay equal to the engine bit for bit:
 * tests/unit/backtest/sma-cross-fast.test.ts compares every number the sweep reports, and the equity and trade
 * statistics they come from, against runEngine over the real files and every fill and account setting.
 *
 * Several combinations run together, a block of bars at a time: the block's slice of every series they read stays
 * in cache while each combination takes its turn, and the equity marks go straight from a small block buffer to
 * the metrics' first pass (EquityPass), which keeps each combination's returns in `returns(k)` for the second.
 * `equityOut` (tests) receives each combination's marks.
 */
export function runSmaCrossFast(ps: readonly SmaCrossParams[], data: MarketData, fill: FillModel, account: AccountModel, from: number, to: number, returns: (k: number) => Float64Array, equityOut?: readonly Float64Array[]): FastRun[] {
  const marks = new Float64Array(BLOCK);
  const runs = ps.map((p) => new ComboRun(p, data, account));
  const passes = runs.map((run, k) => new EquityPass(run.a[CASH]!, returns(k)));
  equityOut?.forEach((out, k) => (out[0] = runs[k]!.a[CASH]!));
  for (let lo = from; lo < to; lo += BLOCK) {
    const hi = Math.min(lo + BLOCK, to);
    for (let k = 0; k < runs.length; k++) {
      runBlock(runs[k]!, data, fill, account, lo, hi, marks);
      passes[k]!.add(marks, 0, hi - lo);
      equityOut?.[k]?.set(marks.subarray(0, hi - lo), 1 + lo - from);
    }
  }
  const close = data.columns[0]!.c;
  return runs.map((run, k) => {
    const { a } = run;
    const last = a[POS] !== 0 ? a[CASH]! + a[POS]! * close[to - 1]! : a[CASH]!;
    return {
      pass: passes[k]!,
      squaredDeviations: passes[k]!.squaredDeviations(),
      exposedBars: a[EXPOSED]!,
      times: data.times.subarray(from, to),
      trades: run.trades,
      tradedNotional: a[NOTIONAL]!,
      commissions: a[COMMISSIONS]!,
      finalValue: Math.round(last * 100) / 100,
      bars: to - from,
    };
  });
}

/** Bars [lo, hi) of one combination; the equity mark at each close goes to marks[i - lo]. */
function runBlock(run: ComboRun, data: MarketData, fill: FillModel, account: AccountModel, lo: number, hi: number, marks: Float64Array): void {
  const { a, p, fastSeries, slowSeries } = run;
  const col = data.columns[0]!;
  const open = col.o;
  const close = col.c;
  const atClose = fill.marketFill === 'close';
  let cash = a[CASH]!;
  let pos = a[POS]!;
  let side = a[SIDE]!;
  /** The working order: +1 buy, -1 sell, 0 none. Its quantity is `size` for a buy and the whole position for a sell. */
  let pending = a[PENDING]!;
  let pendingQty = a[PENDING_QTY]!;
  let exposedBars = a[EXPOSED]!;
  for (let i = lo; i < hi; i++) {
    if (pending !== 0) {
      fillOrder(a, run.trades, fill, account, pending, pendingQty, open[i]!, col.v[i]!);
      cash = a[CASH]!;
      pos = a[POS]!;
      pending = 0;
    }
    const diff = fastSeries[i]! - slowSeries[i]!;
    // NaN while either window is still filling; an exact tie is not a cross.
    if (diff !== 0 && diff === diff) {
      const now = diff > 0 ? 1 : -1;
      const previous = side;
      side = now;
      if (previous !== 0 && previous !== now) {
        // The order factory writes a whole quantity below 1e15 as its decimal digits, so the engine reads back
        // exactly `size` (checked by smaCrossFastParams) or the position (a sum of such sizes).
        if (now > 0 && pos === 0) {
          pending = 1;
          pendingQty = p.size;
        } else if (now < 0 && pos > 0) {
          pending = -1;
          pendingQty = pos;
        }
        if (pending !== 0 && atClose) {
          fillOrder(a, run.trades, fill, account, pending, pendingQty, close[i]!, col.v[i]!);
          cash = a[CASH]!;
          pos = a[POS]!;
          pending = 0;
        }
      }
    }
    if (pos !== 0) {
      marks[i - lo] = cash + pos * close[i]!;
      exposedBars++;
    } else marks[i - lo] = cash;
  }
  a[SIDE] = side;
  a[PENDING] = pending;
  a[PENDING_QTY] = pendingQty;
  a[EXPOSED] = exposedBars;
}

/** Bars per block: the block's slice of a dozen series (16 KB each) stays in a core's cache. */
const BLOCK = 2048;
const CASH_MICROS = 0;
const CASH = 1;
const POS = 2;
const NOTIONAL = 3;
const COMMISSIONS = 4;
/** The open trade (trades.ts): cost of what is open, its size, the commission paid opening it. */
const OPEN_COST = 5;
const OPEN_QTY = 6;
const OPEN_COMMISSION = 7;
/** The strategy's last side of fast - slow, the working order and its quantity, the bars closed exposed. */
const SIDE = 8;
const PENDING = 9;
const PENDING_QTY = 10;
const EXPOSED = 11;
const SLOTS = 12;

/**
 * engine.ts execute() and refuse() for one symbol and a whole market order not yet charged; a refusal changes
 * nothing. The trade book's arithmetic (trades.ts TradeBook.fill) for what sma-cross does: a buy opens a trade from
 * flat, a sell closes all of it (it never sells more than it holds, so no sell is refused and no trade flips).
 */
function fillOrder(a: Float64Array, trades: TradeStats, fill: FillModel, account: AccountModel, sign: number, qty: number, rawPrice: number, volume: number): void {
  const side = sign > 0 ? 'buy' : 'sell';
  const price = slippedPrice(fill.slippage, side, rawPrice, qty, volume);
  const fee = commissionFor(fill.commission, qty, price, 0) + regulatoryFeeFor(fill.regulatoryFees, side, qty, price);
  const pos = a[POS]!;
  const cash = a[CASH]!;
  const after = pos + sign * qty;
  if (!account.allowShort && after < -1e-9) return;
  if (Math.abs(after) > Math.abs(pos)) {
    const gross = Math.abs(after) * price;
    const equityAfter = cash - sign * qty * price - fee + after * price;
    if (!(gross <= equityAfter * account.leverage + 1e-6)) return;
  }
  a[CASH_MICROS] = a[CASH_MICROS]! + (-sign * Math.round(qty * price * 1e6) - Math.round(fee * 1e6));
  a[CASH] = a[CASH_MICROS]! / 1e6;
  a[POS] = Math.abs(after) < 1e-9 ? 0 : after;
  a[NOTIONAL] = a[NOTIONAL]! + qty * price;
  a[COMMISSIONS] = a[COMMISSIONS]! + fee;
  if (sign > 0) {
    a[OPEN_QTY] = 0 + qty;
    a[OPEN_COST] = 0 + price * qty;
    a[OPEN_COMMISSION] = 0 + (fee * qty) / qty;
  } else {
    const avg = a[OPEN_COST]! / Math.abs(a[OPEN_QTY]!);
    const grossPnl = 0 + (price - avg) * qty * 1;
    addTrade(trades, grossPnl - (a[OPEN_COMMISSION]! + (fee * qty) / qty));
  }
}
