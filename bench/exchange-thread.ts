// Not a benchmark: the worker thread in which bench/strategies runs the local exchange (as the app runs it in
// exchange-worker), so the exchange's market generation and matching do not run on the loop being measured. It
// reports the moment each POST /v2/orders request reaches its HTTP server, on the clock all threads share
// (performance.timeOrigin + performance.now()).
import { Server } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { startExchange } from '../src-main/exchange/exchange.js';

export interface ExchangeThreadInit {
  seed: number;
  startTime: number;
}

export type ExchangeThreadMessage =
  | { type: 'ready'; tradingUrl: string; dataUrl: string; streamUrl: string; keys: { keyId: string; secret: string }; symbols: string[] }
  | { type: 'order-arrived'; at: number }
  | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('bench/exchange-thread runs as a worker thread (see bench/strategies/live.ts)');
const init = workerData as ExchangeThreadInit;
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'request') {
    const req = args[0] as { method?: string; url?: string };
    if (req.method === 'POST' && req.url?.startsWith('/v2/orders')) port.postMessage({ type: 'order-arrived', at: performance.timeOrigin + performance.now() } satisfies ExchangeThreadMessage);
  }
  return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
} as typeof emit;

const exchange = await startExchange({ seed: init.seed, speed: 1, startTime: init.startTime, partialFillShare: 0, rateLimitPerMinute: 10_000_000, log: { warn: () => {}, error: () => {} } });
port.postMessage({
  type: 'ready',
  tradingUrl: exchange.tradingUrl,
  dataUrl: exchange.dataUrl,
  streamUrl: exchange.streamUrl,
  keys: { keyId: exchange.keys.keyId, secret: exchange.keys.secret },
  symbols: exchange.market.assets().filter((a) => a.tradable).map((a) => a.symbol),
} satisfies ExchangeThreadMessage);
port.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return;
  void exchange.close().then(() => {
    port.postMessage({ type: 'closed' } satisfies ExchangeThreadMessage);
    port.close();
  });
});
