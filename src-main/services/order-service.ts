import { join } from 'node:path';
import type { TradingMode } from '../../src-shared/domain/mode.js';
import type { DataSource } from '../../src-shared/ipc/market-data-schemas.js';
import { AlpacaVenue } from '../adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig, type ExecutionConfigInput } from '../adapters/alpaca/execution/execution-config.js';
import type { EventHub } from '../ipc/event-hub.js';
import { OrderJournal } from '../kernel/orders/journal/order-journal.js';
import { OrderManager } from '../kernel/orders/order-manager.js';
import { AlgoEngine } from '../kernel/algos/algo-engine.js';
import type { VolumeSource } from '../kernel/algos/algo-types.js';
import { historicalVwapProfile } from '../kernel/algos/volume-profile.js';
import { KillControl } from '../kernel/risk/kill-control.js';
import { RiskEngine } from '../kernel/risk/risk-engine.js';
import { DEFAULT_RISK_LIMITS, type QuoteGuardCheck, type RiskLimits } from '../kernel/risk/risk-types.js';
import type { Logger } from '../logging/logger.js';
import { healthOf, type Service } from './service.js';

export interface OrderServiceOptions {
  log: Logger;
  hub: EventHub;
  dataDir: string;
  /** The trading mode now (it changes when the trader switches; the service is restarted then). */
  mode: () => TradingMode;
  /** Where the broker is and the keys (demo: the local exchange's endpoints, read once it has started). */
  execution: () => ExecutionConfigInput;
  /** Observed trade volume for POV algos (the market data service's stream). */
  volume?: () => VolumeSource;
  /** The risk limits stored in Settings (read at each start); absent or empty: the engine's defaults. */
  riskLimits?: () => Partial<RiskLimits>;
}

/**
 * The order journal file beside the workstation database: its own connection with synchronous=FULL. One file per
 * mode, so reconciling with the paper broker never meets the demo exchange's orders (or live's).
 */
export function orderJournalPath(dataDir: string, mode: TradingMode = 'demo'): string {
  return join(dataDir, mode === 'demo' ? 'orders.sqlite' : `orders-${mode}.sqlite`);
}

/**
 * Orders, positions and risk in main: the journal, the Alpaca venue, the risk engine and the order manager;
 * its events go to the GUI; the kill switch listens on a control folder in the data dir for the CLI.
 */
export class OrderService implements Service {
  readonly name = 'orders';
  private journal: OrderJournal | undefined;
  private current: OrderManager | undefined;
  private kill: KillControl | undefined;
  private failure: string | undefined;
  private algoEngine: AlgoEngine | undefined;
  private venue: AlpacaVenue | undefined;
  private riskEngine: RiskEngine | undefined;

  constructor(private readonly options: OrderServiceOptions) {}

  /** The limits every order passes now (the defaults until the service starts). */
  get riskLimits(): RiskLimits {
    return { ...(this.riskEngine?.limits ?? { ...DEFAULT_RISK_LIMITS, ...this.options.riskLimits?.() }) };
  }

  /** New limits take effect at the next order; the caller stores them (they are read again at each start). */
  applyRiskLimits(limits: RiskLimits): void {
    if (this.riskEngine) this.riskEngine.limits = { ...limits };
  }

  /** The stale-quote guard bot orders pass (the bot service owns it); undefined removes it. */
  setQuoteGuard(guard: QuoteGuardCheck | undefined): void {
    if (this.riskEngine) this.riskEngine.quoteGuard = guard;
  }

  /**
   * A live quote for the risk check, taken only from the broker the orders go to (the demo exchange in demo mode,
   * Alpaca in paper and live): quotes still arriving from the other during a mode switch are ignored.
   */
  noteQuote(quote: { symbol: string; bid: number; ask: number; t: number }, source: DataSource): void {
    const expected: DataSource = this.options.mode() === 'demo' ? 'demo-exchange' : 'alpaca';
    if (source !== expected || !this.current) return;
    this.current.noteQuote(quote.symbol, { bid: String(quote.bid), ask: String(quote.ask), at: quote.t });
  }

  /** The peak equity the drawdown limit measures from, as the journal keeps it. */
  peakEquity(): string | undefined {
    return this.journal?.getState('peak-equity') ?? undefined;
  }

  get manager(): OrderManager {
    if (!this.current) throw new Error(this.failure ? `orders are unavailable: ${this.failure}` : 'orders are not started yet');
    return this.current;
  }

  get mode(): TradingMode {
    return this.options.mode();
  }

  /** Execution algorithms over this service's order manager. */
  get algos(): AlgoEngine {
    if (!this.algoEngine) throw new Error(this.failure ? `orders are unavailable: ${this.failure}` : 'orders are not started yet');
    return this.algoEngine;
  }

  /** VWAP's volume profile for a parent starting now: the same window on the past week's days, from the broker's bars. */
  vwapProfile(symbol: string, slices: number, durationMs: number): Promise<{ profile: number[]; days: number }> {
    if (!this.venue) return Promise.resolve({ profile: new Array<number>(slices).fill(1 / slices), days: 0 });
    return historicalVwapProfile(this.venue, symbol, slices, durationMs);
  }

    get ready(): boolean {
    return this.current !== undefined;
  }

  async start(): Promise<void> {
    const { log, hub } = this.options;
    this.failure = undefined;
    try {
      const config = resolveExecutionConfig(this.options.execution());
      this.journal = OrderJournal.open(orderJournalPath(this.options.dataDir, config.mode));
      this.venue = new AlpacaVenue(config);
      this.riskEngine = new RiskEngine(this.options.riskLimits?.() ?? {});
      const manager = new OrderManager({ journal: this.journal, venue: this.venue, risk: this.riskEngine, log });
      manager.events.on('order', (order) => hub.publish('orders.order', order));
      manager.events.on('fill', (fill) => hub.publish('orders.fill', fill));
      manager.events.on('alert', (alert) => hub.publish('orders.alert', alert));
      manager.events.on('risk', (risk) => hub.publish('orders.risk', risk));
      this.current = manager;
      this.algoEngine = new AlgoEngine({ orders: manager, log, store: this.journal, ...(this.options.volume ? { volume: this.options.volume() } : {}) });
      const algos = this.algoEngine;
      this.algoEngine.onProgress((progress) => hub.publish('orders.algo', progress));
      // A halt (the kill switch, a reconciliation difference) stops every algo at once, not at its next slice.
      manager.events.on('risk', ({ state, reason }) => {
        if (state === 'HALTED') algos.haltAll(reason);
      });
      this.kill = new KillControl(join(this.options.dataDir, 'control'), (request) => manager.killSwitch({ flatten: request.flatten, reason: request.reason }), log);
      this.kill.start();
      // Reconciliation talks to the broker; the service is usable (kill switch, blotters) while it runs.
      void manager
        .start()
        // Algo parents stored before a restart resume once every child is settled with the broker.
        .then(() => {
          if (this.current !== manager) return;
          algos.resume();
          // Halted at start-up (a difference found, a halt before the restart): resumed parents stop at once too.
          const risk = manager.riskState;
          if (risk.state === 'HALTED') algos.haltAll(risk.reason);
        })
        .catch((error: unknown) => {
          // Stopped before reconciliation finished (a short-lived workstation): nothing to halt any more.
          if (this.current !== manager) return;
          const message = error instanceof Error ? error.message : String(error);
          log.error('orders', 'start-up reconciliation failed: trading halted until it succeeds', { error: message });
          manager.halt(`start-up reconciliation failed: ${message}`);
        });
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      log.error('orders', 'orders could not start', { error: this.failure });
    }
  }

  /**
   * Stops in an order that never writes to a closed journal: nothing new is accepted (the manager is taken away
   * first), queued sends are stopped before they leave, requests already out get a bounded wait for their answers
   * (OrderManager.stop), and only then are the sockets and the journal closed.
   */
  async stop(): Promise<void> {
    const manager = this.current;
    const venue = this.venue;
    const journal = this.journal;
    this.current = undefined;
    this.kill?.stop();
    const algosStopped = this.algoEngine?.stop();
    this.algoEngine = undefined;
    try {
      await manager?.stop();
      // Algo steps whose submits were just answered finish before the journal closes.
      await algosStopped;
    } catch (error) {
      this.options.log.error('orders', 'stopping the order path failed', { error: error instanceof Error ? error.message : String(error) });
    }
    venue?.close();
    journal?.close();
  }

  health() {
    if (this.failure) return healthOf(this.name, 'down', this.failure);
    if (!this.current) return healthOf(this.name, 'stopped', 'not started');
    const risk = this.current.riskState;
    return healthOf(this.name, 'ok', `${this.mode}, stream ${this.current.streamReady ? 'ready' : 'down'}, risk ${risk.state}`);
  }
}
