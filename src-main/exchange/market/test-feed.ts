import type { EpochMs } from '../../../src-shared/time.js';
import { Rng } from './prng.js';
import type { MarketEvent, StockQuote, StockTrade } from './types.js';

/**
 * Alpaca's test stream (`/v2/test`, contract README §9.2): one fake symbol, FAKEPACA, trading at all hours,
 * weekends and holidays included, so a client can be tried when the market is closed. One trade and one quote
 * per simulated second; the price is a pure function of the seed and the second (two slow waves and a small
 * seeded jitter around 100), so any second can be produced without replaying the ones before it.
 */
export const TEST_SYMBOL = 'FAKEPACA';
const SECOND = 1000;
/** A jump of the clock emits at most this many seconds of the feed (the rest is skipped, like the market's ticks). */
const MAX_CATCHUP_SECONDS = 300;

export class TestFeed {
  private emittedUntil: EpochMs;

  constructor(
    private readonly seed: number,
    start: EpochMs,
  ) {
    this.emittedUntil = Math.floor(start / SECOND) * SECOND;
  }

  /** The trade and quote of the second starting at `second` (epoch ms, a multiple of 1000). */
  eventsAt(second: EpochMs): [StockTrade, StockQuote] {
    const s = second / SECOND;
    const rng = Rng.of(this.seed, TEST_SYMBOL, 'test-feed', s);
    const wave = 0.02 * Math.sin((2 * Math.PI * s) / 3600) + 0.006 * Math.sin((2 * Math.PI * s) / 420);
    const mid = Math.round(100 * Math.exp(wave + 0.0005 * rng.normal()) * 100) / 100;
    const t = second + Math.floor(rng.next() * 900);
    const spread = 0.01 * (1 + Math.floor(rng.next() * 3));
    const trade: StockTrade = { symbol: TEST_SYMBOL, t, id: s, price: mid, size: 1 + Math.floor(rng.next() * 300), exchange: 'V', conditions: ['@'], tape: 'A' };
    const quote: StockQuote = {
      symbol: TEST_SYMBOL,
      t: t + 1,
      bidPrice: Math.round((mid - spread / 2) * 100) / 100,
      bidSize: 1 + Math.floor(rng.next() * 9),
      bidExchange: 'V',
      askPrice: Math.round((mid - spread / 2 + spread) * 100) / 100,
      askSize: 1 + Math.floor(rng.next() * 9),
      askExchange: 'V',
      conditions: ['R'],
      tape: 'A',
    };
    return [trade, quote];
  }

  /** The feed's events of the whole seconds that ended in (last call, time], oldest first. */
  advanceTo(time: EpochMs): MarketEvent[] {
    const until = Math.floor(time / SECOND) * SECOND;
    if (until <= this.emittedUntil) return [];
    const from = Math.max(this.emittedUntil, until - MAX_CATCHUP_SECONDS * SECOND);
    this.emittedUntil = until;
    const events: MarketEvent[] = [];
    for (let second = from; second < until; second += SECOND) {
      const [trade, quote] = this.eventsAt(second);
      events.push({ kind: 'trade', trade }, { kind: 'quote', quote });
    }
    return events;
  }
}
