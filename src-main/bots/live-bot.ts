import type { Timeframe } from '../../src-shared/domain/bar.js';
import { BarTiming } from '../history/bar-timing.js';
import type { BarsRequest } from '../kernel/strategy/types.js';
import type { NewsFeed } from '../market-data/news-feed.js';
import type { MarketDataApi, MarketDataListener } from '../market-data/types.js';
import type { BotRunner } from './bot-runner.js';

/** Bars fetched beyond the strategy's warm-up, so a window is full even when the newest bar is still forming. */
const WARMUP_MARGIN = 5;
/** How often the bot's clock is advanced between bars (schedules fire within this of their time). */
const TICK_MS = 1_000;
/** History requests in flight at once while warming up (sixty symbols one by one took over 30 s on a busy machine). */
const WARMUP_CONCURRENCY = 4;

/** Quotes and trades for strategies that need them (market making, order flow), and who else hears the bot's quotes. */
export interface LiveTicks {
  quotes?: boolean;
  trades?: boolean;
  /** Every quote of the bot's symbols as it arrives (the stale-quote guard's IEX side). */
  tap?: (symbol: string, t: number, bid: number, ask: number) => void;
  /** Headlines from the news stream (strategies that need news); the runner keeps those about its symbols. */
  news?: boolean;
}

/**
 * Connects a runner to the market data service: warm-up history for each symbol first (so indicators are ready
 * at the first live bar), then the shared stream's completed 1-minute bars, which the runner aggregates to its
 * timeframe, and a one-second tick for schedules. Returns the function that releases both.
 */
export async function connectLiveBot(
  runner: BotRunner,
  market: MarketDataApi,
  symbols: readonly string[],
  timeframe: Timeframe,
  warmupBars: number,
  now: () => number,
  extraBars: readonly BarsRequest[] = [],
  ticks: LiveTicks = {},
): Promise<() => void> {
  const timing = new BarTiming();
  // The market's clock (the demo exchange may run simulated time, as its bars do), else the wall clock: schedules and
  // the cross-section flush must read the time the bars are stamped in.
  const clock = (): number => market.marketClock?.()?.now ?? now();
  const fetches: BarsRequest[] = [{ timeframe, count: warmupBars }, ...extraBars.filter((r) => r.timeframe !== timeframe)];
  // Each symbol's series are independent (the strategy is not created until start): a few symbols at a time.
  let next = 0;
  const warmNext = async (): Promise<void> => {
    while (next < symbols.length) {
      const symbol = symbols[next++]!;
      for (const request of fetches) {
        const { bars } = await market.bars({ symbol, timeframe: request.timeframe, limit: Math.max(1, request.count + WARMUP_MARGIN) });
        // A bar whose period has not ended is still forming: the live stream completes it.
        const t = clock();
        const done = bars.filter((b) => timing.end(b.t, request.timeframe) <= t);
        runner.warmUp(symbol, done, request.timeframe);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WARMUP_CONCURRENCY, symbols.length) }, () => warmNext()));
  runner.start(clock());
  const listener: MarketDataListener = {
    onBar: (live) => {
      if (!live.forming && live.timeframe === '1Min' && live.revision !== 'corrected') runner.onMinuteBar(live.symbol, live.bar);
    },
  };
  // The stream's quote and trade objects go straight to the strategy (they carry the Quote and Trade fields): hundreds a
  // second across a universe, so nothing is copied or queued per message. The shared stream subscribes quotes and
  // trades with the bars for every symbol, so this adds no subscription of its own.
  const tap = ticks.tap;
  if (ticks.quotes || tap) {
    listener.onQuote = (quote) => {
      tap?.(quote.symbol, quote.t, quote.bid, quote.ask);
      if (ticks.quotes) runner.onQuote(quote.symbol, quote);
    };
  }
  if (ticks.trades) listener.onTrade = (trade) => runner.onTrade(trade.symbol, trade);
  const release = market.subscribe([...symbols], listener);
  const releaseNews = ticks.news ? listenNews(runner, market) : undefined;
  // The live clock for schedules and for cross-sections a silent symbol would hold back.
  const timer = setInterval(() => runner.tick(clock()), TICK_MS);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    release();
    releaseNews?.();
  };
}

/**
 * The market data service's news stream (one connection for the whole app, every symbol) to the runner. Each
 * headline costs the runner a set lookup and, for its symbols, a small hold-back queue: nothing that blocks the
 * loop. Where the market data has no news (a test double, no credentials yet) the bot runs without headlines.
 */
function listenNews(runner: BotRunner, market: MarketDataApi): (() => void) | undefined {
  let feed: NewsFeed | undefined;
  try {
    feed = market.news?.();
  } catch {
    return undefined;
  }
  return feed?.listen((h) => runner.onNews({ id: h.id, t: h.t, symbols: h.symbols, headline: h.headline, score: h.sentiment.score }));
}
