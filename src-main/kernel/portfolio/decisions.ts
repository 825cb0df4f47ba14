import type { EpochMs } from '../../../src-shared/time.js';

/**
 * Why a signal did or did not become an order: the decision log of a bot (stored, over IPC) and of a backtest run
 * (in its result). "Why did it trade, or not?" is the question traders ask most of automated systems.
 */
export const DECISION_CODES = [
  /** An order was sent (its cause says which insight or reason). */
  'ORDER_SENT',
  /** The bot's allocation (or the run's buying power) could not pay for it. */
  'NO_CASH',
  /** A protection lock (cooldown, stop-loss guard, max drawdown, low profit) blocks entries. */
  'PROTECTION',
  /** The risk engine or the bot's ledger check refused it. */
  'RISK_DENIED',
  /** The symbol's last bar is too old to trade on. */
  'STALE_DATA',
  /** Intraday signal outside the regular session. */
  'MARKET_CLOSED',
  /** A down insight while short selling is off. */
  'SHORTING_OFF',
  /** No price, or no volatility yet for a volatility-targeted size. */
  'NO_DATA',
  /** The difference to the target is under the minimum order size. */
  'TOO_SMALL',
] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

export interface Decision {
  t: EpochMs;
  code: DecisionCode;
  symbol?: string;
  side?: 'buy' | 'sell';
  qty?: number;
  /** In words a trader can act on. */
  reason: string;
  /** The insight or strategy reason behind the signal. */
  cause?: string;
  /** The order it became (ORDER_SENT), when there is one. */
  orderId?: string;
}

/** Keeps the newest decisions (a run of twenty years must not hold millions); counts all of them by code. */
export class DecisionLog {
  private readonly items: Decision[] = [];
  readonly counts: Partial<Record<DecisionCode, number>> = {};

  constructor(private readonly limit = 10_000) {}

  add(decision: Decision): void {
    this.counts[decision.code] = (this.counts[decision.code] ?? 0) + 1;
    this.items.push(decision);
    if (this.items.length > this.limit * 1.25) this.items.splice(0, this.items.length - this.limit);
  }

  list(): Decision[] {
    return this.items.slice();
  }
}
