import type { FillModel, AccountModel } from '../fill-model.js';
import type { Metrics } from '../metrics.js';
import type { Combo } from './search.js';

/** Columns as shared memory: every worker reads the same bars without a copy per worker. */
export interface SharedColumns {
  symbol: string;
  t: SharedArrayBuffer;
  o: SharedArrayBuffer;
  h: SharedArrayBuffer;
  l: SharedArrayBuffer;
  c: SharedArrayBuffer;
  v: SharedArrayBuffer;
}

/** An indicator series computed once in the parent and read by every worker (MarketData's cache key). */
export interface SharedSeries {
  key: string;
  values: SharedArrayBuffer;
}

export interface SweepJob {
  strategy: string;
  columns: SharedColumns[];
  series: SharedSeries[];
  fill: FillModel;
  account: AccountModel;
  from?: number;
  to?: number;
  combos: Combo[];
  /** Int32 slots: NEXT_COMBO (Atomics.add), CANCELLED (1 = stop), SERIES_READY (1 once `series` is filled). */
  control: SharedArrayBuffer;
  chunk: number;
  fastPath: boolean;
  /** Per-block return sums for the overfitting checks, over this many blocks (0: none). */
  blocks: number;
}

export type WorkerMessage =
  | { type: 'results'; items: Array<{ index: number; metrics: Metrics; finalValue: number; bars: number; blocks?: number[] }> }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** The Int32 slots of SweepJob.control. */
export const NEXT_COMBO = 0;
export const CANCELLED = 1;
export const SERIES_READY = 2;
export const CONTROL_BYTES = 12;
