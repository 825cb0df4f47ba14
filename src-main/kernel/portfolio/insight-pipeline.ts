import type { EpochMs } from '../../../src-shared/time.js';
import type { PortfolioSettings } from '../strategy/portfolio-params.js';
import { constructTargets, type SymbolFacts, type Target } from './construction.js';
import type { Decision, DecisionCode } from './decisions.js';
import { planOrders, type ExecutionFacts, type OrderPlan } from './execution-plan.js';
import type { InsightBook } from './insight-book.js';

/** What the pipeline needs from its runtime (the backtest engine, or a live bot). */
export interface PipelinePort {
  now(): EpochMs;
  /** The bot's (or run's) equity: its capital for targets. */
  capital(): number;
  facts(symbol: string): SymbolFacts & ExecutionFacts & { lastBarAt: EpochMs };
  /** The protection lock that blocks new entries in the symbol now, if any. */
  lockFor(symbol: string): { reason: string } | undefined;
  /** Whether orders may go now (live intraday bots: the regular session); a backtest says true. */
  marketOpen(): boolean;
  /** Sends an order (or starts an algo) for the plan; returns its id, or undefined when refused at once. */
  send(plan: OrderPlan): string | undefined;
  decide(decision: Decision): void;
}

export interface PipelineOptions {
  /** A symbol whose last bar is older than this is not traded (STALE_DATA). */
  staleAfterMs: number;
}

/**
 * The framework's flow, the same in backtest and live: active insights -> portfolio construction (targets within
 * the bot's capital) -> risk and protections (a lock keeps a position from opening or growing; exits pass) ->
 * execution (target - held - pending, as market orders or a TWAP when large against volume). Runs when an insight
 * arrived or expired, and again after a pass where something was held back (a lock may end, data may come). Each
 * signal that does not become an order is logged once with its reason, until its reason changes.
 */
export class InsightPipeline {
  private retry = false;
  private readonly lastBlocked = new Map<string, string>();

  constructor(
    private readonly book: InsightBook,
    private readonly settings: PortfolioSettings,
    private readonly port: PipelinePort,
    private readonly options: PipelineOptions,
  ) {}

  /** One pass, if anything changed (or `force`). */
  rebalance(force = false): void {
    const now = this.port.now();
    this.book.advance(now);
    const changed = this.book.takeChanged();
    if (!changed && !this.retry && !force) return;
    this.retry = false;
    const port = this.port;
    // Limit orders are sized at their limit, so a buy at its worst price still fits the capital (the bot's ledger
    // costs a limit buy at its limit).
    const markup = this.settings.orderType === 'limit' ? 1 + this.settings.limitOffsetBps / 10_000 : 1;
    const sizing = (s: string) => {
      const f = port.facts(s);
      return { price: f.price * markup, volatility: f.volatility };
    };
    const { targets, skipped } = constructTargets(this.book.active(), this.book.symbols(), port.capital(), sizing, this.settings);
    const blocked = new Map<string, string>();
    for (const s of skipped) this.block(blocked, s.symbol, s.code, s.reason, s.cause, now);
    const allowed: Target[] = [];
    const open = port.marketOpen();
    for (const target of targets) {
      const facts = port.facts(target.symbol);
      const expected = facts.held + facts.pending;
      if (target.qty === expected) continue;
      const grows = Math.abs(target.qty) > Math.abs(expected) && (expected === 0 || Math.sign(target.qty) === Math.sign(expected));
      if (!open) {
        this.block(blocked, target.symbol, 'MARKET_CLOSED', `the market is closed: ${target.symbol} is not traded until the session opens`, target.cause, now);
        continue;
      }
      if (now - facts.lastBarAt > this.options.staleAfterMs) {
        this.block(blocked, target.symbol, 'STALE_DATA', `the last bar of ${target.symbol} is from ${new Date(facts.lastBarAt).toISOString()}: too old to trade on`, target.cause, now);
        continue;
      }
      const lock = grows ? port.lockFor(target.symbol) : undefined;
      if (lock) {
        this.block(blocked, target.symbol, 'PROTECTION', `${target.symbol} is locked: ${lock.reason}`, target.cause, now);
        continue;
      }
      allowed.push(target);
    }
    for (const plan of planOrders(allowed, (s) => port.facts(s), this.settings)) {
      const id = port.send(plan);
      if (id !== undefined) {
        port.decide({ t: now, code: 'ORDER_SENT', symbol: plan.symbol, side: plan.side, qty: plan.qty, reason: plan.kind === 'algo' ? `TWAP of ${plan.qty} in ${plan.slices} slices` : `${plan.kind} ${plan.side} ${plan.qty}${plan.limitPrice !== undefined ? ` at ${plan.limitPrice}` : ''}`, cause: plan.cause, orderId: id });
      }
    }
    this.lastBlocked.clear();
    for (const [k, v] of blocked) this.lastBlocked.set(k, v);
  }

  private block(blocked: Map<string, string>, symbol: string, code: DecisionCode, reason: string, cause: string, now: EpochMs): void {
    this.retry = true;
    blocked.set(symbol, code);
    if (this.lastBlocked.get(symbol) === code) return;
    this.port.decide({ t: now, code, symbol, reason, cause });
  }
}
