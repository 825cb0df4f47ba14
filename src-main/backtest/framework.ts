import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import type { OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { EpochMs } from '../../src-shared/time.js';
import { DecisionLog, type Decision } from '../kernel/portfolio/decisions.js';
import { planIntent as order, type OrderPlan } from '../kernel/portfolio/execution-plan.js';
import { InsightBook } from '../kernel/portfolio/insight-book.js';
import { InsightPipeline } from '../kernel/portfolio/insight-pipeline.js';
import { barStats, STATS_BARS } from '../kernel/portfolio/market-stats.js';
import { ProtectionEngine } from '../kernel/protections/protection-engine.js';
import type { ProtectionLock, ProtectionSettings } from '../kernel/protections/settings.js';
import { TradeTracker } from '../kernel/protections/trade-tracker.js';
import { makeInsight, type InsightInput } from '../kernel/strategy/insight.js';
import { portfolioSettings } from '../kernel/strategy/portfolio-params.js';
import { MAX_BAR_SPAN_MS } from '../history/timeframes.js';
import { periodsPerYear } from './metrics.js';

/** What the framework needs from the engine. */
export interface EngineSide {
  now(): EpochMs;
  equity(): number;
  position(symbol: string): number;
  /** Signed unfilled quantity of the symbol's working orders. */
  working(symbol: string): number;
  lastBarAt(symbol: string): EpochMs;
  bars(symbol: string, count: number): Bar[];
  /** Sends a market order with its cause; returns its id. */
  submit(intent: OrderIntent, cause: string): string;
}

interface Parent {
  symbol: string;
  side: 'buy' | 'sell';
  left: number;
  slicesLeft: number;
  slices: number;
  cause: string;
  limitPrice: number | undefined;
}

/**
 * The strategy framework inside one backtest: insights, portfolio construction and execution (one pipeline with the
 * live bots, kernel/portfolio), protections (kernel/protections) and the decision log. The engine calls in at each
 * bar, fill, refusal and timestamp end; nothing here runs (and the engine's hot loop pays one boolean) until a
 * strategy emits an insight or the run has protections.
 */
export class BacktestFramework {
  readonly decisions = new DecisionLog();
  private readonly book = new InsightBook();
  private readonly pipeline: InsightPipeline;
  private readonly protections: ProtectionEngine;
  private readonly tracker = new TradeTracker();
  private readonly parents: Parent[] = [];
  private insightSeq = 0;
  private usesInsights = false;
  private readonly perYear: number;

  constructor(
    private readonly side: EngineSide,
    params: unknown,
    timeframe: Timeframe,
    protections: ProtectionSettings | undefined,
  ) {
    this.perYear = periodsPerYear(timeframe);
    this.protections = new ProtectionEngine(protections ?? {}, () => undefined, 'bt-lock');
    const settings = portfolioSettings(params);
    this.pipeline = new InsightPipeline(
      this.book,
      settings,
      {
        now: () => side.now(),
        capital: () => side.equity(),
        facts: (symbol) => {
          const bars = side.bars(symbol, STATS_BARS);
          const stats = barStats(bars, this.perYear);
          return {
            price: bars[bars.length - 1]?.c ?? NaN,
            volatility: stats.volatility,
            avgVolume: stats.avgVolume,
            held: side.position(symbol),
            pending: side.working(symbol) + this.unsent(symbol),
            lastBarAt: side.lastBarAt(symbol),
          };
        },
        lockFor: (symbol) => this.protections.lockFor(symbol, side.now()),
        marketOpen: () => true,
        send: (plan) => this.send(plan),
        decide: (d) => this.decisions.add(d),
      },
      // A symbol without a bar for five bar spans (a week of daily bars with a holiday) is stale.
      { staleAfterMs: 5 * MAX_BAR_SPAN_MS[timeframe] },
    );
  }

  /** Whether the engine must call in at all. */
  get active(): boolean {
    return this.usesInsights || this.protections.enabled;
  }

  get protectionsOn(): boolean {
    return this.protections.enabled;
  }

  emitInsight(input: InsightInput): void {
    this.usesInsights = true;
    this.book.add(makeInsight(input, `insight-${++this.insightSeq}`, this.side.now()));
  }

  onBar(symbol: string): void {
    if (this.usesInsights) this.book.onBar(symbol);
  }

  /**
   * Before a strategy's own order: the lock that refuses it, when it opens or grows a position in a locked
   * symbol (recorded as a PROTECTION decision); undefined when it may go.
   */
  refuseEntry(intent: OrderIntent, cause: string | undefined): string | undefined {
    if (!this.protections.enabled || intent.symbol === undefined || intent.qty === undefined) return undefined;
    const held = this.side.position(intent.symbol);
    const signed = intent.side === 'buy' ? Number(intent.qty) : -Number(intent.qty);
    if (Math.abs(held + signed) <= Math.abs(held)) return undefined;
    const lock = this.protections.lockFor(intent.symbol, this.side.now());
    if (!lock) return undefined;
    const reason = `PROTECTION: ${intent.symbol} is locked until ${new Date(lock.until).toISOString()}: ${lock.reason}`;
    this.decide({ code: 'PROTECTION', symbol: intent.symbol, side: intent.side ?? 'buy', qty: Number(intent.qty), reason, ...(cause ? { cause } : {}) });
    return reason;
  }

  /** An order refused at its fill for want of buying power: the signal did not become a position. */
  onNoCash(symbol: string, side: 'buy' | 'sell', qty: number, reason: string, cause: string | undefined): void {
    this.decide({ code: 'NO_CASH', symbol, side, qty, reason, ...(cause ? { cause } : {}) });
  }

  onFill(symbol: string, side: 'buy' | 'sell', qty: number, price: number, fee: number, t: EpochMs, stopExit: boolean): void {
    if (!this.protections.enabled) return;
    const closed = this.tracker.fill(symbol, side, qty, price, fee, t, stopExit);
    if (closed) this.protections.onTrade(closed);
  }

  /** After a timestamp (its cross-section and equity mark): drawdown watch, a rebalance when due, algo slices. */
  afterTimestamp(t: EpochMs, equity: number): void {
    this.protections.onEquity(t, equity);
    if (!this.usesInsights) return;
    // Running TWAPs send their next slice first; a parent made by this rebalance has sent its first already.
    for (const parent of [...this.parents]) this.sendSlice(parent);
    this.pipeline.rebalance();
  }

  locks(): ProtectionLock[] {
    return this.protections.locks();
  }

  private decide(d: Omit<Decision, 't'>): void {
    this.decisions.add({ t: this.side.now(), ...d });
  }

  private unsent(symbol: string): number {
    let n = 0;
    for (const p of this.parents) if (p.symbol === symbol) n += p.side === 'buy' ? p.left : -p.left;
    return n;
  }

  private send(plan: OrderPlan): string {
    if (plan.kind !== 'algo') return this.side.submit(order(plan.symbol, plan.side, plan.qty, plan.limitPrice), plan.cause);
    // The bar backtest's TWAP: one child per timestamp of the run, the first now.
    const parent: Parent = { symbol: plan.symbol, side: plan.side, left: plan.qty, slicesLeft: plan.slices ?? 2, slices: plan.slices ?? 2, cause: plan.cause, limitPrice: plan.limitPrice };
    this.parents.push(parent);
    return this.sendSlice(parent);
  }

  private sendSlice(parent: Parent): string {
    const qty = Math.ceil(parent.left / parent.slicesLeft);
    parent.left -= qty;
    parent.slicesLeft--;
    const n = parent.slices - parent.slicesLeft;
    if (parent.slicesLeft === 0) this.parents.splice(this.parents.indexOf(parent), 1);
    return this.side.submit(order(parent.symbol, parent.side, qty, parent.limitPrice), `TWAP slice ${n}/${parent.slices}: ${parent.cause}`);
  }
}

