import type { Timeframe } from '../../src-shared/domain/bar.js';
import { intradayMs } from '../history/timeframes.js';
import type { MarketDataApi } from '../market-data/types.js';
import type { BotRunner } from './bot-runner.js';

/** Bars fetched beyond the strategy's warm-up, so a window is full even when the newest bar is still forming. */
const WARMUP_MARGIN = 5;

/**
 * Connects a runner to the market data service: warm-up history for each symbol first (so indicators are ready
 * at the first live bar), then the shared stream's completed 1-minute bars, which the runner aggregates to its
 * timeframe. Returns the function that releases the stream.
 */
export async function connectLiveBot(runner: BotRunner, market: MarketDataApi, symbols: readonly string[], timeframe: Timeframe, warmupBars: number, now: () => number): Promise<() => void> {
  const length = intradayMs(timeframe);
  for (const symbol of symbols) {
    const { bars } = await market.bars({ symbol, timeframe, limit: Math.max(1, warmupBars + WARMUP_MARGIN) });
    // An intraday bar whose period has not ended is still forming: the live stream completes it.
    const done = length === undefined ? bars : bars.filter((b) => b.t + length <= now());
    runner.warmUp(symbol, done);
  }
  runner.start();
  return market.subscribe([...symbols], {
    onBar: (live) => {
      if (!live.forming && live.timeframe === '1Min' && live.revision !== 'corrected') runner.onMinuteBar(live.symbol, live.bar);
    },
  });
}
