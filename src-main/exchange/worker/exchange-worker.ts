import { parentPort, workerData } from 'node:worker_threads';
import { startExchange } from '../exchange.js';
import type { ExchangeWorkerInit, FromExchangeWorker, ToExchangeWorker } from './protocol.js';

/**
 * The demo exchange in its own thread: generating history and matching orders never delays main's event loop,
 * and main reaches it over loopback HTTP exactly as it would reach Alpaca.
 */
const port = parentPort;
if (!port) throw new Error('exchange-worker must run as a worker thread');
const init = workerData as ExchangeWorkerInit;
const post = (message: FromExchangeWorker): void => port.postMessage(message);

try {
  const running = await startExchange({
    port: init.port,
    seed: init.seed,
    ...(init.startTime !== undefined ? { startTime: init.startTime } : {}),
    ...(init.statePath !== undefined ? { statePath: init.statePath } : {}),
    log: {
      warn: (source, message, fields) => post({ type: 'log', level: 'warn', source, message, ...(fields ? { fields } : {}) }),
      error: (source, message, fields) => post({ type: 'log', level: 'error', source, message, ...(fields ? { fields } : {}) }),
    },
  });
  port.on('message', (message: ToExchangeWorker) => {
    if (message.type !== 'close') return;
    void running.close().then(() => {
      post({ type: 'closed' });
      port.close();
    });
  });
  post({
    type: 'ready',
    endpoints: {
      tradingUrl: running.tradingUrl,
      dataUrl: running.dataUrl,
      streamUrl: running.streamUrl,
      marketDataStreamUrl: running.marketDataStreamUrl,
      optionStreamUrl: running.optionStreamUrl,
      keys: running.keys,
    },
  });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
