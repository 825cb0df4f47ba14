/**
 * The order path's own cost, against the local exchange on loopback, through the real order manager:
 *  1. latency from a strategy-style `manager.submit(...)` call to the POST /v2/orders request leaving the process
 *     (the socket write carrying its request line), over N sequential orders: the intent's validation and the
 *     risk check over cached data, the client order id, the journal write (SQLite, synchronous=FULL: an fsync),
 *     the request body and the HTTP write. Target p99 < 1 ms, excluding the network. Also printed: the three
 *     parts (before, during and after the journal write) and the journal write alone.
 *  2. a sustained order rate for S seconds with the default client pacing (3 requests a second, every request
 *     counted) against the exchange's Alpaca limit of 200 a minute: orders sent, 429s seen (target 0).
 * Run: node scripts/build.mjs bench && node dist/bench/orders.mjs [orders=1000] [sustainSeconds=30]
 */
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaVenue } from '../src-main/adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig } from '../src-main/adapters/alpaca/execution/execution-config.js';
import { startExchange, type RunningExchange } from '../src-main/exchange/exchange.js';
import { OrderJournal } from '../src-main/kernel/orders/journal/order-journal.js';
import { OrderManager } from '../src-main/kernel/orders/order-manager.js';
import { RiskEngine } from '../src-main/kernel/risk/risk-engine.js';

const orderCount = Number(process.argv[2] ?? 1000);
const sustainSeconds = Number(process.argv[3] ?? 30);
/** A Wednesday morning in New York: the market is open. */
const START = Date.parse('2024-03-06T15:00:00Z');
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (v: number): string => `${v.toFixed(3)} ms`;

async function managerFor(ex: RunningExchange, dir: string, requestsPerSecond: number): Promise<{ manager: OrderManager; journal: OrderJournal }> {
  const journal = OrderJournal.open(join(dir, 'orders.sqlite'));
  const venue = new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', keyId: ex.keys.keyId, secret: ex.keys.secret, baseUrl: ex.tradingUrl, requestsPerSecond }));
  const manager = new OrderManager({ journal, venue, risk: new RiskEngine({ maxPositionQty: '1000000', maxGrossExposure: '100000000' }), log: quiet, quoteTtlMs: 60_000, watchdogMs: 60_000, silentAfterMs: 600_000 });
  await manager.start();
  while (!manager.streamReady) await new Promise((resolve) => setTimeout(resolve, 20));
  await manager.warm(['AAPL']);
  return { manager, journal };
}

async function latency(): Promise<void> {
  const ex = await startExchange({ seed: 42, speed: 1, startTime: START, rateLimitPerMinute: 10_000_000, partialFillShare: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-orders-'));
  const { manager, journal } = await managerFor(ex, dir, 1_000_000);
  // The moment the POST /v2/orders request is handed to the kernel: the socket write that carries its first line,
  // whatever the HTTP client above it (the SDK's transport is node:http over keep-alive; the global fetch is undici).
  let sentAt = 0;
  const socketWrite = Socket.prototype.write;
  Socket.prototype.write = function write(this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    if (sentAt === 0 && (typeof chunk === 'string' ? chunk.startsWith('POST /v2/orders') : Buffer.isBuffer(chunk) && chunk.subarray(0, 15).toString('latin1') === 'POST /v2/orders')) sentAt = performance.now();
    return (socketWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof socketWrite;
  // Phase marks: the journal write's start and end (the instance's method, wrapped), so the figures split into
  // checks before the write, the write itself, and everything after it up to the wire.
  let journalStart = 0;
  let journalEnd = 0;
  const insertOrder = journal.insertOrder.bind(journal);
  journal.insertOrder = (...args: Parameters<OrderJournal['insertOrder']>): void => {
    journalStart = performance.now();
    insertOrder(...args);
    journalEnd = performance.now();
  };
  const beforeJournal: number[] = [];
  const inJournal: number[] = [];
  const afterJournal: number[] = [];
  const toWire: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < orderCount + 50; i += 1) {
    sentAt = 0;
    const started = performance.now();
    // A far limit buy: it rests, so the account and positions stay as they were (no cache refresh mid-run).
    const result = await manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'bench');
    const done = performance.now();
    if (!result.ok) throw new Error(`order refused: ${result.code} ${result.message}`);
    if (i < 50) continue; // warm-up
    toWire.push(sentAt - started);
    roundTrip.push(done - started);
    beforeJournal.push(journalStart - started);
    inJournal.push(journalEnd - journalStart);
    afterJournal.push(sentAt - journalEnd);
  }
  Socket.prototype.write = socketWrite;
  const journalWrites: number[] = [];
  for (let i = 0; i < 500; i += 1) {
    const order = manager.orders()[0]!;
    const started = performance.now();
    journal.updateOrder({ ...order, updatedAt: Date.now() });
    journalWrites.push(performance.now() - started);
  }
  process.stdout.write(
    `orders: ${orderCount} sequential submits through the order manager (risk + journal + venue) to the local exchange\n` +
      `  call -> request on the wire   p50 ${ms(percentile(toWire, 50))}  p99 ${ms(percentile(toWire, 99))}  max ${ms(toWire.reduce((a, b) => Math.max(a, b), -Infinity))}\n` +
      `    checks before the journal    p50 ${ms(percentile(beforeJournal, 50))}  p99 ${ms(percentile(beforeJournal, 99))}\n` +
      `    journal write (in the path)  p50 ${ms(percentile(inJournal, 50))}  p99 ${ms(percentile(inJournal, 99))}\n` +
      `    journal -> wire (body, HTTP) p50 ${ms(percentile(afterJournal, 50))}  p99 ${ms(percentile(afterJournal, 99))}\n` +
      `  call -> broker answer applied p50 ${ms(percentile(roundTrip, 50))}  p99 ${ms(percentile(roundTrip, 99))}\n` +
      `  one journal write (synchronous=FULL) p50 ${ms(percentile(journalWrites, 50))}  p99 ${ms(percentile(journalWrites, 99))}\n`,
  );
  manager.stop();
  journal.close();
  await ex.close();
  rmSync(dir, { recursive: true, force: true });
}

async function sustained(): Promise<void> {
  const ex = await startExchange({ seed: 43, speed: 1, startTime: START, partialFillShare: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-orders-rate-'));
  const { manager, journal } = await managerFor(ex, dir, 3);
  let tooMany = 0;
  // Every answer of 429, whichever client asked: node:http (the venue's transport) or the global fetch (undici).
  const on429 = (message: unknown): void => {
    if ((message as { response?: { statusCode?: number } }).response?.statusCode === 429) tooMany += 1;
  };
  diagnostics.subscribe('http.client.response.finish', on429);
  diagnostics.subscribe('undici:request:headers', on429);
  const started = performance.now();
  let sent = 0;
  let refused = 0;
  const inFlight: Array<Promise<unknown>> = [];
  // A strategy that asks for more than the limit allows: 10 orders a second; the client pacing holds them back.
  while (performance.now() - started < sustainSeconds * 1000) {
    inFlight.push(
      manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'bench').then((r) => {
        if (r.ok) sent += 1;
        else refused += 1;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (inFlight.length > 20) await inFlight.shift();
  }
  const elapsedS = (performance.now() - started) / 1000;
  const acknowledged = sent;
  await Promise.all(inFlight);
  diagnostics.unsubscribe('http.client.response.finish', on429);
  diagnostics.unsubscribe('undici:request:headers', on429);
  process.stdout.write(
    `sustained: ${elapsedS.toFixed(1)} s asking for 10 orders/s with client pacing at 3 requests/s\n` +
      `  orders acknowledged ${acknowledged} in the window (${(acknowledged / elapsedS).toFixed(2)}/s, ${((acknowledged / elapsedS) * 60).toFixed(0)}/min), refused ${refused}, 429 answers ${tooMany}\n`,
  );
  manager.stop();
  journal.close();
  await ex.close();
  rmSync(dir, { recursive: true, force: true });
}

await latency();
if (sustainSeconds > 0) await sustained();
process.exit(0);
