import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { SessionCalendar } from '../history/calendar.js';
import { intradayMs, MAX_BAR_SPAN_MS } from '../history/timeframes.js';
import type { AlgoSpec } from '../kernel/algos/algo-types.js';
import type { Decision } from '../kernel/portfolio/decisions.js';
import { planIntent as order, type OrderPlan } from '../kernel/portfolio/execution-plan.js';
import { InsightBook } from '../kernel/portfolio/insight-book.js';
import { InsightPipeline } from '../kernel/portfolio/insight-pipeline.js';
import { barStats, STATS_BARS } from '../kernel/portfolio/market-stats.js';
import { ProtectionEngine } from '../kernel/protections/protection-engine.js';
import type { ProtectionLock, ProtectionSettings } from '../kernel/protections/settings.js';
import { TradeTracker } from '../kernel/protections/trade-tracker.js';
import { makeInsight, type InsightInput } from '../kernel/strategy/insight.js';
import { portfolioSettings } from '../kernel/strategy/portfolio-params.js';
import type { BotExecution } from './bot-execution.js';
import type { LiveBars } from './live-bars.js';
import { periodsPerYear } from '../backtest/metrics.js';

/** How long one TWAP slice of a bot's algo lasts on the live clock. */
const SLICE_MS = 60_000;

export interface LiveFrameworkOptions {
  botId: string;
  source: string;
  params: unknown;
  timeframe: Timeframe;
  calendar: SessionCalendar;
  protections: ProtectionSettings;
  /** Locks stored before (a restart): they count until they end. */
  locks: readonly ProtectionLock[];
  execution: BotExecution;
  history: LiveBars;
  now: () => EpochMs;
  /** Sends an order (market or limit) through the bot's own submit path (decisions and ids there); returns its local id. */
  sendMarket: (intent: OrderIntent, cause: string) => string;
  onLock: (lock: ProtectionLock) => void;
  onDecision: (decision: Decision) => void;
}

interface Pending {
  symbol: string;
  signed: number;
  filled: number;
}

/**
 * The strategy framework inside a live bot, on the same kernel pieces as the backtest's (kernel/portfolio,
 * kernel/protections): insights to targets within the bot's own ledger, protections that refuse entries (stored
 * locks, lifted by time or by the trader), execution as market orders or, when large against the symbol's volume,
 * an algo of the order service's engine whose children are sent under the bot's source (its ledger counts them).
 */
export class LiveFramework {
  private readonly book = new InsightBook();
  private readonly pipeline: InsightPipeline;
  private readonly protections: ProtectionEngine;
  private readonly tracker = new TradeTracker();
  private readonly pending = new Map<string, Pending>();
  private readonly algos = new Map<string, Pending>();
  private usesInsights = false;
  private seq = 0;
  private readonly perYear: number;

  constructor(private readonly o: LiveFrameworkOptions) {
    this.perYear = periodsPerYear(o.timeframe);
    this.protections = new ProtectionEngine(o.protections, o.onLock, `${o.botId}-lock`);
    this.protections.restore(o.locks);
    this.pipeline = new InsightPipeline(
      this.book,
      portfolioSettings(o.params),
      {
        now: o.now,
        capital: () => o.execution.equity(),
        facts: (symbol) => {
          const bars = o.history.bars(symbol, o.timeframe, STATS_BARS);
          const stats = barStats(bars, this.perYear);
          return {
            price: bars[bars.length - 1]?.c ?? NaN,
            volatility: stats.volatility,
            avgVolume: stats.avgVolume,
            held: o.execution.position(symbol),
            pending: this.pendingQty(symbol),
            lastBarAt: bars[bars.length - 1]?.t ?? -Infinity,
          };
        },
        lockFor: (symbol) => this.protections.lockFor(symbol, o.now()),
        marketOpen: () => this.marketOpen(),
        send: (plan) => this.send(plan),
        // Market orders record ORDER_SENT when the broker took them (the bot's submit path); algos when started.
        decide: (d) => {
          if (d.code !== 'ORDER_SENT') o.onDecision(d);
        },
      },
      { staleAfterMs: 5 * MAX_BAR_SPAN_MS[o.timeframe] },
    );
  }

  get protectionsOn(): boolean {
    return this.protections.enabled;
  }

  emitInsight(input: InsightInput): void {
    this.usesInsights = true;
    this.book.add(makeInsight(input, `${this.o.botId}-insight-${++this.seq}`, this.o.now()));
  }

  onBar(symbol: string): void {
    if (this.usesInsights) this.book.onBar(symbol);
  }

  /** After each bar, cross-section or scheduled call: drawdown watch, then a rebalance when one is due. */
  settle(): void {
    if (this.protections.enabled) this.protections.onEquity(this.o.now(), this.o.execution.equity());
    if (this.usesInsights) this.pipeline.rebalance();
  }

  /** The lock reason that refuses a strategy's own order opening or growing a position; undefined when it may go. */
  refuseEntry(intent: OrderIntent, cause: string | undefined): string | undefined {
    if (!this.protections.enabled || intent.symbol === undefined || intent.qty === undefined) return undefined;
    const held = this.o.execution.position(intent.symbol);
    const signed = intent.side === 'buy' ? Number(intent.qty) : -Number(intent.qty);
    if (Math.abs(held + signed) <= Math.abs(held)) return undefined;
    const lock = this.protections.lockFor(intent.symbol, this.o.now());
    if (!lock) return undefined;
    const reason = `${intent.symbol} is locked until ${new Date(lock.until).toISOString()}: ${lock.reason}`;
    this.o.onDecision({ t: this.o.now(), code: 'PROTECTION', symbol: intent.symbol, side: intent.side ?? 'buy', qty: Number(intent.qty), reason, ...(cause ? { cause } : {}) });
    return reason;
  }

  onFill(symbol: string, side: 'buy' | 'sell', qty: number, price: number, t: EpochMs, stopExit: boolean): void {
    if (!this.protections.enabled) return;
    const closed = this.tracker.fill(symbol, side, qty, price, 0, t, stopExit);
    if (closed) this.protections.onTrade(closed);
  }

  /** A pipeline order's progress (by the bot's local id); settled ones stop counting as pending. */
  onOrderUpdate(local: string, state: string, filledQty: number): void {
    const p = this.pending.get(local);
    if (!p) return;
    p.filled = filledQty;
    if (state === 'filled' || state === 'canceled' || state === 'expired' || state === 'rejected' || state === 'replaced') this.pending.delete(local);
  }

  locks(activeAt?: number): ProtectionLock[] {
    return this.protections.locks(activeAt);
  }

  lift(id: string, at: EpochMs): ProtectionLock | undefined {
    return this.protections.lift(id, at);
  }

  private pendingQty(symbol: string): number {
    let n = 0;
    for (const p of this.pending.values()) if (p.symbol === symbol) n += p.signed - Math.sign(p.signed) * p.filled;
    for (const [id, a] of this.algos) {
      if (a.symbol !== symbol) continue;
      const progress = id.startsWith('starting-') ? undefined : this.o.execution.algoProgress?.(id);
      if (progress && progress.status !== 'running') {
        this.algos.delete(id);
        continue;
      }
      n += a.signed - Math.sign(a.signed) * (progress?.filledQty ?? 0);
    }
    return n;
  }

  private marketOpen(): boolean {
    if (intradayMs(this.o.timeframe) === undefined) return true;
    const now = this.o.now();
    const date = new Date(now).toISOString().slice(0, 10);
    const session = this.o.calendar.sessions(date, date)[0];
    return session !== undefined && now >= session.open && now < session.close;
  }

  private send(plan: OrderPlan): string | undefined {
    const signed = plan.side === 'buy' ? plan.qty : -plan.qty;
    if (plan.kind !== 'algo' || !this.o.execution.startAlgo) {
      const local = this.o.sendMarket(order(plan.symbol, plan.side, plan.qty, plan.limitPrice), plan.cause);
      this.pending.set(local, { symbol: plan.symbol, signed, filled: 0 });
      return local;
    }
    const slices = plan.slices ?? 2;
    const spec: AlgoSpec = {
      kind: 'twap',
      symbol: plan.symbol,
      side: plan.side,
      qty: plan.qty,
      slices,
      durationMs: slices * SLICE_MS,
      source: this.o.source,
      ...(plan.limitPrice !== undefined ? { limitPrice: plan.limitPrice.toFixed(2) } : {}),
    };
    const provisional = `starting-${++this.seq}`;
    this.algos.set(provisional, { symbol: plan.symbol, signed, filled: 0 });
    void this.o.execution
      .startAlgo(spec)
      .then((result) => {
        this.algos.delete(provisional);
        if (result.ok) {
          this.algos.set(result.id, { symbol: plan.symbol, signed, filled: 0 });
          this.o.onDecision({ t: this.o.now(), code: 'ORDER_SENT', symbol: plan.symbol, side: plan.side, qty: plan.qty, reason: `TWAP of ${plan.qty} in ${slices} slices over ${(slices * SLICE_MS) / 60_000} min`, cause: plan.cause, orderId: result.id });
        } else {
          this.o.onDecision({ t: this.o.now(), code: 'RISK_DENIED', symbol: plan.symbol, side: plan.side, qty: plan.qty, reason: `${result.code}: ${result.message}`, cause: plan.cause });
        }
      })
      .catch((error: unknown) => {
        this.algos.delete(provisional);
        this.o.onDecision({ t: this.o.now(), code: 'RISK_DENIED', symbol: plan.symbol, side: plan.side, qty: plan.qty, reason: error instanceof Error ? error.message : String(error), cause: plan.cause });
      });
    return provisional;
  }
}
