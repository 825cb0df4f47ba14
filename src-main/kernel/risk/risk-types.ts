import type { Decimal } from 'decimal.js';

export const RISK_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type RiskState = (typeof RISK_STATES)[number];

/** Every reason the risk engine (or the order path in front of it) can refuse an order. Stored and shown. */
export const RISK_DENIAL_CODES = [
  'RISK_HALTED',
  'RISK_REDUCING_ONLY',
  'SOURCE_PAUSED',
  'STREAM_NOT_READY',
  'NOT_RECONCILED',
  'MAX_ORDER_QTY',
  'MAX_ORDER_NOTIONAL',
  'MAX_POSITION',
  'MAX_GROSS_EXPOSURE',
  'DAILY_LOSS_LIMIT',
  'MAX_DRAWDOWN',
  'BUYING_POWER',
  'MARKET_CLOSED',
  'EXTENDED_HOURS_RULES',
  'NOT_TRADABLE',
  'NOT_SHORTABLE',
  'NOT_FRACTIONABLE',
  'PRICE_BAND',
  'NO_QUOTE',
  'RISK_DATA_UNAVAILABLE',
  'RISK_DATA_STALE',
  'ORDERS_STOPPING',
  'ACCOUNT_BLOCKED',
  // The broker's own order rules (broker-rules.ts); EXTENDED_HOURS_RULES above is one of them too.
  'QTY_OR_NOTIONAL',
  'NOTIONAL_RULES',
  'FRACTIONAL_RULES',
  'ORDER_CLASS_RULES',
  'SUB_PENNY_PRICE',
  'EXIT_PRICE_ORDER',
  // A bot's own ledger (kernel/portfolio/bot-ledger.ts): it sells only what it holds, spends only its allocation,
  // and opens no position against what the rest of the account holds in the symbol (one net position per symbol).
  'BOT_POSITION_EXCEEDED',
  'BOT_ALLOCATION_EXCEEDED',
  'BOT_ORDER_UNSUPPORTED',
  'BOT_OPPOSITE_POSITION',
  // A multi-leg option package whose loss has no bound (more calls sold than bought): Alpaca takes no uncovered calls.
  'UNCOVERED_OPTION',
  // A bot's host limits (bots/bot-order-limits.ts): requests (place, replace, cancel) per 60 s for the bot and for all
  // bots together under the broker's 200 a minute, and the bot's inventory per symbol, whatever its strategy does.
  'BOT_RATE_LIMIT',
  'BOT_INVENTORY_LIMIT',
  // A bot order that could trade against an open order of the same account on the other side (Alpaca refuses it
  // as a potential wash trade): a market maker's bid replaced above its own ask.
  'BOT_SELF_CROSS',
  // A bot order that would cross an IEX quote lagging the SIP's national best bid and offer (kernel/risk/stale-quote.ts).
  'STALE_QUOTE',
] as const;
export type RiskDenialCode = (typeof RISK_DENIAL_CODES)[number];

export interface RiskLimits {
  /** Shares (or contracts) in one order. */
  maxOrderQty: string;
  /** Dollars in one order, at the reference price. */
  maxOrderNotional: string;
  /** Absolute shares held in one symbol after the order. */
  maxPositionQty: string;
  /** Sum of |position value| over all symbols after the order, dollars. */
  maxGrossExposure: string;
  /** Loss since the previous close (equity - last equity), dollars, at which only reducing orders pass. */
  dailyLossLimit: string;
  /** Fall from the peak equity, as a fraction (0.1 = 10%), at which only reducing orders pass. */
  maxDrawdown: string;
  /** A limit more than this fraction through the far side of the quote is a fat finger (0.05 = 5%). */
  priceBand: string;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderQty: '10000',
  maxOrderNotional: '250000',
  maxPositionQty: '20000',
  maxGrossExposure: '1000000',
  dailyLossLimit: '10000',
  maxDrawdown: '0.2',
  priceBand: '0.05',
};

export type MarketSession = 'regular' | 'pre' | 'post' | 'closed';

export interface RiskQuote {
  bid: Decimal;
  ask: Decimal;
}

export interface RiskAsset {
  tradable: boolean;
  shortable: boolean;
  fractionable: boolean;
}

/** What the engine looks at: a snapshot the order path gathers (cached) before the synchronous check. */
export interface RiskContext {
  buyingPower: Decimal;
  equity: Decimal;
  lastEquity: Decimal;
  peakEquity: Decimal;
  accountBlocked: boolean;
  shortingEnabled: boolean;
  /** Signed quantities per symbol held now (fills only). */
  positions: ReadonlyMap<string, Decimal>;
  /**
   * Unfilled quantity per symbol and side of orders not yet final (open at the broker, journaled, or between a
   * passed check and their journal row): the position limit counts them on the order's side.
   */
  working?: ReadonlyMap<string, { buy: Decimal; sell: Decimal }>;
  /** Last price per symbol for gross exposure. */
  marks: ReadonlyMap<string, Decimal>;
  quote: RiskQuote | undefined;
  asset: RiskAsset | undefined;
  session: MarketSession;
  /** A multi-leg (mleg) order's legs' quotes by contract symbol; absent for single orders. */
  legQuotes?: ReadonlyMap<string, RiskQuote>;
  /** Who sends the order (`bot:<id>`, `ticket`...): the stale-quote guard judges bot orders only. */
  source?: string;
}

/** The stale-quote guard as the engine asks it (kernel/risk/stale-quote-monitor.ts). */
export interface QuoteGuardCheck {
  check(order: { symbol: string; side: 'buy' | 'sell'; type: 'market' | 'limit'; limitPrice?: number }): { allow: true } | { allow: false; code: 'STALE_QUOTE'; reason: string };
}

export type RiskVerdict =
  | { ok: true; referencePrice: Decimal | undefined; estimatedNotional: Decimal | undefined; reducing: boolean }
  | { ok: false; code: RiskDenialCode; message: string };
