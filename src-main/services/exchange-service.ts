import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { demoStartTime, latestRegularOpen } from '../exchange/demo-clock.js';
import { startExchange, type RunningExchange } from '../exchange/exchange.js';
import type { ExchangeEndpoints, ExchangeWorkerInit, FromExchangeWorker, ToExchangeWorker } from '../exchange/worker/protocol.js';
import type { Logger } from '../logging/logger.js';
import { healthOf, type Service } from './service.js';

/** Where the Alpaca adapter points in demo mode. */
export type DemoEndpoints = ExchangeEndpoints;

const START_TIMEOUT_MS = 20_000;

/**
 * Demo mode's exchange on a free loopback port, so the same Alpaca adapter code that talks to Alpaca talks to
 * it. Given the built worker script, it runs in a worker thread so its work never delays main's event loop;
 * without one (running from source, as the unit tests do) it runs in-process. Its key pair is fresh per start and never leaves main.
 */
export class ExchangeService implements Service {
  readonly name = 'demo-exchange';
  private worker: Worker | undefined;
  private inProcess: RunningExchange | undefined;
  private current: ExchangeEndpoints | undefined;
  private failure: string | undefined;

  constructor(
    private readonly log: Logger,
    private readonly options: {
      seed?: number;
      workerScript?: string;
      now?: () => number;
      needed?: () => boolean;
      /** Where the demo account is kept across restarts (demo-exchange.json in the data folder); none: fresh each start. */
      stateFile?: string;
    } = {},
  ) {}

  /** False while the workstation trades paper or live: the exchange is not started then. */
  private idle = false;

  /** Where the demo clock started, when it is simulated (outside trading hours); undefined on wall time. */
  simulatedFrom: number | undefined;

  async start(): Promise<void> {
    this.failure = undefined;
    this.idle = this.options.needed ? !this.options.needed() : false;
    if (this.idle) return;
    const now = (this.options.now ?? Date.now)();
    // WORKSTATION_DEMO_CLOCK=simulated: the same simulated regular session at any hour (the test suite sets it, so
    // a market order fills whether the suite runs at night, in pre-market or in the afternoon).
    this.simulatedFrom = process.env.WORKSTATION_DEMO_CLOCK === 'simulated' ? latestRegularOpen(now) : demoStartTime(now);
    if (this.simulatedFrom !== undefined) {
      this.log.info('demo-exchange', `${process.env.WORKSTATION_DEMO_CLOCK === 'simulated' ? 'WORKSTATION_DEMO_CLOCK=simulated' : 'markets are closed now'}: the demo clock is simulated from ${new Date(this.simulatedFrom).toISOString()} and runs at real speed`);
    }
    if (this.options.stateFile && existsSync(this.options.stateFile)) {
      this.log.info('demo-exchange', `the demo account carries on from ${this.options.stateFile} (delete it with orders.sqlite, the workstation stopped, to start afresh)`);
    }
    const script = this.options.workerScript;
    this.current = script && existsSync(script) ? await this.startWorker(script) : await this.startInProcess();
    // Register the secret with the log's redactor before anything could log it.
    this.log.redactor.addSecret(this.current.keys.secret);
    this.log.info('demo-exchange', `trading at ${this.current.tradingUrl}`, { thread: this.worker ? 'worker' : 'main' });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    const inProcess = this.inProcess;
    this.worker = undefined;
    this.inProcess = undefined;
    this.current = undefined;
    await inProcess?.close();
    if (worker) {
      const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies ToExchangeWorker);
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await closed;
      clearTimeout(timer);
    }
  }

  /** The URLs and keys for the Alpaca adapter; throws before start. */
  get endpoints(): DemoEndpoints {
    if (!this.current) throw new Error('the demo exchange is not running: start the workstation first');
    return this.current;
  }

  /** Whether the exchange runs in its own thread. */
  get inWorker(): boolean {
    return this.worker !== undefined;
  }

  health() {
    if (this.failure) return healthOf(this.name, 'down', this.failure);
    if (this.idle) return healthOf(this.name, 'ok', 'idle: not needed while the workstation trades with Alpaca (paper or live) or against an external exchange (--exchange-url)');
    const endpoints = this.current;
    return endpoints
      ? healthOf(
          this.name,
          'ok',
          `trading at ${endpoints.tradingUrl} (${this.worker ? 'worker thread' : 'main thread'}; ${this.simulatedFrom === undefined ? 'wall clock' : `simulated clock from ${new Date(this.simulatedFrom).toISOString()}`})`,
        )
      : healthOf(this.name, 'stopped', 'not running');
  }

  private async startInProcess(): Promise<ExchangeEndpoints> {
    const running = await startExchange({
      port: 0,
      seed: this.options.seed ?? 42,
      log: this.log,
      ...(this.simulatedFrom !== undefined ? { startTime: this.simulatedFrom } : {}),
      ...(this.options.stateFile ? { statePath: this.options.stateFile } : {}),
    });
    this.inProcess = running;
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = running;
    return { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys };
  }

  private startWorker(script: string): Promise<ExchangeEndpoints> {
    const init: ExchangeWorkerInit = {
      seed: this.options.seed ?? 42,
      port: 0,
      ...(this.simulatedFrom !== undefined ? { startTime: this.simulatedFrom } : {}),
      ...(this.options.stateFile ? { statePath: this.options.stateFile } : {}),
    };
    const worker = new Worker(script, { workerData: init });
    this.worker = worker;
    worker.unref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the demo exchange did not start within 20 s')), START_TIMEOUT_MS);
      worker.on('message', (message: FromExchangeWorker) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(timer);
            resolve(message.endpoints);
            return;
          case 'failed':
            clearTimeout(timer);
            reject(new Error(`the demo exchange failed to start: ${message.message}`));
            return;
          case 'log':
            this.log[message.level](message.source, message.message, message.fields);
            return;
          case 'closed':
            return;
        }
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        this.failure = `worker crashed: ${error.message}`;
        this.log.error('demo-exchange', 'the exchange worker crashed', { error: error.message });
        reject(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker && code !== 0) this.failure = `worker exited with code ${code}`;
      });
    });
  }
}
