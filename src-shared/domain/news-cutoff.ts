const DAY_MS = 86_400_000;

/**
 * A daily bar is stamped at midnight New York; its regular session closes 16 hours later. A daily bar stamped
 * otherwise (e.g. at midnight UTC) then sees headlines only up to an earlier hour: fewer, never later ones.
 */
export const DAILY_CLOSE_AFTER_STAMP_MS = 16 * 3_600_000;

/**
 * The instant before which a headline counts for a bar: its stamp plus its length (intraday), or the session close
 * (daily and longer). The news features, the backtest engine and live bots share it, so a model trained on news
 * sees in a backtest exactly the headlines its training rows saw.
 */
export function headlineCutoff(barT: number, barMs: number): number {
  return barMs >= DAY_MS ? barT + DAILY_CLOSE_AFTER_STAMP_MS : barT + barMs;
}
