import type { Timeframe } from '../../../src-shared/domain/bar.js';
import { intradayMs, MS_PER_DAY } from '../timeframes.js';

const INTRADAY: readonly Timeframe[] = ['1Min', '5Min', '15Min', '30Min', '1Hour', '4Hour'];
/** Enough gaps to see the usual spacing; the rest of a million-row file would only confirm it. */
const SAMPLE = 20_000;

/**
 * The timeframe of a series from the spacing of its times: the most common gap between neighbours (nights,
 * weekends and holidays are rarer than the bar length itself). Daily bars are 1 day apart (23 or 25 hours across a
 * DST change when stamped in a local zone), weekly 7 days, monthly 28 to 31. Undefined when the spacing is none
 * of these (or there are fewer than two bars): the caller asks for --timeframe.
 */
export function inferTimeframe(t: ArrayLike<number>): { timeframe: Timeframe; spacingMs: number } | { timeframe: undefined; spacingMs: number | undefined } {
  const counts = new Map<number, number>();
  const last = Math.min(t.length, SAMPLE + 1);
  for (let i = 1; i < last; i++) {
    const gap = t[i]! - t[i - 1]!;
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let spacing: number | undefined;
  let most = 0;
  for (const [gap, count] of counts) {
    if (count > most || (count === most && gap < spacing!)) {
      spacing = gap;
      most = count;
    }
  }
  if (spacing === undefined) return { timeframe: undefined, spacingMs: undefined };
  const intraday = INTRADAY.find((tf) => intradayMs(tf) === spacing);
  if (intraday) return { timeframe: intraday, spacingMs: spacing };
  const hour = 3_600_000;
  if (Math.abs(spacing - MS_PER_DAY) <= hour) return { timeframe: '1Day', spacingMs: spacing };
  if (Math.abs(spacing - 7 * MS_PER_DAY) <= hour) return { timeframe: '1Week', spacingMs: spacing };
  if (spacing >= 28 * MS_PER_DAY - hour && spacing <= 31 * MS_PER_DAY + hour) return { timeframe: '1Month', spacingMs: spacing };
  return { timeframe: undefined, spacingMs: spacing };
}

/** "90 s", "7 min", "2.5 h", "3 days": the spacing as a trader reads it. */
export function describeSpacing(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(2)} min`;
  if (ms < MS_PER_DAY) return `${+(ms / 3_600_000).toFixed(2)} h`;
  return `${+(ms / MS_PER_DAY).toFixed(2)} days`;
}
