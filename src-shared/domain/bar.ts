import type { EpochMs } from '../time.js';

/**
 * One OHLCV bar. `t` is the bar's start (UTC epoch ms). A daily bar whose source knows only the session date
 * (a Yahoo CSV row) starts at 00:00 UTC of that date, so the date survives any time zone. Prices and volume are
 * float64: bars are analytics data, not ledger amounts.
 */
export interface Bar {
  t: EpochMs;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** Alpaca's bar timeframes, as the workstation names them. */
export const TIMEFRAMES = ['1Min', '5Min', '15Min', '30Min', '1Hour', '4Hour', '1Day', '1Week', '1Month'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];
