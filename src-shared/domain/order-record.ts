import type { EpochMs } from '../time.js';
import type { OrderIntent } from './order-intent.js';
import type { LocalOrderStatus } from './order-status.js';

/** Who asked for an order: the ticket, a bot (by id), an algo parent, the CLI, or the broker (external). */
export type OrderSource = string;

/** One order as the workstation knows it: the intent, the client order id made in main, and what the broker said. */
export interface OrderRecord {
  clientOrderId: string;
  brokerOrderId: string | null;
  source: OrderSource;
  intent: OrderIntent;
  status: LocalOrderStatus;
  /** Cumulative filled quantity, a decimal string; it only rises. */
  filledQty: string;
  filledAvgPrice: string | null;
  /** The broker's updated_at of the newest event or snapshot applied (an older one never undoes it). */
  brokerUpdatedAt: EpochMs | null;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  /** Created outside this workstation (found at the broker, imported). */
  external: boolean;
  /** Set when the broker or the risk engine refused it: a code a trader can look up, and the message. */
  rejectCode: string | null;
  rejectMessage: string | null;
  /** The client order id this order replaced, or the parent algo order. */
  replacesClientOrderId: string | null;
  parentClientOrderId: string | null;
}

/** One execution, exactly. */
export interface FillRecord {
  executionId: string;
  brokerOrderId: string;
  clientOrderId: string | null;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  /** The order's cumulative filled quantity after this execution: with the order id, it identifies the fill across sources. */
  cumQty: string;
  at: EpochMs;
  via: 'stream' | 'backfill';
}

export interface PositionRecord {
  symbol: string;
  /** Signed: negative is short. */
  qty: string;
  /** Signed cost basis (qty x average entry). */
  costBasis: string;
  avgEntryPrice: string;
  realizedPl: string;
}
