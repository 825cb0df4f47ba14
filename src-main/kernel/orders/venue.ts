import type { OrderIntent, OrderSide } from '../../../src-shared/domain/order-intent.js';
import type { BrokerOrderStatus } from '../../../src-shared/domain/order-status.js';
import type { EpochMs } from '../../../src-shared/time.js';

/**
 * What the order manager needs from a broker, in the kernel's own words. The Alpaca adapter implements it over
 * the official SDK; amounts stay decimal strings exactly as the broker wrote them.
 */
export interface VenueOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: string;
  timeInForce: string;
  orderClass: string;
  qty: string | null;
  notional: string | null;
  limitPrice: string | null;
  stopPrice: string | null;
  filledQty: string;
  filledAvgPrice: string | null;
  status: BrokerOrderStatus;
  extendedHours: boolean;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  replaces: string | null;
  replacedBy: string | null;
  legs: VenueOrder[];
}

export interface VenueTradeUpdate {
  event: string;
  at: EpochMs;
  order: VenueOrder;
  executionId: string | null;
  /** Per-execution price and quantity on fill and partial_fill. */
  price: string | null;
  qty: string | null;
}

/** A FILL account activity: one execution, with the order's cumulative quantity after it. */
export interface VenueFill {
  id: string;
  orderId: string;
  symbol: string;
  side: OrderSide;
  qty: string;
  price: string;
  cumQty: string;
  at: EpochMs;
}

export interface VenuePosition {
  symbol: string;
  /** Signed: negative is short. */
  qty: string;
  avgEntryPrice: string;
  costBasis: string;
  marketValue: string | null;
  currentPrice: string | null;
  unrealizedPl: string | null;
}

export interface VenueAccount {
  status: string;
  cash: string;
  buyingPower: string;
  equity: string;
  lastEquity: string;
  longMarketValue: string;
  shortMarketValue: string;
  tradingBlocked: boolean;
  accountBlocked: boolean;
  shortingEnabled: boolean;
}

export interface VenueAsset {
  symbol: string;
  tradable: boolean;
  shortable: boolean;
  easyToBorrow: boolean;
  fractionable: boolean;
}

export interface VenueClock {
  now: EpochMs;
  isOpen: boolean;
  nextOpen: EpochMs;
  nextClose: EpochMs;
}

export interface VenueQuote {
  bid: string;
  ask: string;
  at: EpochMs;
}

export interface ReplaceChanges {
  qty?: string;
  limitPrice?: string;
  stopPrice?: string;
  trail?: string;
  timeInForce?: string;
  clientOrderId: string;
}

/**
 * Why a request failed, sorted by what the caller may do next:
 * - `unknown-outcome`: timeout, reset, 5xx on a write: the request may or may not have taken effect;
 * - `rate-limited`: 429, wait `retryAfterMs` and resend the same request;
 * - `duplicate-client-order-id`: the broker already holds an order with this client order id;
 * - `rejected`: a definitive refusal (buying power, not shortable, account restricted, invalid): never retry;
 * - `not-found`, `not-cancelable`: the order is gone or already final;
 * - `not-sent`: the send was aborted before its request left the process (kill switch, shutdown): the broker
 *   never saw it.
 */
export type VenueErrorKind = 'unknown-outcome' | 'rate-limited' | 'duplicate-client-order-id' | 'rejected' | 'not-found' | 'not-cancelable' | 'auth' | 'not-sent';

export class VenueError extends Error {
  constructor(
    readonly kind: VenueErrorKind,
    /** A stable code a trader can look up (e.g. INSUFFICIENT_BUYING_POWER). */
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'VenueError';
  }
}

export interface TradeUpdateStreamEvents {
  update(update: VenueTradeUpdate): void;
  /** Authenticated and listening: orders may flow. */
  ready(): void;
  /** Closed or lost authentication: no new order until `ready` again. */
  down(reason: string): void;
}

export interface TradeUpdateStream {
  start(events: TradeUpdateStreamEvents): void;
  stop(): void;
  readonly isReady: boolean;
  /** When the last frame (data or control) arrived; the watchdog compares this with its clock. */
  readonly lastFrameAt: EpochMs;
}

/**
 * The order manager's hold on one send: aborting `signal` before the request is written makes `submit` throw a
 * `not-sent` VenueError (nothing left the process); `onWrite` runs synchronously right before the request is
 * handed to the socket, so the manager knows, at any moment, which sends can still be stopped.
 */
export interface SendControl {
  readonly signal: AbortSignal;
  onWrite(): void;
}

export interface ExecutionVenue {
  submit(intent: OrderIntent, clientOrderId: string, control?: SendControl): Promise<VenueOrder>;
  /** Paced and stoppable like `submit` (a replace creates an order): an abort before it leaves throws `not-sent`. */
  replace(brokerOrderId: string, changes: ReplaceChanges, control?: SendControl): Promise<VenueOrder>;
  /** Cancels, cancel-all and close-all never wait behind queued order posts: they go ahead of every other request. */
  cancel(brokerOrderId: string): Promise<void>;
  cancelAll(): Promise<void>;
  /** Closes every position at market (cancelling open orders first). */
  closeAllPositions(): Promise<void>;
  /** Exercises a held long option contract (all of it); the broker answers with no body, the activity follows. */
  exercise?(symbol: string): Promise<void>;
  /** undefined when the broker has no order with this client order id (404). */
  orderByClientOrderId(clientOrderId: string): Promise<VenueOrder | undefined>;
  /**
   * Oldest first unless `newestFirst`. `urgent`: the kill switch's read, ahead of queued requests. `nested: false`
   * lists legs on their own.
   */
  listOrders(query: { status: 'open' | 'closed' | 'all'; after?: EpochMs; limit?: number; urgent?: boolean; nested?: boolean; newestFirst?: boolean }): Promise<VenueOrder[]>;
  /** FILL activities after a time, oldest first. */
  listFills(after: EpochMs | undefined): Promise<VenueFill[]>;
  account(): Promise<VenueAccount>;
  positions(): Promise<VenuePosition[]>;
  asset(symbol: string): Promise<VenueAsset | undefined>;
  clock(): Promise<VenueClock>;
  latestQuote(symbol: string): Promise<VenueQuote | undefined>;
  /** One-minute bars' start and volume in [start, end), oldest first: VWAP's volume profile. Absent without market data. */
  minuteVolumes?(symbol: string, start: EpochMs, end: EpochMs): Promise<Array<{ t: EpochMs; v: number }>>;
  tradeUpdates(): TradeUpdateStream;
}
