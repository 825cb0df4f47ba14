import type { EpochMs } from '../../src-shared/time.js';
import { Broker } from './broker/broker.js';
import { SimulatedClock, WallClock, type ExchangeClock } from './clock.js';
import { generateKeyPair, type ExchangeKeyPair } from './demo-keys.js';
import { DemoStatePersistence, readDemoState } from './demo-state.js';
import { FaultPlan } from './faults.js';
import { MarketDriver } from './market-driver.js';
import { SyntheticMarket } from './market/synthetic-market.js';
import { loadReplay, replayMarket, replayStart, type ReplaySeries, type ReplaySource } from './market/replay.js';
import { TestFeed } from './market/test-feed.js';
import type { MarketSource } from './market/types.js';
import { NewsWire } from './news/news-wire.js';
import { marketDataRoutes } from './routes/market-data/index.js';
import { newsRoutes } from './routes/market-data/news.js';
import { tradingRoutes } from './routes/trading/index.js';
import type { ControlHooks } from './server/control-api.js';
import { createExchangeServer, type ExchangeLog } from './server/exchange-server.js';
import type { Route, StreamEndpoint } from './server/route-types.js';
import { MarketDataStream } from './streams/market-data-stream.js';
import { NEWS_STREAM_PATH, NewsStream } from './streams/news-stream.js';
import { TradeUpdatesStream } from './streams/trade-updates-stream.js';

export interface ExchangeOptions {
  /** TCP port on 127.0.0.1 (0 picks a free one). */
  port?: number;
  /** Seeds the synthetic market and the broker's chance (partial fills, ids): same seed, same session. */
  seed?: number;
  /** Simulated time runs this many times as fast as the wall clock (1 with no start time: wall time). */
  speed?: number;
  /** Where simulated time starts (default: now). */
  startTime?: EpochMs;
  /** Accepted key pairs; the first is the one reported as `keys`. Default: one fresh random demo pair. */
  keys?: ExchangeKeyPair | ExchangeKeyPair[];
  clock?: ExchangeClock;
  faults?: FaultPlan;
  /** Share of eligible fills that are partial (Alpaca paper: about 10%). */
  partialFillShare?: number;
  /** Refuse orders that could trade against the account's own opposite open orders, as Alpaca does (422). Off by default. */
  rejectWashTrades?: boolean;
  /** Requests per key per minute (Alpaca: 200); benchmarks raise it. */
  rateLimitPerMinute?: number;
  controlToken?: string;
  log?: ExchangeLog;
  /**
   * Replay stored daily history (one Yahoo CSV per symbol) instead of the synthetic market. The clock is then
   * simulated: it starts at the second stored day's open unless `startTime` says otherwise, and runs at `speed`.
   */
  replay?: ReplaySource[];
  /** Stock stream symbol limit per connection over trades and quotes (Alpaca free plan: 30; Infinity: none). */
  symbolLimit?: number;
  /**
   * Demo mode: the account of the first key pair is kept in this file (demo-exchange.json in the data folder) and
   * restored from it at start, so the demo account survives a restart; a simulated clock resumes where it was.
   */
  statePath?: string;
}

export interface RunningExchange {
  /** Trading REST base (the SDK's basePath); market data is served from the same origin. */
  tradingUrl: string;
  dataUrl: string;
  /** trade_updates */
  streamUrl: string;
  /** stocks, IEX feed */
  marketDataStreamUrl: string;
  /** options, indicative feed (msgpack) */
  optionStreamUrl: string;
  /** news (/v1beta1/news) */
  newsStreamUrl: string;
  port: number;
  keys: ExchangeKeyPair;
  allKeys: ExchangeKeyPair[];
  /** Every key id a client presented (REST or stream, accepted or not): tests prove a key never reached this host. */
  presentedKeyIds(): string[];
  controlToken: string;
  faults: FaultPlan;
  clock: ExchangeClock;
  market: MarketSource;
  /** The synthetic headlines behind /v1beta1/news and its stream. */
  news: NewsWire;
  broker: Broker;
  close(): Promise<void>;
}

/** The parts the market and broker contribute: their routes, stream endpoints and what must stop with them. */
interface ComposedParts {
  routes: Route[];
  streams: StreamEndpoint[];
  market: MarketSource;
  news: NewsWire;
  broker: Broker;
  /** What the driver moves to the clock's time. */
  advance: Pick<MarketSource, 'advanceTo'>;
  dispose: Array<() => void>;
}

function chooseClock(options: ExchangeOptions, replay: ReplaySeries[] | undefined): ExchangeClock {
  if (options.clock) return options.clock;
  const speed = options.speed ?? 1;
  if (replay) return new SimulatedClock(options.startTime ?? replayStart(replay), speed);
  if (speed === 1 && options.startTime === undefined) return new WallClock();
  return new SimulatedClock(options.startTime ?? Date.now(), speed);
}

/**
 * Composes the parts: one market on the exchange clock (synthetic, or a replay of stored daily bars); the paper broker matching against it; the
 * trading and market data routes; the trade_updates and market data streams (all on one origin).
 */
function composeParts(options: ExchangeOptions, clock: ExchangeClock, faults: FaultPlan, keys: ReadonlyMap<string, string>, replay: ReplaySeries[] | undefined): ComposedParts {
  const seed = options.seed ?? 42;
  const market = replay ? replayMarket({ seed, clock, series: replay }) : new SyntheticMarket({ seed, clock });
  const broker = new Broker(market, clock, {
    seed,
    ...(options.partialFillShare !== undefined ? { partialFillShare: options.partialFillShare } : {}),
    ...(options.rejectWashTrades !== undefined ? { rejectWashTrades: options.rejectWashTrades } : {}),
  });
  const news = new NewsWire(market, clock, seed);
  const routes = [...tradingRoutes(broker, market, clock), ...marketDataRoutes(market, clock), ...newsRoutes(news, clock)];
  const tradeUpdates = new TradeUpdatesStream({ broker, keys, faults });
  const testFeed = new TestFeed(seed, clock.now());
  const marketData = new MarketDataStream({ market, keys, faults, testFeed, ...(options.symbolLimit !== undefined ? { symbolLimit: options.symbolLimit } : {}) });
  const newsStream = new NewsStream({ wire: news, keys, faults });
  // One tick moves both the market and the all-hours test feed of /v2/test.
  const advance = {
    advanceTo: (time: EpochMs): void => {
      market.advanceTo(time);
      marketData.advanceTestFeed(time);
    },
  };
  return {
    routes,
    streams: [tradeUpdates, marketData, newsStream],
    market,
    news,
    broker,
    advance,
    dispose: [() => tradeUpdates.dispose(), () => newsStream.dispose(), () => broker.dispose()],
  };
}

/** The accepted key pairs, remembering every key id looked up (REST auth and both streams look keys up here). */
class PresentedKeys extends Map<string, string> {
  readonly presented = new Set<string>();
  override get(keyId: string): string | undefined {
    this.presented.add(keyId);
    return super.get(keyId);
  }
}

/** Starts the Alpaca-compatible local exchange on loopback. */
export async function startExchange(options: ExchangeOptions = {}): Promise<RunningExchange> {
  const replay = options.replay ? loadReplay(options.replay) : undefined;
  const saved = options.statePath ? readDemoState(options.statePath) : undefined;
  // A simulated clock never starts before the saved account's time (its fills and orders must stay in the past).
  const clock = chooseClock(saved && options.startTime !== undefined ? { ...options, startTime: Math.max(options.startTime, saved.clockAt) } : options, replay);
  const faults = options.faults ?? new FaultPlan();
  const allKeys = options.keys === undefined ? [generateKeyPair()] : Array.isArray(options.keys) ? options.keys : [options.keys];
  if (allKeys.length === 0) throw new Error('startExchange needs at least one key pair');
  const keyMap = new PresentedKeys(allKeys.map((k) => [k.keyId, k.secret]));
  const parts = composeParts(options, clock, faults, keyMap, replay);
  const owner = allKeys[0]!.keyId;
  if (saved) parts.broker.restoreState(owner, saved);
  const persistence = options.statePath ? new DemoStatePersistence(options.statePath, parts.broker, owner, options.log) : undefined;
  const driver = new MarketDriver(parts.advance, clock);

  const control: ControlHooks = {
    health: () => ({ now: new Date(clock.now()).toISOString(), simulated: clock instanceof SimulatedClock }),
    setHalted: (symbol, halted) => parts.market.setHalted(symbol, halted),
  };
  if (clock instanceof SimulatedClock) {
    control.advanceClock = (ms) => {
      clock.advanceBy(ms);
      driver.tick();
      return clock.now();
    };
  }

  const server = createExchangeServer({
    routes: parts.routes,
    streams: parts.streams,
    keys: keyMap,
    faults,
    control,
    ...(options.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.controlToken !== undefined ? { controlToken: options.controlToken } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
  const port = await server.listen(options.port ?? 0);
  driver.start();
  persistence?.start();
  const http = `http://127.0.0.1:${port}`;
  const ws = `ws://127.0.0.1:${port}`;
  let closed = false;
  return {
    tradingUrl: http,
    dataUrl: http,
    streamUrl: `${ws}/stream`,
    marketDataStreamUrl: `${ws}/v2/iex`,
    optionStreamUrl: `${ws}/v1beta1/indicative`,
    newsStreamUrl: `${ws}${NEWS_STREAM_PATH}`,
    port,
    keys: allKeys[0]!,
    allKeys,
    presentedKeyIds: () => [...keyMap.presented],
    controlToken: server.controlToken,
    faults,
    clock,
    market: parts.market,
    news: parts.news,
    broker: parts.broker,
    async close() {
      if (closed) return;
      closed = true;
      driver.stop();
      for (const dispose of parts.dispose) dispose();
      await server.close();
      // Last, once no request can change the account any more.
      persistence?.close();
    },
  };
}
