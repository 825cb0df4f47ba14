import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { nyDate } from '../exchange/market/ny-time.js';
import { aggregateBars } from '../history/aggregate.js';
import { nyseCalendar, type SessionCalendar } from '../history/calendar.js';
import { intradayMs, MS_PER_MINUTE } from '../history/timeframes.js';

/**
 * Completed bars of a bot's timeframe from the stream's completed 1-minute bars. The bucket rules are those of
 * history/aggregate.ts (it computes each bar), so a live bar equals the one the history store would build from the
 * same minutes. A bar is complete when its last minute arrives (intraday: the bucket's end; daily: the session's
 * close) or, at the latest, when a minute of a later bucket arrives.
 */
export class BarAggregator {
  private readonly minutes = new Map<string, { key: number; bars: Bar[] }>();
  private readonly calendar: SessionCalendar;

  constructor(
    readonly timeframe: Timeframe,
    calendar?: SessionCalendar,
  ) {
    this.calendar = calendar ?? nyseCalendar();
  }

  /** A completed 1-minute bar in; the bars of the target timeframe it completes out (usually none, at most two). */
  push(symbol: string, minute: Bar): Bar[] {
    if (this.timeframe === '1Min') return [minute];
    const key = aggregateBars([minute], '1Min', this.timeframe, { calendar: this.calendar })[0]?.t;
    if (key === undefined) return [];
    const out: Bar[] = [];
    let bucket = this.minutes.get(symbol);
    if (bucket && bucket.key !== key) {
      for (const bar of this.close(symbol)) out.push(bar);
      bucket = undefined;
    }
    if (!bucket) {
      bucket = { key, bars: [] };
      this.minutes.set(symbol, bucket);
    }
    bucket.bars.push(minute);
    if (minute.t + MS_PER_MINUTE >= this.bucketEnd(key, minute.t)) for (const bar of this.close(symbol)) out.push(bar);
    return out;
  }

  private close(symbol: string): Bar[] {
    const bucket = this.minutes.get(symbol);
    this.minutes.delete(symbol);
    if (!bucket || bucket.bars.length === 0) return [];
    return aggregateBars(bucket.bars, '1Min', this.timeframe, { calendar: this.calendar });
  }

  private bucketEnd(key: number, t: number): number {
    const length = intradayMs(this.timeframe);
    if (length !== undefined) {
      // The session's close cuts a bucket short (an hour bar holding 15:30-16:00 ends at 16:00).
      return Math.min(key + length, this.sessionClose(t));
    }
    if (this.timeframe === '1Day') return this.sessionClose(t);
    // Weeks and months end when the next one's first minute arrives.
    return Infinity;
  }

  private sessionClose(t: number): number {
    const date = nyDate(t);
    return this.calendar.sessions(date, date)[0]?.close ?? Infinity;
  }
}
