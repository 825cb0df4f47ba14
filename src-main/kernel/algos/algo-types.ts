import type { OrderSide } from '../../../src-shared/domain/order-intent.js';
import type { EpochMs } from '../../../src-shared/time.js';

export const ALGO_KINDS = ['twap', 'vwap', 'pov', 'iceberg'] as const;
export type AlgoKind = (typeof ALGO_KINDS)[number];
export type AlgoStatus = 'running' | 'completed' | 'canceled' | 'failed';

/** A parent order: what to trade in total and how to slice it. Quantities are whole shares. */
export interface AlgoSpec {
  kind: AlgoKind;
  symbol: string;
  side: OrderSide;
  qty: number;
  /** Children are limit orders at this price when given (iceberg: required), else market orders. */
  limitPrice?: string;
  /** TWAP / VWAP: the schedule's length and its number of slices. */
  durationMs?: number;
  slices?: number;
  /** VWAP: relative volume per slice (an intraday profile); see volumeProfileFromBars. */
  profile?: number[];
  /** POV: the share of observed volume to trade (0.1 = 10%). */
  participation?: number;
  /** Iceberg: the quantity shown at once. */
  displayQty?: number;
  /**
   * The order source its children are sent under (a bot's `bot:<id>`, so its ledger counts their fills and its
   * allocation check applies to each); absent: `algo:<parent id>`.
   */
  source?: string;
}

/** A parent's progress, published as an event and shown in the blotter. */
export interface AlgoProgress {
  id: string;
  kind: AlgoKind;
  symbol: string;
  side: OrderSide;
  targetQty: number;
  filledQty: number;
  /** Quantity currently committed to children (filled, or still working). */
  sentQty: number;
  childrenSent: number;
  /** Children filled in full. */
  childrenFilled: number;
  openChildren: number;
  status: AlgoStatus;
  reason: string | null;
  startedAt: EpochMs;
  endsAt: EpochMs | null;
  updatedAt: EpochMs;
}

/** Observed traded volume of a symbol (POV): the market data service's trade stream. */
export interface VolumeSource {
  onTrade(symbol: string, listener: (size: number, at: EpochMs) => void): () => void;
}
