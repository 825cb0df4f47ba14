import type { Bar } from '../../src-shared/domain/bar.js';
import type { BarColumns } from '../backtest/market-data.js';
import type { ScanOutput } from './scanner.js';
import type { ExternalSignal, ScoredOutcome } from './signal.js';

/** Messages to the scan worker (scan-worker.ts). */
export type ScanWorkerRequest =
  /** Replaces the universe: each symbol's bars so far. */
  | { type: 'load'; columns: BarColumns[] }
  /** New closed bars (a bar at a symbol's last time replaces it: a corrected bar). */
  | { type: 'bars'; bars: Array<{ symbol: string; bar: Bar }> }
  /**
   * A scan. Without asOf and window it is answered by the warm scanner (incremental-scan.ts: each close costs only
   * its new bars; the answer equals a full scan of every bar held, and `outcomes` holds those scored at this scan);
   * with either, every strategy runs again over the bars cut to them (scanner.ts scan()).
   */
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
      /** Views from other sources (news) to rank beside the strategies' (the warm scanner only); each is kept once. */
      external?: ExternalSignal[];
    };

export type ScanWorkerReply = { type: 'result'; id: number; result: ScanOutput } | { type: 'error'; id: number; code: string; message: string };
