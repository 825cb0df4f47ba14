import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { BotDto } from '../../src-shared/ipc/bots-schemas.js';
import type { Envelope } from '../../src-shared/ipc/errors.js';
import { startExchange } from '../../src-main/exchange/exchange.js';
import type { ExchangeEndpoints } from '../../src-main/exchange/worker/protocol.js';
import { Workstation } from '../../src-main/services/workstation.js';

/**
 * Live quote to replaced order: a market-making bot in a real workstation (headless) on the shared live stream of the
 * local exchange, which runs in a worker thread as the app's demo exchange does, on its regular session at real speed.
 * Measured per replace: from the moment the quote that caused it reaches main (the shared stream's listeners, in the
 * order they subscribed: this bench's before the bot's) to the moment the PATCH /v2/orders/{id} request line is handed
 * to the kernel (the socket write in main: the nearest point to the wire the app's code reaches; bench/orders.ts and
 * bench/strategies/live.ts measure orders the same way). The bot's part (quote to the order manager's replace) is
 * printed beside it. The host's request limits apply (180 requests a minute for all bots, under Alpaca's 200), so a
 * run of BENCH_LIVE_S seconds gives about three replaces a second.
 */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const SYMBOL = process.env.BENCH_LIVE_SYMBOL ?? 'AAPL';
/** The bot's requests a minute (BENCH_LIVE_RATE; at most 180, the host's limit for all bots). */
const RATE = Number(process.env.BENCH_LIVE_RATE ?? 60);

interface ExchangeWorkerData {
  role: 'bench-exchange';
}

/** The worker side: the exchange on loopback, its endpoints posted to the bench, closed when asked. */
export async function runExchangeWorker(): Promise<boolean> {
  if ((workerData as ExchangeWorkerData | undefined)?.role !== 'bench-exchange' || !parentPort) return false;
  const port = parentPort;
  const exchange = await startExchange({ seed: 5, speed: 1, startTime: SESSION_START, rejectWashTrades: true, log: { warn: () => {}, error: () => {} } });
  const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
  const endpoints: ExchangeEndpoints = { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys };
  port.on('message', (message: unknown) => {
    if (message === 'close') void exchange.close().then(() => port.close());
  });
  port.postMessage(endpoints);
  return true;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function runLiveReplace(script: string, load: () => string): Promise<void> {
  const seconds = Number(process.env.BENCH_LIVE_S ?? 60);
  const worker = new Worker(script, { workerData: { role: 'bench-exchange' } satisfies ExchangeWorkerData });
  const endpoints = await new Promise<ExchangeEndpoints>((resolve, reject) => {
    worker.once('message', (m: ExchangeEndpoints) => resolve(m));
    worker.once('error', reject);
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ticks-live-'));
  const workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: endpoints });
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const reply: Envelope<unknown> = await workstation.router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'bench' });
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  // When the newest quote of the symbol reached main; each replace call with the quote then newest; each PATCH written.
  let quoteAt = Number.NaN;
  let quotesSeen = 0;
  const calls: { client: string; quoteAt: number; callAt: number }[] = [];
  /** When the order manager handed each replace to the venue (after its risk checks), by the order's broker id. */
  const venueCalls: { brokerId: string; at: number }[] = [];
  const journalWrites: number[] = [];
  /** Each wait in the trading bucket (every paced request, replaces and the rest). */
  const pacerWaits: number[] = [];
  /** The waits of orders (posts and replaces) alone. */
  const orderWaits: number[] = [];
  /** Every HTTP request main wrote during the measured run, by method and path: what shares the trading bucket. */
  const requestsByPath = new Map<string, number>();
  const writes: { brokerId: string; at: number }[] = [];
  const socketWrite = Socket.prototype.write;
  Socket.prototype.write = function write(this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    const head = typeof chunk === 'string' ? chunk.slice(0, 64) : Buffer.isBuffer(chunk) ? chunk.subarray(0, 64).toString('latin1') : '';
    if (head.startsWith('PATCH /v2/orders/')) writes.push({ brokerId: head.slice(17).split(/[ ?]/)[0]!, at: performance.now() });
    const request = /^(GET|POST|PATCH|DELETE|PUT) (\/[^ ?]*)/.exec(head);
    if (request) {
      const key = `${request[1]} ${request[2]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
      requestsByPath.set(key, (requestsByPath.get(key) ?? 0) + 1);
    }
    return (socketWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof socketWrite;
  let release: (() => void) | undefined;
  try {
    await workstation.start();
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'the orders stream');
    release = workstation.marketData.subscribe([SYMBOL], {
      onQuote: (q) => {
        if (q.symbol !== SYMBOL) return;
        quoteAt = performance.now();
        quotesSeen++;
      },
    });
    const manager = workstation.orders.manager;
    const replace = manager.replace.bind(manager);
    manager.replace = (clientOrderId, changes, source) => {
      calls.push({ client: clientOrderId, quoteAt, callAt: performance.now() });
      return replace(clientOrderId, changes, source);
    };
    // The venue is the order manager's own (private): reached here only to split the path into its parts.
    const venue = (manager as unknown as { venue: { replace: (brokerId: string, ...rest: unknown[]) => Promise<unknown> } }).venue;
    const venueReplace = venue.replace.bind(venue);
    type Acquire = (signal?: AbortSignal, kind?: 'order' | 'read') => Promise<() => void>;
    const pacer = (venue as unknown as { pacer?: { acquire: Acquire } }).pacer;
    if (pacer) {
      const acquire = pacer.acquire.bind(pacer);
      // The kind goes through: reads wait behind orders in the bucket (PriorityPacer).
      pacer.acquire = async (signal, kind) => {
        const started = performance.now();
        const release = await acquire(signal, kind);
        if (kind !== 'read') orderWaits.push(performance.now() - started);
        pacerWaits.push(performance.now() - started);
        return release;
      };
    }
    venue.replace = (brokerId, ...rest) => {
      venueCalls.push({ brokerId, at: performance.now() });
      return venueReplace(brokerId, ...rest);
    };
    // The journal write before the request leaves (a group commit with synchronous=FULL: one fsync for the intents
    // written in the same turn of the loop), from the write to its commit, timed apart from the risk checks.
    const journal = (manager as unknown as { journal: { insertOrderGrouped: (...args: unknown[]) => Promise<void> } }).journal;
    const insertGrouped = journal.insertOrderGrouped.bind(journal);
    journal.insertOrderGrouped = (...args) => {
      const started = performance.now();
      const durable = insertGrouped(...args);
      void durable.then(() => journalWrites.push(performance.now() - started), () => undefined);
      return durable;
    };
    // Quotes a tick either side of the reservation price and moved on every one-tick change: as many replaces as the
    // host's request limit lets through.
    const params = { orderSize: 10, maxInventory: 200, maxRequestsPerMinute: RATE, warmupSec: 5, refreshMs: 100, minRequestGapMs: 0, replaceTicks: 1, gamma: 0.001 };
    const { bots } = await call<{ bots: BotDto[] }>('bots.save', { name: 'bench maker', strategy: 'market-making', params, symbols: [SYMBOL], allocation: '1000000' });
    const id = bots[0]!.id;
    await call('bots.start', { id });
    // Its first quote waits for 30 one-second volatility samples: the measured run starts after it.
    await until(() => manager.orders().some((o) => o.source === `bot:${id}`), 'the bot\'s first quote', 120_000);
    calls.length = 0;
    writes.length = 0;
    venueCalls.length = 0;
    journalWrites.length = 0;
    pacerWaits.length = 0;
    orderWaits.length = 0;
    requestsByPath.clear();
    console.log(`live: a market-making bot on ${SYMBOL}, exchange in a worker thread at real speed, ${seconds} s after its first quote: quote in main -> PATCH /v2/orders written to the socket`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const detail = await call<{ decisions: { code: string; reason: string }[] }>('bots.detail', { id, limit: 5 });
    const state = workstation.bots.list().find((b) => b.id === id)?.state;
    await call('bots.stop', { id });
    const placed = manager.orders().filter((o) => o.source === `bot:${id}`).length;
    console.log(`  bot ${state}; quotes seen ${quotesSeen}; its orders ${placed}; last decisions: ${detail.decisions.map((d) => `${d.code} ${d.reason}`).join(' | ') || 'none'}`);
    const brokerOf = new Map(calls.map((c) => [c.client, manager.order(c.client)?.brokerOrderId ?? undefined]));
    const wire: number[] = [];
    const botPart: number[] = [];
    const checkPart: number[] = [];
    const sendPart: number[] = [];
    for (const w of writes) {
      // The last replace call on that order before its PATCH was written.
      let match: (typeof calls)[number] | undefined;
      for (const c of calls) if (brokerOf.get(c.client) === w.brokerId && c.callAt <= w.at) match = c;
      if (!match || Number.isNaN(match.quoteAt)) continue;
      wire.push(w.at - match.quoteAt);
      botPart.push(match.callAt - match.quoteAt);
      const handed = venueCalls.filter((v) => v.brokerId === w.brokerId && v.at <= w.at).pop();
      if (handed) {
        checkPart.push(handed.at - match.callAt);
        sendPart.push(w.at - handed.at);
      }
    }
    const line = (label: string, values: number[]): string => {
      const sorted = [...values].sort((a, b) => a - b);
      return `${label}: n ${sorted.length} p50 ${percentile(sorted, 50).toFixed(3)} p99 ${percentile(sorted, 99).toFixed(3)} max ${(sorted[sorted.length - 1] ?? NaN).toFixed(3)} ms`;
    };
    console.log(`  ${line('quote -> PATCH on the wire (target p99 < 2 ms)', wire)}`);
    console.log(`  ${line("the bot's part: quote -> order manager's replace", botPart)}`);
    console.log(`  ${line('risk checks: replace -> venue', checkPart)}`);
    console.log(`  ${line('  of which the journal write to its group commit (fsync) of each order', journalWrites)}`);
    console.log(`  ${line('venue: pacing and the SDK -> socket write', sendPart)}`);
    console.log(`  ${line('  the trading bucket: each paced request\'s wait', pacerWaits)}`);
  console.log(`  ${line('  the trading bucket: orders\' waits (posts and replaces, ahead of reads)', orderWaits)}`);
    console.log(`  requests main wrote in the run: ${[...requestsByPath].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`  replace calls ${calls.length}, PATCH requests written ${writes.length}; load ${load()}`);
  } finally {
    release?.();
    Socket.prototype.write = socketWrite;
    await workstation.stop();
    worker.postMessage('close');
    await new Promise((resolve) => worker.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
