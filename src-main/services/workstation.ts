import { join } from 'node:path';
import { rendererSettings, type RendererSettingKey } from '../../src-shared/ipc/settings.js';
import type { TradingMode } from '../../src-shared/domain/mode.js';
import type { LogLevel, SystemInfo } from '../../src-shared/ipc/schemas.js';
import { EventHub } from '../ipc/event-hub.js';
import { IpcRouter } from '../ipc/router.js';
import { Logger } from '../logging/logger.js';
import { appSettingDefaults, appSettingSchemas } from '../storage/app-settings.js';
import { SettingsStore } from '../storage/settings-store.js';
import { APP_NAME, APP_VERSION } from '../version.js';
import { dataPaths } from './data-dir.js';
import { DEMO_EXCHANGE_STATE_FILE } from '../exchange/demo-state.js';
import { ExchangeService, type DemoEndpoints } from './exchange-service.js';
import { createHandlers } from './handlers.js';
import type { LlmSettings } from './llm-handlers.js';
import { resolveLlmSettings } from './llm-settings.js';
import { historyDatabasePath } from '../history/history-db.js';
import { LoopMonitor } from './loop-monitor.js';
import { MarketDataService } from './market-data-service.js';
import { parseProviderOrder } from '../market-data/provider-order.js';
import { TradingSession } from './trading-session.js';
import type { AlpacaHosts } from '../adapters/alpaca/hosts.js';
import type { AlpacaKeyMode } from '../secrets/accounts.js';
import type { TradingStatus } from '../../src-shared/ipc/trading-schemas.js';
import { OrderService } from './order-service.js';
import { BacktestService } from './backtest-service.js';
import { ServiceRegistry } from './registry.js';
import { SecretsService, type SecretsServiceOptions } from './secrets-service.js';
import { AlertService } from './alert-service.js';
import { BotService } from './bot-service.js';
import { MetaAllocationService } from './meta-allocation-service.js';
import { DemoBotSet } from './demo-bot-set.js';
import { SECRETS_FALLBACK_FILE, SECRETS_SERVICE_NAME } from '../secrets/accounts.js';
import { healthOf, type Service } from './service.js';
import { StorageService } from './storage-service.js';
import { OptionsService } from '../options/options-service.js';
import { MlService } from '../ml/ml-service.js';
import { OpportunityService } from './opportunity-service.js';

export interface WorkstationOptions {
  dataDir: string;
  shell: 'electron' | 'headless';
  logLevel?: LogLevel;
  /** Print warnings and errors to stderr as well as the log file. */
  logToConsole?: boolean;
  /** Validate every published event against the contract (on by default; the IPC benchmark can turn it off). */
  validateEvents?: boolean;
  /**
   * The built, self-contained demo-exchange worker (dist/main/exchange-worker.mjs). Given and present, the demo
   * exchange runs in that worker thread; otherwise in-process (running from source, as the tests do).
   */
  exchangeWorkerScript?: string;
  /**
   * Points market data at another Alpaca-compatible exchange than the demo one (tests: an exchange on a
   * simulated clock inside market hours, so live data flows whatever the wall time).
   */
  marketDataEndpoints?: DemoEndpoints;
  /**
   * Credentials: the keychain service name (tests use their own), Electron's safeStorage cipher, the environment
   * to read APCA_API_KEY_ID/APCA_API_SECRET_KEY from (default: process.env on the headless host, none in Electron),
   * and the trading hosts the key test calls (default Alpaca's).
   */
  secrets?: Partial<Omit<SecretsServiceOptions, 'log' | 'onChange'>>;
  /** Paper and live hosts; default Alpaca's (tests: local exchanges standing in for them). */
  alpacaHosts?: Partial<Record<AlpacaKeyMode, AlpacaHosts>>;
  /** Trade in this mode for this run instead of the stored one (the command line's `--mode`). */
  mode?: TradingMode;
  /** Demo mode against this already-running local exchange (the command line's `--exchange-url`); none is started. */
  externalExchange?: DemoEndpoints;
  /**
   * LLM analysis: the OpenAI-compatible endpoint, model, timeout, daily limits and token prices (tests: a loopback
   * stand-in). Default: WORKSTATION_LLM_URL and WORKSTATION_LLM_MODEL on the headless host, else OpenRouter's.
   */
  llm?: LlmSettings;
  /**
   * On a fresh demo start (no bots yet, demo chosen), create and start one demo bot per strategy family. Only the
   * app's entry points (Electron, the headless host's start) turn it on; off by default so tests start quiet.
   */
  demoBots?: boolean;
}

/** Publishes the System tab's figures once a second while anyone is subscribed. */
class MetricsPublisher implements Service {
  readonly name = 'metrics';
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly tick: () => void) {}
  start(): void {
    this.timer = setInterval(this.tick, 1000);
    this.timer.unref();
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
  health() {
    return healthOf(this.name, this.timer ? 'ok' : 'stopped', 'publishing every second');
  }
}

/**
 * The main-side workstation: logger, storage, settings, services and the IPC router, independent of the shell
 * (Electron or the headless host) that carries it to a GUI.
 */
export class Workstation {
  readonly log: Logger;
  readonly hub: EventHub;
  readonly router: IpcRouter;
  readonly registry: ServiceRegistry;
  readonly loop = new LoopMonitor();
  readonly startedAt = Date.now();
  private readonly storage: StorageService;
  /** Demo, paper or live, and the keys and hosts that go with it. */
  readonly trading: TradingSession;
  /** Demo mode's local exchange (registered always, started only in demo mode). */
  readonly demoExchange: ExchangeService;
  private settingsStore: SettingsStore<typeof appSettingSchemas> | undefined;
  /** Market data: history, the shared live stream, watchlists (demo mode: from the local exchange). */
  readonly marketData: MarketDataService;
  /** API keys: the OS keychain, Electron's encrypted file, or the host's environment. */
  readonly secrets: SecretsService;
  /** Alert rules over market data, orders and risk; firings stored once and delivered. */
  readonly alerts: AlertService;
  /** Orders, positions, risk and the kill switch. */
  readonly orders: OrderService;
  /** Backtests and optimisations from the GUI, each in a worker thread; stored runs. */
  readonly backtest: BacktestService;
  /** Strategies running live through the risk engine (the backtest's strategy objects). */
  readonly bots: BotService;
  /** Option chains from the current mode and the daily IV record (history.sqlite). */
  readonly optionsData: OptionsService;
  readonly ml: MlService;
  /** The opportunity scanner (a worker thread), started when a window first asks for its list. */
  readonly opportunities: OpportunityService;
  /** The demo bots of a fresh demo start (see WorkstationOptions.demoBots). */
  readonly demoBots: DemoBotSet;
  /** The bandit that reallocates the running bots' capital at each session close, when the trader turns it on. */
  readonly metaAllocation: MetaAllocationService;

  constructor(readonly options: WorkstationOptions) {
    const paths = dataPaths(options.dataDir);
    this.log = new Logger({ level: options.logLevel ?? 'info', filePath: paths.logFile, console: options.logToConsole ?? false });
    this.hub = new EventHub(this.log, { validate: options.validateEvents ?? true });
    this.registry = new ServiceRegistry(this.log);
    this.storage = this.registry.add(new StorageService(paths.database, this.log));
    const env = options.secrets?.env ?? (options.shell === 'headless' ? process.env : undefined);
    this.secrets = this.registry.add(
      new SecretsService({
        // The override keeps test runs (and side-by-side installs) out of the user's own keychain entries.
        serviceName: process.env.WORKSTATION_KEYCHAIN_SERVICE || SECRETS_SERVICE_NAME,
        fallbackFile: join(options.dataDir, SECRETS_FALLBACK_FILE),
        ...(options.alpacaHosts ? { alpacaHosts: Object.fromEntries(Object.entries(options.alpacaHosts).map(([mode, hosts]) => [mode, hosts.tradingUrl])) } : {}),
        ...options.secrets,
        ...(env ? { env } : {}),
        log: this.log,
        onChange: (status) => this.hub.publish('secrets.changed', status),
      }),
    );
    this.registry.add(this.loop);
    this.registry.add(new MetricsPublisher(() => this.publishMetrics()));
    this.registry.add({
      name: 'settings',
      start: () => this.openSettings(),
      stop: () => undefined,
      health: () => healthOf('settings', this.settingsStore ? 'ok' : 'stopped', 'stored in the workstation database'),
    });
    // Everything registered from here on is restarted by a mode switch (except what `survivesModeSwitch` names).
    this.trading = this.registry.add(
      new TradingSession({
        log: this.log,
        secrets: this.secrets,
        storedMode: { get: () => this.settings.get('trading.mode'), set: (mode) => this.settings.set('trading.mode', mode) },
        ...(options.alpacaHosts ? { hosts: options.alpacaHosts } : {}),
        ...(options.mode ? { forcedMode: options.mode } : {}),
        ...(options.externalExchange ? { externalExchange: options.externalExchange } : {}),
      }),
    );
    this.demoExchange = this.registry.add(
      new ExchangeService(this.log, {
        ...(options.exchangeWorkerScript ? { workerScript: options.exchangeWorkerScript } : {}),
        needed: () => this.trading.mode === 'demo' && !this.trading.usesExternalExchange,
        // The demo account lives beside the demo order journal, so the two agree after a restart.
        stateFile: join(options.dataDir, DEMO_EXCHANGE_STATE_FILE),
      }),
    );
    // Demo endpoints: a test's own exchange on a simulated clock when given (orders and quotes then agree), else the demo exchange.
    const demoEndpoints = () => options.marketDataEndpoints ?? this.demoExchange.endpoints;
    this.marketData = this.registry.add(
      new MarketDataService({
        log: this.log,
        hub: this.hub,
        config: () => this.trading.dataConfig(demoEndpoints),
        database: () => this.storage.db,
        historyFile: historyDatabasePath(options.dataDir),
        // The Parquet catalog (WORKSTATION_CATALOG, a folder or s3://bucket/prefix) joins the chain when set;
        // WORKSTATION_PROVIDER_ORDER reorders it (see README, "History catalog").
        catalog: async () => (await import('../catalog/load.js')).openCatalogFromEnv(process.env),
        providerOrder: parseProviderOrder(process.env.WORKSTATION_PROVIDER_ORDER),
      }),
    );
    this.orders = this.registry.add(
      new OrderService({
        log: this.log,
        hub: this.hub,
        dataDir: options.dataDir,
        mode: () => this.trading.mode,
        // POV algos follow the traded volume on the one shared market data stream.
        volume: () => ({ onTrade: (symbol, listener) => this.marketData.subscribe([symbol], { onTrade: (trade) => listener(trade.size, trade.t) }) }),
        execution: () => this.trading.executionInput(demoEndpoints),
        riskLimits: () => this.settings.get('risk.limits') ?? {},
      }),
    );
    // The risk check reads the streamed quotes of the symbols the app follows instead of fetching them per order.
    this.marketData.tapQuotes((quote, source) => this.orders.noteQuote(quote, source));
    this.backtest = this.registry.add(
      new BacktestService({ log: this.log, hub: this.hub, dataDir: options.dataDir, databaseFile: paths.database, database: () => this.storage.db }),
    );
    // After market data and orders: it listens to both.
    this.alerts = this.registry.add(
      new AlertService({ log: this.log, hub: this.hub, database: () => this.storage.db, marketData: () => this.marketData }),
    );
    // After orders and market data: bots trade through the one and listen to the other.
    this.bots = this.registry.add(
      new BotService({ log: this.log, hub: this.hub, database: () => this.storage.db, marketData: () => this.marketData, orders: () => this.orders, optionChains: () => this.optionsData }),
    );
    // After bots: it reads their ledgers and changes their allocations at each session close on the market's clock.
    this.metaAllocation = this.registry.add(
      new MetaAllocationService({ log: this.log, database: () => this.storage.db, bots: () => this.bots, clock: () => this.marketData.marketClock?.()?.now }),
    );
    this.optionsData = this.registry.add(
      new OptionsService({
        log: this.log,
        config: () => this.trading.dataConfig(demoEndpoints),
        historyFile: historyDatabasePath(options.dataDir),
        recordSymbols: () => this.marketData.watchlists().flatMap((w) => w.symbols),
      }),
    );
    // Models: the app's models/ folder and the data folder's; training and inference run in worker threads.
    this.ml = this.registry.add(
      new MlService({ log: this.log, hub: this.hub, dataDir: options.dataDir, shippedDir: join(process.env.WORKSTATION_APP_ROOT ?? process.cwd(), 'models'), marketData: () => this.marketData }),
    );
    // After market data: it reads the universe's history and its bar closes; on demand, so an unwatched host never scans.
    this.opportunities = this.registry.add(
      new OpportunityService({
        log: this.log,
        marketData: () => this.marketData,
        universe: () => this.scanUniverse(),
        publish: (list) => this.hub.publish('opportunities.list', list),
        startOn: 'demand',
      }),
    );
    this.demoBots = new DemoBotSet({
      enabled: options.demoBots ?? false,
      log: this.log,
      mode: () => this.trading.mode,
      wantedMode: () => options.mode ?? this.settings.get('trading.mode'),
      offered: { get: () => this.settings.get('demo.bots'), set: (ids) => this.settings.set('demo.bots', ids) },
      bots: () => this.bots,
      orders: () => this.orders,
      marketData: () => this.marketData,
    });
    this.router = new IpcRouter(
      createHandlers({
        info: () => this.info(),
        registry: this.registry,
        log: this.log,
        hub: this.hub,
        settings: () => this.settings,
        marketData: () => this.marketData,
        secrets: () => this.secrets,
        alerts: () => this.alerts,
        orders: () => this.orders,
        backtest: () => this.backtest,
        bots: () => this.bots,
        demoBots: () => this.demoBots,
        metaAllocation: () => this.metaAllocation,
        options: () => this.optionsData,
        ml: () => this.ml,
        llm: {
          dataDir: options.dataDir,
          settings: () => this.llmSettings(env),
          marketData: () => this.marketData,
          position: (symbol) => {
            const p = this.orders.ready ? this.orders.manager.positionRecords().find((r) => r.symbol === symbol) : undefined;
            return p && Number(p.qty) !== 0 ? { qty: p.qty, avgEntryPrice: p.avgEntryPrice } : null;
          },
          risk: () => this.llmRiskFigures(),
          apiKey: async () => (await this.secrets.llmApiKey()) ?? (env?.OPENROUTER_API_KEY?.trim() || null),
        },
        opportunities: () => this.opportunities,
        trading: () => this.trading,
        switchMode: (mode, confirmation) => this.switchMode(mode, confirmation),
      }),
      this.log,
    );
    this.log.onEntry((entry) => this.hub.publish('system.log', entry));
  }

  /** The LLM endpoint and limits: Settings' `llm.config`, else the options, else the environment, else the defaults. */
  private llmSettings(env: Readonly<Record<string, string | undefined>> | undefined): LlmSettings {
    return resolveLlmSettings(this.settings.get('llm.config'), this.options.llm, env);
  }

  /** What the model is told of risk: equity, buying power and the limits every order passes, as numbers. */
  private async llmRiskFigures(): Promise<Record<string, number>> {
    const figures: Record<string, number> = {};
    for (const [name, value] of Object.entries(this.orders.riskLimits)) if (Number.isFinite(Number(value))) figures[name] = Number(value);
    if (this.orders.ready) {
      const { account } = await this.orders.manager.accountSnapshot();
      figures.equity = Number(account.equity);
      figures.buyingPower = Number(account.buyingPower);
    }
    return figures;
  }

  get settings(): SettingsStore<typeof appSettingSchemas> {
    if (!this.settingsStore) throw new Error('settings are not available before start');
    return this.settingsStore;
  }

  /** The trading mode now: demo, paper or live. */
  get mode(): TradingMode {
    return this.trading.mode;
  }

  async start(): Promise<void> {
    await this.registry.startAll();
    this.log.info('workstation', `${APP_NAME} ${APP_VERSION} started`, { mode: this.mode, shell: this.options.shell, dataDir: this.options.dataDir });
    // Not awaited: the bots' warm-up history must not hold the window back.
    if (this.options.demoBots) this.demoOffer = this.demoBots.offer().catch((error: unknown) => {
      this.log.warn('bots', `the demo bots could not be created: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
  }

  /** The demo set's creation after start (tests wait on it); resolves to the bots created, none if not offered. */
  demoOffer: ReturnType<DemoBotSet['offer']> = Promise.resolve([]);

  /**
   * Switches demo/paper/live: checks the keys (and, for live, the typed confirmation) first, then restarts the
   * services that depend on the market and the broker, and tells every window (which reloads, so nothing from
   * the previous mode stays on screen). Backtests keep running.
   */
  async switchMode(mode: TradingMode, confirmation: string | undefined): Promise<TradingStatus> {
    await this.trading.prepare(mode, confirmation);
    const from = this.mode;
    this.log.info('trading', `switching from ${from} to ${mode}`);
    // A bot never follows the trader into another market (least of all from demo into live): all stop first.
    const running = this.bots.list().filter((bot) => bot.state === 'running').map((bot) => bot.name);
    await this.bots.setAll(false);
    if (running.length > 0) this.log.warn('trading', `bots stopped for the switch to ${mode}: ${running.join(', ')}; start them again there if you mean to`);
    this.hub.publish('trading.modeChanged', this.trading.snapshot());
    await this.trading.switchWith(() => this.registry.restartFrom(this.trading, (service) => service === this.backtest));
    const status = await this.trading.status();
    this.log.info('trading', `now trading in ${status.mode} mode`, { from, notice: status.notice });
    this.hub.publish('trading.modeChanged', status);
    return status;
  }

  /** What the scanner scans: everything the demo exchange lists (in demo), else the watchlists' symbols. */
  private async scanUniverse(): Promise<string[]> {
    const listed = await this.marketData.demoUniverse();
    if (listed && listed.length > 0) return listed;
    return [...new Set(this.marketData.watchlists().flatMap((w) => w.symbols))];
  }

  private openSettings(): void {
    this.settingsStore = new SettingsStore(this.storage.db, appSettingSchemas, appSettingDefaults);
    this.settingsStore.onChange((key, value) => {
      if (key in rendererSettings) this.hub.publish('settings.changed', { key: key as RendererSettingKey, value });
    });
  }

  async stop(): Promise<void> {
    this.log.info('workstation', 'stopping');
    // A demo set still starting finishes first, so no bot starts on stopped services.
    await this.demoOffer;
    await this.registry.stopAll();
    await this.log.close();
  }

  info(): SystemInfo {
    return {
      appName: APP_NAME,
      version: APP_VERSION,
      mode: this.mode,
      shell: this.options.shell,
      startedAt: this.startedAt,
      platform: `${process.platform}-${process.arch}`,
      nodeVersion: process.versions.node,
      electronVersion: process.versions.electron ?? null,
      dataDir: this.options.dataDir,
    };
  }

  private publishMetrics(): void {
    if (!this.hub.hasSubscribers('system.metrics')) return;
    const memory = process.memoryUsage();
    this.hub.publish('system.metrics', {
      at: Date.now(),
      uptimeMs: Date.now() - this.startedAt,
      mode: this.mode,
      loopDelay: this.loop.stats(),
      memory: {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
      },
      services: this.registry.health(),
    });
  }
}
