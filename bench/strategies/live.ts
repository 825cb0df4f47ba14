import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Bar } from '../../src-shared/domain/bar.js';
import { AlpacaVenue } from '../../src-main/adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig } from '../../src-main/adapters/alpaca/execution/execution-config.js';
import { OrderManagerExecution } from '../../src-main/bots/bot-execution.js';
import { BotRunner } from '../../src-main/bots/bot-runner.js';
import { profileOf } from '../../src-main/exchange/market/symbols.js';
import { OrderJournal } from '../../src-main/kernel/orders/journal/order-journal.js';
import { OrderManager } from '../../src-main/kernel/orders/order-manager.js';
import { BotLedger } from '../../src-main/kernel/portfolio/bot-ledger.js';
import { RiskEngine } from '../../src-main/kernel/risk/risk-engine.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../src-main/strategies/index.js';
import type { ExchangeThreadMessage } from '../exchange-thread.js';
import { crossSectionalUniverse } from './data.js';

/** A Wednesday, 10:00 in New York: the exchange's regular session is open for the whole run. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const SYMBOLS = 60;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
/** BENCH_DEBUG=1 prints the bots' log (why a signal was not sent). */
const botLog = process.env.BENCH_DEBUG ? { info: console.log, warn: console.log, error: console.log } : quiet;

/** The bots measured: a per-symbol strategy trading often, and the cross-sectional ones on the whole universe. */
const BOTS: ReadonlyArray<[string, Record<string, string>]> = [
  ['sma-cross', { fast: '2', slow: '5', size: '1' }],
  ['momentum', { lookback: '42', skip: '2', topN: '5', rebalance: 'weekly', investFraction: '0.2' }],
  ['stat-arb', { pcaWindow: '60', residualWindow: '30', components: '5', legs: 'long-only', maxPositions: '5', investFraction: '0.2' }],
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * A bot of each kind with 60 symbols, hosted by the real bot runner with a real order manager (risk engine, journal
 * with synchronous=FULL, the Alpaca venue over HTTP) against the local exchange on loopback. History warms the
 * bot up; then each day's 60 bars are handed to the runner one after another, as a feed delivers a bar's close.
 * Measured: from that moment to each order's POST /v2/orders leaving the process (the socket write carrying its
 * request line), and separately the first order of each day; and the bot's own part: from that moment to each
 * order reaching the order manager (strategy and runner), and to the runner's return from the day's last bar.
 */
export async function runLiveLatency(o: { wanted: (name: string) => boolean; load: () => string }): Promise<void> {
  const warmDays = Number(process.env.BENCH_LIVE_WARM ?? 80);
  const days = Number(process.env.BENCH_LIVE_DAYS ?? 120);
  // The exchange in its own thread, as the app runs it (exchange-worker): its market and matching stay off this loop.
  const arrived: number[] = [];
  const thread = new Worker(new URL('./exchange-thread.mjs', import.meta.url), { workerData: { seed: 7, startTime: SESSION_START } });
  const exchange = await new Promise<Extract<ExchangeThreadMessage, { type: 'ready' }>>((resolve, reject) => {
    thread.on('error', reject);
    thread.on('message', (m: ExchangeThreadMessage) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'order-arrived') arrived.push(m.at - performance.timeOrigin);
    });
  });
  // The exchange's own symbols (it quotes only those); the bars are the synthetic universe's under their names.
  const symbols = exchange.symbols.slice(0, SYMBOLS);
  const universe = crossSectionalUniverse(symbols.length, warmDays + days, 21);
  const series = new Map<string, Bar[]>(
    universe.map((col, n) => {
      // Scaled to the exchange's own price of the symbol, so the bot's sizes are what the exchange fills.
      const k = profileOf(symbols[n]!).startPrice / col.c[warmDays]!;
      return [symbols[n]!, Array.from(col.t, (t, i) => ({ t, o: col.o[i]! * k, h: col.h[i]! * k, l: col.l[i]! * k, c: col.c[i]! * k, v: col.v[i]! }))];
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-strategies-'));
  const journal = OrderJournal.open(join(dir, 'orders.sqlite'));
  const venue = new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', keyId: exchange.keys.keyId, secret: exchange.keys.secret, baseUrl: exchange.tradingUrl, requestsPerSecond: 1_000_000 }));
  const manager = new OrderManager({
    journal,
    venue,
    risk: new RiskEngine({ maxOrderQty: '1000000', maxPositionQty: '1000000', maxOrderNotional: '10000000', maxGrossExposure: '100000000', dailyLossLimit: '100000000', maxDrawdown: '1' }),
    log: quiet,
    quoteTtlMs: 600_000,
    watchdogMs: 60_000,
    silentAfterMs: 600_000,
  });
  // Where an order's time goes between the manager and the wire: its journal write asked, its venue call made.
  const journaledAt: number[] = [];
  const venueAt: number[] = [];
  const insert = journal.insertOrderGrouped.bind(journal);
  journal.insertOrderGrouped = (...args: Parameters<typeof insert>) => {
    journaledAt.push(performance.now());
    return insert(...args);
  };
  const venueSubmit = venue.submit.bind(venue);
  venue.submit = (...args: Parameters<typeof venueSubmit>) => {
    venueAt.push(performance.now());
    return venueSubmit(...args);
  };
  // The moment each POST /v2/orders is handed to the kernel (as bench/orders.ts measures it).
  const posts: number[] = [];
  const socketWrite = Socket.prototype.write;
  Socket.prototype.write = function write(this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string' ? chunk.startsWith('POST /v2/orders') : Buffer.isBuffer(chunk) && chunk.subarray(0, 15).toString('latin1') === 'POST /v2/orders') posts.push(performance.now());
    return (socketWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof socketWrite;
  try {
    await manager.start();
    await until(() => manager.streamReady, 'the trade_updates stream');
    await manager.warm(symbols);
    console.log(`live: bots of ${symbols.length} symbols (the exchange's first ${SYMBOLS}) against the local exchange on loopback, ${warmDays} days of warm-up, ${days} days streamed (bar close to POST /v2/orders on the wire, and to its arrival at the exchange's HTTP server in its own thread)`);
    for (const [name, raw] of BOTS) {
      if (!o.wanted(name)) continue;
      const definition = STRATEGIES.get(name)!;
      const id = `bench-${name}`;
      const execution = new OrderManagerExecution(() => manager, new BotLedger(`bot:${id}`, '20000', () => manager.openOrders()));
      execution.attach();
      // When the strategy's order reaches the order manager (the bot's own part of the latency).
      const decided: number[] = [];
      const submit = execution.submit.bind(execution);
      execution.submit = (intent, source) => {
        decided.push(performance.now());
        return submit(intent, source);
      };
      const errors: string[] = [];
      const runner = new BotRunner({ id, definition, params: parseParams(definition.params, raw), symbols, timeframe: "1Day", execution, log: botLog, onEvent: (e) => void (e.kind !== 'order-sent' && errors.push(`${e.kind}: ${'reason' in e ? e.reason : e.message}`)) });
      for (const s of symbols) runner.warmUp(s, series.get(s)!.slice(0, warmDays));
      runner.start(series.get(symbols[0]!)![warmDays]!.t - 1);
      const all: number[] = [];
      const first: number[] = [];
      const handling: number[] = [];
      const toManager: number[] = [];
      const toJournal: number[] = [];
      const toVenue: number[] = [];
      const atExchange: number[] = [];
      for (let d = warmDays; d < warmDays + days && errors.length === 0; d++) {
        posts.length = 0;
        decided.length = 0;
        journaledAt.length = 0;
        venueAt.length = 0;
        arrived.length = 0;
        const closedAt = performance.now();
        for (const s of symbols) runner.onBar(s, series.get(s)![d]!);
        handling.push(performance.now() - closedAt);
        await until(() => runner.pending === 0, `${name}: the orders of day ${d}`);
        // Every request of the day has reached the exchange's thread (its messages may trail the responses a little).
        await until(() => arrived.length >= posts.length, `${name}: the exchange's arrival times of day ${d}`);
        for (const at of arrived) atExchange.push(at - closedAt);
        for (const at of posts) all.push(at - closedAt);
        for (const at of decided) toManager.push(at - closedAt);
        for (const at of journaledAt) toJournal.push(at - closedAt);
        for (const at of venueAt) toVenue.push(at - closedAt);
        if (posts.length > 0) first.push(posts[0]! - closedAt);
      }
      runner.stop();
      execution.detach();
      const line = (label: string, values: number[]): string => {
        const sorted = [...values].sort((a, b) => a - b);
        return `${label} n ${String(sorted.length).padStart(4)} p50 ${percentile(sorted, 50).toFixed(2).padStart(6)} p99 ${percentile(sorted, 99).toFixed(2).padStart(6)} max ${(sorted[sorted.length - 1] ?? NaN).toFixed(2).padStart(6)} ms`;
      };
      console.log(`  ${name.padEnd(10)} at the exchange: ${line('every order', atExchange)}  load ${o.load()}`);
      console.log(`  ${name.padEnd(10)} on the wire: ${line('every order', all)} | ${line('first of its day', first)}  load ${o.load()}${errors.length > 0 ? `  STOPPED: ${errors[0]}` : ''}`);
      console.log(`  ${''.padEnd(10)} the bot's part: ${line('order to the manager', toManager)} | ${line(`${symbols.length} bars handled`, handling)}`);
      console.log(`  ${''.padEnd(10)} the manager's part: ${line('risk passed, journal write asked', toJournal)} | ${line('journaled, venue called', toVenue)}`);
    }
  } finally {
    Socket.prototype.write = socketWrite;
    await manager.stop();
    journal.close();
    await new Promise<void>((resolve) => {
      thread.on('exit', () => resolve());
      thread.postMessage({ type: 'close' });
      setTimeout(() => void thread.terminate(), 5_000).unref();
    });
    rmSync(dir, { recursive: true, force: true });
  }
}
