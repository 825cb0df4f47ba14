import type { ExchangeKeyPair } from '../demo-keys.js';

/** Messages between main and the demo exchange's worker thread. */
export interface ExchangeWorkerInit {
  seed: number;
  port: number;
  /** Start a simulated clock here (running at real speed) instead of using the wall clock. */
  startTime?: number;
  /** Where the demo account is kept across restarts (see ExchangeOptions.statePath). */
  statePath?: string;
}

export interface ExchangeEndpoints {
  tradingUrl: string;
  dataUrl: string;
  streamUrl: string;
  marketDataStreamUrl: string;
  optionStreamUrl: string;
  keys: ExchangeKeyPair;
}

export type FromExchangeWorker =
  | { type: 'ready'; endpoints: ExchangeEndpoints }
  | { type: 'failed'; message: string }
  | { type: 'log'; level: 'warn' | 'error'; source: string; message: string; fields?: Record<string, unknown> }
  | { type: 'closed' };

export type ToExchangeWorker = { type: 'close' };
