import type { EpochMs } from '../../../src-shared/time.js';
import type { Decimal } from './decimal.js';

/** The broker's own records. Wire shapes (snake_case, decimal strings) live in serialize.ts. */
export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type TimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';
export type OrderClass = 'simple' | 'bracket' | 'oco' | 'oto' | 'mleg';
export type PositionIntent = 'buy_to_open' | 'buy_to_close' | 'sell_to_open' | 'sell_to_close';
export type AssetClass = 'us_equity' | 'us_option';

export type OrderStatus =
  | 'new'
  | 'partially_filled'
  | 'filled'
  | 'done_for_day'
  | 'canceled'
  | 'expired'
  | 'replaced'
  | 'pending_cancel'
  | 'pending_replace'
  | 'accepted'
  | 'pending_new'
  | 'rejected'
  | 'held';

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);

export type TradeEvent =
  | 'new'
  | 'fill'
  | 'partial_fill'
  | 'canceled'
  | 'expired'
  | 'done_for_day'
  | 'replaced'
  | 'rejected'
  | 'pending_new'
  | 'pending_cancel'
  | 'pending_replace'
  | 'order_cancel_rejected'
  | 'order_replace_rejected';

/** Which role an order plays in its group (bracket, OCO, OTO, multi-leg). */
export type LegRole = 'entry' | 'take_profit' | 'stop_loss' | 'mleg_leg' | 'none';

export interface Order {
  id: string;
  clientOrderId: string;
  keyId: string;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  submittedAt: EpochMs;
  filledAt: EpochMs | null;
  expiredAt: EpochMs | null;
  canceledAt: EpochMs | null;
  failedAt: EpochMs | null;
  replacedAt: EpochMs | null;
  replacedBy: string | null;
  replaces: string | null;
  assetId: string;
  symbol: string;
  assetClass: AssetClass;
  /** Contract multiplier: 1 for stocks, 100 for options. */
  multiplier: number;
  notional: Decimal | null;
  qty: Decimal | null;
  filledQty: Decimal;
  /** Sum of qty*price over the fills (the average's numerator). */
  filledCost: Decimal;
  orderClass: OrderClass;
  type: OrderType;
  side: Side;
  timeInForce: TimeInForce;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  status: OrderStatus;
  extendedHours: boolean;
  trailPercent: Decimal | null;
  trailPrice: Decimal | null;
  /** High-water (sell) or low-water (buy) mark of a trailing stop. */
  hwm: Decimal | null;
  positionIntent: PositionIntent | null;
  ratioQty: Decimal | null;
  /** Ids of the legs, in order (bracket: take-profit then stop-loss). */
  legIds: string[];
  parentId: string | null;
  role: LegRole;
  /** A stop has been touched: the order now works as market (stop) or limit (stop_limit). */
  triggered: boolean;
  /** A held exit leg that is already watched (bracket/OCO stop-loss): it stays `held` until it triggers. */
  armed: boolean;
  /** When a day order ends (regular close, or the post-market end for extended hours). */
  expiresAt: EpochMs | null;
  /** For opg/cls orders: the open or close whose auction fills them. */
  auctionAt: EpochMs | null;
  /** For a pending replace: the replacement order's id; for a pending cancel: true. */
  pendingReplacementId: string | null;
  pendingCancel: boolean;
}

export interface Position {
  symbol: string;
  assetId: string;
  exchange: string;
  assetClass: AssetClass;
  multiplier: number;
  /** Signed: negative for short. */
  qty: Decimal;
  /** Signed cost of the open quantity (qty * average entry price), exact while the position only grows. */
  costBasis: Decimal;
}

/** The extra fields a trade_updates event carries besides `event` and `order`. */
export interface TradeUpdateFields {
  timestamp: string;
  price?: string;
  qty?: string;
  position_qty?: string;
  execution_id?: string;
}

export interface TradeUpdateData extends TradeUpdateFields {
  event: TradeEvent;
  order: Record<string, unknown>;
}

export interface FillActivity {
  activity_type: 'FILL';
  id: string;
  transaction_time: string;
  type: 'fill' | 'partial_fill';
  price: string;
  qty: string;
  side: Side;
  symbol: string;
  leaves_qty: string;
  order_id: string;
  cum_qty: string;
  order_status: 'filled' | 'partially_filled';
}

/**
 * A non-trade activity of an option event (shared/alpaca-contract README section 10): OPEXC (exercise), OPASN
 * (assignment), OPEXP (expiry) with the contracts removed as `qty` (negative for a long position), and the paired
 * OPTRD for the shares delivered (`symbol` the underlying, `qty` in shares, positive bought, `price` the strike,
 * `net_amount` = -qty * price). Dated, not timed, as Alpaca records them.
 */
export interface NonTradeActivity {
  activity_type: 'OPEXC' | 'OPASN' | 'OPEXP' | 'OPTRD';
  id: string;
  date: string;
  net_amount: string;
  description: string;
  symbol: string;
  qty: string;
  price?: string;
  status: 'executed';
}

export type Activity = FillActivity | NonTradeActivity;

export interface AccountConfigurations {
  dtbp_check: 'entry' | 'exit' | 'both';
  no_shorting: boolean;
  suspend_trade: boolean;
  fractional_trading: boolean;
  max_margin_multiplier: '1' | '2' | '4';
  pdt_check: 'entry' | 'exit' | 'both';
  trade_confirm_email: 'all' | 'none';
  ptp_no_exception_entry: boolean;
  max_options_trading_level: number;
}

export interface EquitySample {
  t: EpochMs;
  equity: Decimal;
}
