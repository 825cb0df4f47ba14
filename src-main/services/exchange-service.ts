import { startExchange, type RunningExchange } from '../exchange/exchange.js';
import type { ExchangeKeyPair } from '../exchange/demo-keys.js';
import type { Logger } from '../logging/logger.js';
import { healthOf, type Service } from './service.js';

/** Where the Alpaca adapter points in demo mode. */
export interface DemoEndpoints {
  tradingUrl: string;
  dataUrl: string;
  streamUrl: string;
  marketDataStreamUrl: string;
  optionStreamUrl: string;
  keys: ExchangeKeyPair;
}

/**
 * Demo mode's exchange: started in-process on a free loopback port so the same Alpaca adapter code that talks
 * to Alpaca talks to it. Its key pair is fresh per start and never leaves main.
 */
export class ExchangeService implements Service {
  readonly name = 'demo-exchange';
  private running: RunningExchange | undefined;

  constructor(
    private readonly log: Logger,
    private readonly options: { seed?: number } = {},
  ) {}

  async start(): Promise<void> {
    this.running = await startExchange({ port: 0, seed: this.options.seed ?? 42, log: this.log });
    // Register the secret with the log's redactor before anything could log it.
    this.log.redactor.addSecret(this.running.keys.secret);
    this.log.info('demo-exchange', `trading at ${this.running.tradingUrl}`);
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.close();
  }

  /** The URLs and keys for the Alpaca adapter; throws before start. */
  get endpoints(): DemoEndpoints {
    const r = this.running;
    if (!r) throw new Error('the demo exchange is not running: start the workstation first');
    return { tradingUrl: r.tradingUrl, dataUrl: r.dataUrl, streamUrl: r.streamUrl, marketDataStreamUrl: r.marketDataStreamUrl, optionStreamUrl: r.optionStreamUrl, keys: r.keys };
  }

  get exchange(): RunningExchange | undefined {
    return this.running;
  }

  health() {
    const r = this.running;
    return r ? healthOf(this.name, 'ok', `trading at ${r.tradingUrl}`) : healthOf(this.name, 'stopped', 'not running');
  }
}
