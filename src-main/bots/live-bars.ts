import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { TIMEFRAMES } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { BarAggregator } from './bar-aggregator.js';

/** Completed bars kept per symbol and timeframe (enough for a 12-month lookback on daily bars, several times over). */
const KEEP = 2_000;

/**
 * ctx.bars for a live bot: the bot's own completed bars, and bars of the longer timeframes its strategy declared
 * (StrategyDefinition.extraBars), warmed from history and then built from the stream's 1-minute bars by the same
 * aggregator the bot uses (a longer bar is added only once its period has ended: never the forming one).
 */
export class LiveBars {
  private readonly series = new Map<string, Bar[]>();
  private readonly aggregators = new Map<Timeframe, BarAggregator>();

  constructor(
    private readonly base: Timeframe,
    extra: readonly Timeframe[],
  ) {
    for (const tf of extra) {
      if (tf !== base && TIMEFRAMES.indexOf(tf) > TIMEFRAMES.indexOf(base)) this.aggregators.set(tf, new BarAggregator(tf));
    }
  }

  /** A completed bar of `timeframe` (history at warm-up, or the bot's own bars live). */
  push(symbol: string, timeframe: Timeframe, bar: Readonly<Bar>): void {
    const key = `${symbol}|${timeframe}`;
    let list = this.series.get(key);
    if (!list) {
      list = [];
      this.series.set(key, list);
    }
    const last = list[list.length - 1];
    if (last !== undefined && bar.t <= last.t) return;
    list.push({ t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v });
    if (list.length > KEEP * 1.5) list.splice(0, list.length - KEEP);
  }

  /** A completed 1-minute bar of the stream: moves the longer timeframes. */
  pushMinute(symbol: string, minute: Readonly<Bar>): void {
    for (const [tf, aggregator] of this.aggregators) for (const bar of aggregator.push(symbol, minute)) this.push(symbol, tf, bar);
  }

  /** How many completed bars of `timeframe` the symbol holds (warm-up progress), and the latest. */
  held(symbol: string, timeframe: Timeframe): { count: number; last: Bar | undefined } {
    const list = this.series.get(`${symbol}|${timeframe}`);
    return { count: list?.length ?? 0, last: list?.[list.length - 1] };
  }

  bars(symbol: string, timeframe: Timeframe, count: number): Bar[] {
    if (timeframe !== this.base && !this.aggregators.has(timeframe)) {
      throw new CodedError(
        'BAD_REQUEST',
        TIMEFRAMES.indexOf(timeframe) < TIMEFRAMES.indexOf(this.base)
          ? `this bot trades ${this.base} bars: ${timeframe} bars cannot be built from them`
          : `${timeframe} bars were not declared by the strategy (extraBars), so the bot did not fetch them`,
      );
    }
    const list = this.series.get(`${symbol}|${timeframe}`) ?? [];
    return list.slice(Math.max(0, list.length - Math.max(0, Math.floor(count)))).map((b) => ({ ...b }));
  }
}
