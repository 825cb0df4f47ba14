/**
 * The local exchange under load, through the official Alpaca SDK on loopback:
 *  1. order acknowledgement latency: N orders (alternating market and far limit) submitted one after another
 *     with the SDK's OrdersApi; the time from the call to its resolved promise. Target: p99 < 5 ms.
 *  2. market data fan-out: three stream subscribers (three demo keys: Alpaca allows one connection per key)
 *     subscribed to every symbol's trades and quotes while the market runs at a high simulated speed; messages
 *     per second each receives, and the delivery latency of trades from the market's emission to the
 *     subscriber's callback. Target: >= 2,000 msgs/s to each subscriber, p99 < 10 ms.
 * Everything runs in this one process (exchange and clients share the event loop, which is the harder case).
 * Run: node scripts/build.mjs bench && node dist/bench/exchange.mjs [orders=2000] [streamSeconds=10] [speed=100]
 */
import { streaming, trading } from '@alpacahq/alpaca-trade-api';
import { generateKeyPair } from '../src-main/exchange/demo-keys.js';
import { startExchange } from '../src-main/exchange/exchange.js';

const orderCount = Number(process.argv[2] ?? 2000);
const streamSeconds = Number(process.argv[3] ?? 10);
const speed = Number(process.argv[4] ?? 100);
/** A Wednesday morning in New York: the market is open. */
const START = Date.parse('2024-03-06T15:00:00Z');

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (v: number): string => `${v.toFixed(2)} ms`;

async function orderLatency(): Promise<void> {
  const ex = await startExchange({ seed: 42, speed: 1, startTime: START, rateLimitPerMinute: 1_000_000 });
  try {
    const orders = new trading.OrdersApi(new trading.Configuration({ keyId: ex.keys.keyId, secret: ex.keys.secret, basePath: ex.tradingUrl }));
    const submit = (i: number) =>
      orders.postOrder({
        postOrderRequest:
          i % 2 === 0
            ? { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', timeInForce: 'day' }
            : { symbol: 'MSFT', qty: '1', side: 'buy', type: 'limit', limitPrice: '1', timeInForce: 'day' },
      });
    for (let i = 0; i < 50; i++) await submit(i); // warm-up: JIT, connection pool
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < orderCount; i++) {
      const t0 = performance.now();
      await submit(i);
      latencies.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`orders: ${orderCount} sequential submissions through the SDK in ${seconds.toFixed(2)} s (${(orderCount / seconds).toFixed(0)}/s)`);
    console.log(`  ack latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.reduce((a, b) => Math.max(a, b), -Infinity))}  (target p99 < 5 ms)`);
  } finally {
    await ex.close();
  }
}

async function streamFanOut(): Promise<void> {
  const keys = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
  const ex = await startExchange({ seed: 42, speed, startTime: START, keys });
  const market = ex.market;
  if (!market) throw new Error('the exchange has no market');
  // Emission time of every trade, keyed as subscribers see it (symbol and trade id are unique together).
  const emitted = new Map<string, number>();
  market.onEvents((events) => {
    const now = performance.now();
    for (const e of events) if (e.kind === 'trade') emitted.set(`${e.trade.symbol}:${e.trade.id}`, now);
  });
  const symbols = market.assets().map((a) => a.symbol);
  const subscribers = keys.map((key) => {
    const stats = { messages: 0, latencies: [] as number[] };
    const stream = new streaming.StockDataStream({ credentials: { keyId: key.keyId, secret: key.secret }, url: ex.marketDataStreamUrl, reconnect: false });
    stream.onTrade((t) => {
      stats.messages++;
      const at = emitted.get(`${t.symbol}:${t.id}`);
      if (at !== undefined) stats.latencies.push(performance.now() - at);
    });
    stream.onQuote(() => stats.messages++);
    const ready = new Promise<void>((resolve) =>
      stream.onConnect(() => {
        stream.subscribeForTrades(symbols);
        stream.subscribeForQuotes(symbols);
        resolve();
      }),
    );
    stream.connect();
    return { stream, stats, ready };
  });
  try {
    await Promise.all(subscribers.map((s) => s.ready));
    await new Promise((r) => setTimeout(r, 500)); // let the subscriptions settle
    for (const s of subscribers) {
      s.stats.messages = 0;
      s.stats.latencies.length = 0;
    }
    await new Promise((r) => setTimeout(r, streamSeconds * 1000));
    console.log(`market data: ${symbols.length} symbols, trades and quotes, simulated speed ${speed}x, ${streamSeconds} s, 3 subscribers`);
    subscribers.forEach((s, i) => {
      const rate = s.stats.messages / streamSeconds;
      console.log(
        `  subscriber ${i + 1}: ${rate.toFixed(0)} msgs/s, trade delivery p50 ${ms(percentile(s.stats.latencies, 50))}, p99 ${ms(percentile(s.stats.latencies, 99))}` +
          ` (${s.stats.latencies.length} trades timed)  (target >= 2000 msgs/s, p99 < 10 ms)`,
      );
    });
  } finally {
    for (const s of subscribers) s.stream.disconnect();
    await ex.close();
  }
}

console.log(`bench/exchange — node ${process.version}, ${process.platform}-${process.arch}`);
await orderLatency();
await streamFanOut();
