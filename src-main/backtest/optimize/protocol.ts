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
  /** Next combination index to take (Atomics.add), and the cancel flag (1 = stop). */
  control: SharedArrayBuffer;
  chunk: number;
  fastPath: boolean;
}

export type WorkerMessage =
  | { type: 'results'; items: Array<{ index: number; metrics: Metrics; finalValue: number; bars: number }> }
  | { type: 'done' }
  | { type: 'error'; message: string };
