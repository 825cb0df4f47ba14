import type { EpochMs } from '../../../src-shared/time.js';
import { DECISION_CODES } from '../../../src-shared/ipc/bot-framework-schemas.js';

/**
 * Why a signal did or did not become an order: the decision log of a bot (stored, over IPC) and of a backtest run
 * (in its result). "Why did it trade, or not?" is the question traders ask most of automated systems. Codes:
 * ORDER_SENT (its cause says which insight or reason); NO_CASH (the allocation or buying power could not pay);
 * PROTECTION (a lock blocks entries); RISK_DENIED (risk engine or ledger check); STALE_DATA (last bar too old);
 * MARKET_CLOSED (intraday signal outside the session); SHORTING_OFF; NO_DATA (no price or volatility yet);
 * TOO_SMALL. The list is the IPC contract's (src-shared).
 */
export { DECISION_CODES };
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
