import type { Bar } from '../../src-shared/domain/bar.js';
import type { BarColumns } from '../backtest/market-data.js';
import type { ScanOutput } from './scanner.js';
import type { ScoredOutcome } from './signal.js';

/** Messages to the scan worker (scan-worker.ts). */
export type ScanWorkerRequest =
  /** Replaces the universe: each symbol's bars so far. */
  | { type: 'load'; columns: BarColumns[] }
  /** New closed bars (a bar at a symbol's last time replaces it: a corrected bar). */
  | { type: 'bars'; bars: Array<{ symbol: string; bar: Bar }> }
  | {
      type: 'scan';
      id: number;
      /** Strategy names (their default parameters); a name not registered is an error. */
      strategies: string[];
      asOf?: number;
      window?: number;
      orderHorizonBars?: number;
      withReliability?: boolean;
      priorOutcomes?: ScoredOutcome[];
    };

export type ScanWorkerReply = { type: 'result'; id: number; result: ScanOutput } | { type: 'error'; id: number; code: string; message: string };
