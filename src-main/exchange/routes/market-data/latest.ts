import type { EpochMs } from '../../../../src-shared/time.js';
import { addDays, nyDate, nyTime } from '../../market/ny-time.js';
import type { Bar, MarketSource } from '../../market/types.js';

/** The latest completed minute bar of a symbol, searching back through recent sessions. */
export function latestMinuteBar(market: MarketSource, symbol: string, now: EpochMs): Bar | undefined {
  for (let back = 0; back < 10; back++) {
    const session = market.calendar.sessions(addDays(nyDate(now), -back), addDays(nyDate(now), -back))[0];
    if (!session || session.sessionOpen > now) continue;
    const bars = market.bars(symbol, { amount: 1, unit: 'Min' }, session.sessionOpen, Math.min(now + 1, session.sessionClose));
    const last = bars[bars.length - 1];
    if (last) return last;
  }
  return undefined;
}

/** The current (or last) daily bar and the one before it. */
export function recentDailyBars(market: MarketSource, symbol: string, now: EpochMs): { daily: Bar | undefined; previous: Bar | undefined } {
  const bars = market.bars(symbol, { amount: 1, unit: 'Day' }, nyTime(addDays(nyDate(now), -10), 0), now + 1);
  return { daily: bars[bars.length - 1], previous: bars[bars.length - 2] };
}
