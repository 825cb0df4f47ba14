import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { FillRecord, OrderRecord } from '../../src-shared/domain/order-record.js';

import type { BotDto, BotState, saveBotRequest } from '../../src-shared/ipc/bots-schemas.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { OrderManagerExecution } from '../bots/bot-execution.js';
import { BotRunner, type RunnerEvent } from '../bots/bot-runner.js';
import { BotStore } from '../bots/bot-store.js';
import { BotEquityStore } from '../bots/bot-equity-store.js';
import { BotFrameworkStore } from '../bots/bot-framework-store.js';
import type { Decision } from '../kernel/portfolio/decisions.js';
import type { BotDetailDto, BotSummaryDto, UniverseDto } from '../../src-shared/ipc/bot-detail-schemas.js';
import { botFigures, EquityCurve, type BotFigures } from '../bots/bot-report.js';
import { demoBasketWeights, demoUniverses } from '../bots/universes.js';
import { etfBasketArb, etfBasketArbWith } from '../strategies/arbitrage/etf-basket-arb.js';
import type { ProtectionLock } from '../kernel/protections/settings.js';
import { connectLiveBot } from '../bots/live-bot.js';
import { BotOrderLimits, botLimitParams, GLOBAL_BOT_REQUESTS_PER_MINUTE, RequestWindow } from '../bots/bot-order-limits.js';
import { MarkoutBook } from '../bots/markouts.js';
import { cancelStoppedBotOrders } from '../bots/stop-orders.js';
import { microstructureView } from '../bots/microstructure-view.js';
import { StaleQuoteMonitor } from '../kernel/risk/stale-quote-monitor.js';
import { BotLedger, type BotLedgerSnapshot } from '../kernel/portfolio/bot-ledger.js';
import type { EventHub } from '../ipc/event-hub.js';
import type { ReconciliationReport } from '../kernel/orders/reconciliation.js';
import { parseParams } from '../kernel/strategy/params.js';
import type { StrategyDefinition } from '../kernel/strategy/types.js';
import type { Logger } from '../logging/logger.js';
import type { MarketDataApi } from '../market-data/types.js';
import type { StrategyInfoDto } from '../../src-shared/ipc/backtest-schemas.js';
import { paramSpace } from '../kernel/strategy/params.js';
import { STRATEGIES } from '../strategies/index.js';
import { OPTION_STRATEGIES } from '../strategies/options/index.js';
import { hostOptionBot, type HostedOptionBot, type OptionChains } from '../bots/options/option-bot-host.js';
import { optionBotFigures } from '../bots/options/option-figures.js';
import { OptionLedger } from '../bots/options/option-ledger.js';
import type { OrderService } from './order-service.js';
import { healthOf, type Service } from './service.js';

/** The order journal read once, for the ledgers of the bots that are not running. */
interface Journal {
  orders: OrderRecord[];
  fills: FillRecord[];
}

export interface BotServiceOptions {
  log: Logger;
  hub: EventHub;
  database: () => Database;
  marketData: () => MarketDataApi;
  orders: () => OrderService;
  /** The options service: OptionsBot strategies read their chain and IV history there. */
  optionChains?: () => OptionChains;
  now?: () => number;
}

interface Live {
  runner: BotRunner;
  execution: OrderManagerExecution;
  ledger: BotLedger;
  curve: EquityCurve;
  release: (() => void) | undefined;
  /** Microstructure bots (their strategy needs quotes): fills marked out against the quotes, and the host's limits. */
  markouts: MarkoutBook | undefined;
}

/** A bot saved without an allocation gets this much of the account (dollars); shown with the bot, changeable. */
export const DEFAULT_BOT_ALLOCATION = '10000';

const ACTIVE_STATES: ReadonlySet<BotState> = new Set(['starting', 'running']);

/** Whether a save request changes nothing of a bot but its allocation (name, strategy, params, symbols, timeframe, protections kept). */
function onlyAllocationDiffers(bot: BotDto, request: z.output<typeof saveBotRequest>): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (
    request.name === bot.name &&
    request.strategy === bot.strategy &&
    same(request.params, bot.params) &&
    same([...new Set(request.symbols)], bot.symbols) &&
    (request.timeframe === undefined || request.timeframe === bot.timeframe) &&
    (request.protections === undefined || same(request.protections, bot.protections ?? {}))
  );
}

/**
 * Bots in main: stored in the app database, each running a strategy through a BotRunner whose orders go through
 * the order manager (and its risk engine) as `bot:<id>`. A definitive broker rejection pauses the bot until the
 * trader resumes it (which resumes its order source); a risk halt or a reconciliation difference halts every
 * running bot; a strategy exception leaves it in `error` with the text. Every state change is published
 * (`bots.state`) and heard by the alert service. Bots left running start again after the next start-up
 * reconciliation, only if it found no difference.
 */
export class BotService implements Service {
  readonly name = 'bots';
  private store: BotStore | undefined;
  private framework: BotFrameworkStore | undefined;
  private equity: BotEquityStore | undefined;
  private readonly live = new Map<string, Live>();
  /** Running OptionsBots (option strategies: a daily decision on the chain, their own option ledger). */
  private readonly optionLive = new Map<string, HostedOptionBot>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly listeners = new Set<(bot: BotDto) => void>();
  private readonly now: () => number;
  /** Order requests of every bot together in the last 60 s, held under the broker's 200 a minute. */
  private readonly requestWindow = new RequestWindow(GLOBAL_BOT_REQUESTS_PER_MINUTE);
  /**
   * The stale-quote guard in the risk path of bot orders. It needs the SIP's NBBO beside the IEX quotes; the shared
   * stream carries one feed (IEX), so until a SIP feed is subscribed it is inactive and says so (health, log).
   */
  readonly staleQuotes = new StaleQuoteMonitor();

  constructor(private readonly options: BotServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.store = new BotStore(this.options.database());
    this.framework = new BotFrameworkStore(this.options.database());
    this.equity = new BotEquityStore(this.options.database());
    const orders = this.options.orders();
    if (!orders.ready) {
      for (const bot of this.store.all()) if (ACTIVE_STATES.has(bot.state)) this.setState(bot, 'halted', 'orders are unavailable at start-up: bots wait for the trader');
      return;
    }
    const manager = orders.manager;
    orders.setQuoteGuard?.(this.staleQuotes);
    this.options.log.info('bots', this.staleQuotes.status());
    const toRestart = this.store.all().filter((b) => ACTIVE_STATES.has(b.state));
    for (const bot of toRestart) this.setState(bot, 'stopped', 'waiting for start-up reconciliation');
    const afterReconciliation = (report: ReconciliationReport): void => {
      for (const bot of toRestart.splice(0)) {
        const current = this.store?.get(bot.id);
        if (!current || current.state !== 'stopped') continue;
        if (!report.ok) this.setState(current, 'halted', `start-up reconciliation found ${report.differences.length} difference(s) with the broker`);
        else if (manager.riskState.state === 'HALTED') this.setState(current, 'halted', `trading is halted: ${manager.riskState.reason}`);
        else void this.startBot(current.id).catch((error: unknown) => this.options.log.warn('bots', 'a bot could not restart', { bot: current.id, error: String(error) }));
      }
    };
    this.unsubscribers.push(
      manager.events.on('reconciliation', (report) => {
        afterReconciliation(report);
        if (!report.ok) this.haltAll(`reconciliation found ${report.differences.length} difference(s) with the broker`);
      }),
      manager.events.on('risk', ({ state, reason }) => {
        if (state === 'HALTED') this.haltAll(`trading halted: ${reason}`);
      }),
      manager.events.on('alert', ({ source, message }) => {
        // A definitive rejection pauses the source in the order manager; the bot follows.
        if (source.startsWith('bot:') && manager.paused().includes(source)) this.onPaused(source.slice(4), message);
      }),
    );
    if (manager.reconciliation) afterReconciliation(manager.reconciliation);
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const [id, hosted] of this.optionLive) {
      hosted.release();
      this.optionLive.delete(id);
    }
    for (const [id, live] of this.live) {
      live.runner.stop();
      this.flushCurve(id, live);
      live.release?.();
      live.execution.detach();
      this.live.delete(id);
      // Stored as it was: a bot running at shutdown restarts after the next start-up reconciliation.
    }
  }

  health() {
    if (!this.store) return healthOf(this.name, 'stopped', 'not running');
    const bots = this.store.all();
    const count = (state: BotState) => bots.filter((b) => b.state === state).length;
    const troubled = count('error') + count('paused') + count('halted');
    const detail = `${bots.length} bots: ${count('running')} running, ${count('paused')} paused, ${count('halted')} halted, ${count('error')} in error; ${this.staleQuotes.status()}`;
    return healthOf(this.name, troubled > 0 ? 'degraded' : 'ok', detail);
  }

  /** Listeners in main (the tray); returns the function that removes it. */
  onChange(listener: (bot: BotDto) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): BotDto[] {
    return this.requireStore().all();
  }

  runningCount(): number {
    return this.list().filter((b) => ACTIVE_STATES.has(b.state)).length;
  }

  save(request: z.output<typeof saveBotRequest>): BotDto[] {
    const store = this.requireStore();
    const definition = OPTION_STRATEGIES.get(request.strategy) ?? this.definition(request.strategy);
    // Refused here, with the parameter's name, rather than when the bot starts.
    const parsed = parseParams(definition.params, request.params);
    const checked = definition.params.safeParse(parsed);
    if (!checked.success) throw new CodedError('BAD_REQUEST', `${request.strategy}: ${checked.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const existing = request.id ? store.get(request.id) : undefined;
    if (request.id && !existing) throw new CodedError('NOT_FOUND', `no bot ${request.id}`);
    if (existing && ACTIVE_STATES.has(existing.state)) {
      // A running bot's allocation alone may change (the same path the meta-allocator takes); anything else waits for a stop.
      if (request.allocation !== undefined && onlyAllocationDiffers(existing, request)) {
        this.setAllocation(existing.id, request.allocation, 'the trader');
        return store.all();
      }
      throw new CodedError('BAD_REQUEST', `bot "${existing.name}" is running: stop it before changing it (only its allocation may change while it runs)`);
    }
    const at = this.now();
    const bot: BotDto = {
      id: existing?.id ?? `bot-${randomBytes(5).toString('hex')}`,
      name: request.name,
      strategy: definition.name,
      params: request.params,
      symbols: [...new Set(request.symbols)],
      timeframe: request.timeframe ?? ('timeframe' in definition ? definition.timeframe : '1Day'),
      allocation: request.allocation ?? existing?.allocation ?? DEFAULT_BOT_ALLOCATION,
      ...((request.protections ?? existing?.protections) ? { protections: request.protections ?? existing!.protections! } : {}),
      state: existing?.state ?? 'stopped',
      reason: existing?.reason ?? null,
      stateSince: existing?.stateSince ?? at,
      ordersSent: existing?.ordersSent ?? 0,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    store.save(bot);
    this.publish(bot);
    return store.all();
  }

  /**
   * Changes a bot's allocation (dollars), running or not: stored with the bot, and a running bot's ledger takes it at
   * once, so the order manager's risk path checks its next opening order against it. The trader's save and the
   * meta-allocator both come here. Nothing is sold: a bot holding more than its new allocation keeps its positions
   * and only its buys (and short sales) are refused until what it holds fits again.
   */
  setAllocation(id: string, allocation: string, by: string): BotDto {
    const bot = this.requireBot(id);
    const dollars = Number(allocation);
    if (!/^\d{1,12}(\.\d{1,2})?$/.test(allocation) || !(dollars > 0)) throw new CodedError('BAD_REQUEST', `an allocation must be dollars above 0 such as 20000 or 2500.50, not "${allocation}"`);
    if (bot.allocation === allocation) return bot;
    this.live.get(id)?.ledger.setAllocation(allocation);
    this.optionLive.get(id)?.ledger.setAllocation(allocation);
    const next: BotDto = { ...bot, allocation, updatedAt: this.now() };
    this.requireStore().save(next);
    this.options.log.info('bots', `bot ${bot.name}: allocation ${bot.allocation} -> ${allocation} (by ${by})`, { bot: id });
    this.publish(next);
    return next;
  }

  /** Bots running now (their strategies trade): the meta-allocator's arms. */
  runningIds(): string[] {
    return this.list()
      .filter((b) => b.state === 'running' && (this.live.has(b.id) || this.optionLive.has(b.id)))
      .map((b) => b.id);
  }

  /** A bot's allocation and P&L (realised plus unrealised, from its own ledger) in dollars, for the meta-allocator. */
  capitalOf(id: string): { allocation: number; pl: number } {
    const bot = this.requireBot(id);
    const f = this.figuresOf(bot);
    return { allocation: Number(bot.allocation), pl: Number(f.pl) };
  }

  delete(id: string): BotDto[] {
    const store = this.requireStore();
    if (this.live.has(id) || this.optionLive.has(id)) this.stopBot(id);
    if (!store.delete(id)) throw new CodedError('NOT_FOUND', `no bot ${id}`);
    this.framework?.deleteBot(id);
    this.equity?.deleteBot(id);
    return store.all();
  }

  /** Starts one bot: warm-up history, then the live stream. Refused while trading is halted or its source paused. */
  async startBot(id: string): Promise<BotDto> {
    const bot = this.requireBot(id);
    if (this.live.has(id) || this.optionLive.has(id)) return bot;
    const manager = this.options.orders().manager;
    const source = `bot:${id}`;
    if (manager.paused().includes(source)) throw new CodedError('UNAVAILABLE', `bot "${bot.name}" is paused after a broker rejection: resume it to trade again`);
    const risk = manager.riskState;
    if (risk.state === 'HALTED') throw new CodedError('UNAVAILABLE', `trading is halted (${risk.reason}): resume trading before starting bots`);
    if (manager.reconciliation && !manager.reconciliation.ok) throw new CodedError('UNAVAILABLE', 'start-up reconciliation found differences with the broker: bots stay off until they are resolved');
    if (OPTION_STRATEGIES.has(bot.strategy)) return this.startOptionBot(bot);
    const definition = await this.liveDefinition(bot);
    const params = definition.params.parse(parseParams(definition.params, bot.params));
    // The bot's own sub-ledger, rebuilt from the journal's fills of its orders: its portfolio view, and its rule
    // (sell only what it holds, spend only its allocation) in the order manager's risk path.
    const ledger = new BotLedger(source, bot.allocation, () => this.options.orders().manager.openOrders());
    // The host's limits, whatever the strategy does: request rate (the bot's and all bots') and inventory per symbol.
    const limitParams = botLimitParams(params);
    const limits = new BotOrderLimits({
      source,
      requestsPerMinute: limitParams.requestsPerMinute,
      maxInventory: limitParams.maxInventory,
      global: this.requestWindow,
      position: (symbol) => ledger.qty(symbol),
      openOrders: () => this.options.orders().manager.openOrders(),
      now: Date.now,
    });
    const execution = new OrderManagerExecution(() => this.options.orders().manager, ledger, () => this.options.orders().algos, limits);
    const framework = this.requireFramework();
    const needs = definition.needs ?? ['bars'];
    const wantsQuotes = needs.includes('quotes');
    const markouts = wantsQuotes ? new MarkoutBook() : undefined;
    execution.attach();
    const runner = new BotRunner({
      id,
      definition,
      params,
      symbols: bot.symbols,
      timeframe: bot.timeframe,
      execution,
      log: this.options.log,
      onEvent: (event) => this.onRunnerEvent(id, event),
      protections: bot.protections ?? {},
      locks: framework.locks(id),
      ...(markouts ? { markouts } : {}),
      onLock: (lock) => {
        framework.saveLock(id, lock);
        this.options.log.warn('bots', `bot ${bot.name} locked ${lock.scope === '*' ? 'entirely' : lock.scope}: ${lock.reason}`, { bot: id, until: lock.until });
      },
      onDecision: (decision) => {
        framework.addDecision(id, decision);
        // The bot's signals and orders reach the log too, with why (the Log tab, the log file).
        const what = [decision.side, decision.qty, decision.symbol].filter((x) => x !== undefined).join(' ');
        const line = `bot ${bot.name}: ${decision.code === 'ORDER_SENT' ? 'order sent' : `signal not sent (${decision.code})`}${what ? ` ${what}` : ''}: ${decision.reason}${decision.cause ? ` — because ${decision.cause}` : ''}`;
        this.options.log.info(source, line, { bot: id, ...(decision.orderId ? { clientOrderId: decision.orderId } : {}) });
      },
      onActivity: (t) => {
        const current = this.live.get(id);
        if (current) current.curve.record(t, Number(botFigures(current.ledger.snapshot(), [], (s) => current.runner.latestPrice(s)).equity));
      },
    });
    // The curve continues where the last run (or the last app session) left it.
    const curve = this.equity ? new EquityCurve(this.equity.load(id), this.equity.sink(id)) : new EquityCurve();
    const live: Live = { runner, execution, ledger, curve, release: undefined, markouts };
    this.live.set(id, live);
    this.setState(bot, 'starting', null);
    try {
      const monitor = this.staleQuotes;
      // The guard's reference: the SIP's NBBO on its own connection where there is one (demo); else it stays inactive.
      const nbbo = wantsQuotes ? this.options.marketData().nbboQuotes?.([...bot.symbols], (q) => monitor.onNbboQuote(q.symbol, q)) : undefined;
      const connected = await connectLiveBot(runner, this.options.marketData(), bot.symbols, bot.timeframe, definition.warmup(params as never), this.now, definition.extraBars?.(params as never) ?? [], {
        quotes: wantsQuotes,
        trades: needs.includes('trades'),
        news: needs.includes('news'),
        // The guard's IEX side: only worth feeding once a SIP reference exists to compare it with.
        tap: (symbol, t, bid, ask) => {
          if (monitor.active) monitor.onIexQuote(symbol, { t, bid, ask });
        },
      }).catch((error: unknown) => {
        nbbo?.();
        throw error;
      });
      const release = (): void => {
        connected();
        nbbo?.();
      };
      if (wantsQuotes) this.options.log.info(source, nbbo ? 'stale-quote guard: the SIP NBBO is subscribed beside the IEX quotes for this bot' : this.staleQuotes.status(), { bot: id });
      if (this.live.get(id) !== live) {
        // Stopped (or halted) while warming up.
        release();
        runner.stop();
        execution.detach();
        return this.requireBot(id);
      }
      live.release = release;
    } catch (error) {
      this.live.delete(id);
      runner.stop();
      execution.detach();
      const message = error instanceof Error ? error.message : String(error);
      this.setState(this.requireBot(id), 'error', `could not start: ${message}`);
      throw new CodedError('UNAVAILABLE', `bot "${bot.name}" could not start: ${message}`);
    }
    if (runner.state === 'error') return this.requireBot(id);
    return this.setState(this.requireBot(id), 'running', null);
  }

  stopBot(id: string): BotDto {
    const bot = this.requireBot(id);
    this.detach(id);
    return bot.state === 'stopped' ? bot : this.setState(bot, 'stopped', null);
  }

  /**
   * Stops the bot, then cancels its working orders at the broker but the exits protecting its positions
   * (stop-orders.ts): a stopped market maker's quotes would otherwise go on filling with nobody managing them.
   * Refused with TIMEOUT, the bot stopped, when some stayed open.
   */
  async stopAndCancel(id: string): Promise<{ bot: BotDto; canceled: number; kept: number }> {
    const bot = this.stopBot(id);
    const result = await cancelStoppedBotOrders(this.options.orders().manager, `bot:${id}`);
    if (result.open.length > 0) {
      throw new CodedError('TIMEOUT', `bot "${bot.name}" is stopped, but ${result.open.length} of its orders were still open after 15 s: ${result.open.slice(0, 5).join(', ')}. Cancel them in the Orders tab.`);
    }
    this.options.log.info('bots', `bot "${bot.name}" stopped; ${result.canceled} working order(s) cancelled, ${result.kept} protective exit(s) kept`, { bot: id });
    return { bot, canceled: result.canceled, kept: result.kept };
  }

  /** After a pause: the order manager takes the bot's orders again, and the bot starts. */
  async resume(id: string): Promise<BotDto> {
    const bot = this.requireBot(id);
    this.options.orders().manager.resumeSource(`bot:${id}`);
    if (bot.state !== 'stopped') this.setState(bot, 'stopped', null);
    return this.startBot(id);
  }

  /** The tray's and the GUI's all on/off: on starts every stopped or halted bot (paused ones wait for a resume). */
  async setAll(running: boolean): Promise<BotDto[]> {
    const bots = this.list();
    if (!running) {
      for (const bot of bots) if (this.live.has(bot.id) || this.optionLive.has(bot.id) || ACTIVE_STATES.has(bot.state)) this.stopBot(bot.id);
      return this.list();
    }
    const errors: string[] = [];
    for (const bot of bots) {
      if (bot.state !== 'stopped' && bot.state !== 'halted') continue;
      try {
        await this.startBot(bot.id);
      } catch (error) {
        errors.push(`${bot.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (errors.length > 0) throw new CodedError('UNAVAILABLE', errors.join('; '));
    return this.list();
  }

  private onRunnerEvent(id: string, event: RunnerEvent): void {
    const bot = this.store?.get(id);
    if (!bot) return;
    if (event.kind === 'order-sent') {
      const next = { ...bot, ordersSent: bot.ordersSent + 1, updatedAt: this.now() };
      this.requireStore().save(next);
      this.publish(next);
    } else if (event.kind === 'paused') {
      this.onPaused(id, event.reason);
    } else {
      this.detach(id);
      this.setState(bot, 'error', event.message);
    }
  }

  private onPaused(id: string, reason: string): void {
    const bot = this.store?.get(id);
    if (!bot || bot.state === 'paused') return;
    this.detach(id);
    this.setState(bot, 'paused', `${reason} — resume the bot to trade again`);
  }

  private haltAll(reason: string): void {
    for (const bot of this.store?.all() ?? []) {
      if (!ACTIVE_STATES.has(bot.state)) continue;
      this.detach(bot.id);
      this.setState(bot, 'halted', reason);
    }
  }

  /** An OptionsBot: one underlying (its first symbol), a decision a trading day, its orders under bot:<id>. */
  private startOptionBot(bot: BotDto): BotDto {
    const definition = OPTION_STRATEGIES.get(bot.strategy)!;
    const chains = this.options.optionChains;
    if (!chains) throw new CodedError('UNAVAILABLE', `bot "${bot.name}" trades options, and this workstation has no options service`);
    const underlying = bot.symbols[0];
    if (!underlying || bot.symbols.length !== 1) throw new CodedError('BAD_REQUEST', `${bot.strategy} trades one underlying: give the bot exactly one symbol`);
    const params = definition.params.parse(parseParams(definition.params, bot.params));
    const hosted = hostOptionBot({
      id: bot.id,
      definition,
      params,
      underlying,
      allocation: bot.allocation,
      manager: () => this.options.orders().manager,
      market: this.options.marketData,
      chains,
      log: this.options.log,
      now: this.now,
      onActions: (actions) => {
        const sent = actions.filter((a) => a.clientOrderId !== undefined).length;
        const latest = this.store?.get(bot.id);
        if (sent > 0 && latest) {
          const next = { ...latest, ordersSent: latest.ordersSent + sent, updatedAt: this.now() };
          this.requireStore().save(next);
          this.publish(next);
        }
      },
      onError: (error) => {
        this.detach(bot.id);
        const latest = this.store?.get(bot.id);
        if (latest) this.setState(latest, 'error', error instanceof Error ? error.message : String(error));
      },
    });
    this.optionLive.set(bot.id, hosted);
    return this.setState(bot, 'running', null);
  }

  /** The open bucket of a bot's equity curve to the database; a failure costs one point, never the stop. */
  private flushCurve(id: string, live: Live): void {
    try {
      live.curve.flush();
    } catch (error) {
      this.options.log.warn('bots', 'equity curve not stored', { bot: id, error: String(error) });
    }
  }

  private detach(id: string): void {
    const hosted = this.optionLive.get(id);
    if (hosted) {
      this.optionLive.delete(id);
      hosted.release();
    }
    const live = this.live.get(id);
    if (!live) return;
    this.live.delete(id);
    live.runner.stop();
    this.flushCurve(id, live);
    live.release?.();
    live.execution.detach();
  }

  /** A bot's protection locks, newest first: those in force now (`active`), or all it has had. */
  locks(id: string, active = true): ProtectionLock[] {
    this.requireBot(id);
    return this.requireFramework().locks(id, active ? this.clockOf(id) : undefined);
  }

  /** A running bot's own clock (the feed's time: simulated in demo), else the wall clock. */
  private clockOf(id: string): number {
    const clock = this.live.get(id)?.runner.clock;
    return clock !== undefined && clock > 0 ? clock : this.now();
  }

  /** The trader lifts a lock: new entries are allowed again at once (the running bot too). */
  unlock(id: string, lockId: string): ProtectionLock[] {
    const bot = this.requireBot(id);
    const at = this.clockOf(id);
    const lifted = this.requireFramework().liftLock(id, lockId, at);
    if (!lifted) throw new CodedError('NOT_FOUND', `bot "${bot.name}" has no lock ${lockId}`);
    this.live.get(id)?.runner.lift(lockId, at);
    this.options.log.info('bots', `lock lifted by the trader: ${lifted.reason}`, { bot: id, lock: lockId });
    return this.locks(id, true);
  }

  /** A bot's newest decisions: orders its signals became, and signals that did not, with the reason. */
  decisions(id: string, limit: number): Decision[] {
    this.requireBot(id);
    return this.requireFramework().decisions(id, limit);
  }

  /** Every bot's row figures, from its own ledger (rebuilt from the journal for a bot that is not running). */
  summaries(): BotSummaryDto[] {
    // The journal is read once for every stopped bot of this call (it was once per bot, every poll, on main's loop).
    let journal: Journal | undefined;
    const read = (): Journal | undefined => {
      const orders = this.options.orders();
      if (!orders.ready) return undefined;
      return (journal ??= { orders: orders.manager.orders(), fills: orders.manager.fills() });
    };
    return this.list().map((bot) => this.summaryOf(bot, this.figuresOf(bot, read)));
  }

  /** One bot in full for its detail view. */
  detail(id: string, limit: number): BotDetailDto {
    const bot = this.requireBot(id);
    const figures = this.figuresOf(bot);
    const live = this.live.get(id);
    const source = `bot:${id}`;
    const manager = this.options.orders().ready ? this.options.orders().manager : undefined;
    const orders = (manager?.orders() ?? []).filter((o) => o.source === source);
    const mine = new Set(orders.map((o) => o.clientOrderId));
    const fills = (manager?.fills() ?? []).filter((f) => f.clientOrderId !== null && mine.has(f.clientOrderId));
    const newestFirst = <T>(items: T[], at: (item: T) => number): T[] => items.sort((a, b) => at(b) - at(a)).slice(0, limit);
    return {
      summary: this.summaryOf(bot, figures),
      cash: figures.cash,
      positions: figures.positions,
      warmup: live ? live.runner.warmupProgress() : null,
      indicators: live ? live.runner.indicatorValues() : [],
      orders: newestFirst(orders, (o) => o.createdAt),
      fills: newestFirst(fills, (f) => f.at),
      equity: live ? live.curve.list() : (this.equity?.load(id) ?? []),
      locks: this.locks(id, false),
      clock: this.clockOf(id),
      decisions: this.decisions(id, limit),
      ...(live?.markouts && manager ? { microstructure: microstructureView(source, live.ledger.snapshot().positions, manager.openOrders(), live.markouts.stats(), live.execution.limits?.requests(), live.markouts.horizonMs / 1000) } : {}),
    };
  }

  /**
   * What a bot may run: the registry's strategies (bars, many symbols) and the OptionsBot strategies, which trade
   * the options of one underlying (the bot's first symbol) with a decision a session on the daily timeframe.
   */
  strategies(): StrategyInfoDto[] {
    const stock = [...STRATEGIES.values()].map((d): StrategyInfoDto => ({ name: d.name, description: d.description, timeframe: d.timeframe, params: paramSpace(d.params), family: d.family ?? 'stock', minSymbols: d.minSymbols ?? 1 }));
    const options = [...OPTION_STRATEGIES.values()].map((d): StrategyInfoDto => ({ name: d.name, description: d.description, timeframe: '1Day', params: paramSpace(d.params), family: d.family, minSymbols: 1 }));
    return [...stock, ...options];
  }

  /** Named symbol lists for a new bot: the demo exchange's whole market (in demo), then the saved watchlists. */
  async universes(): Promise<UniverseDto[]> {
    const market = this.options.marketData();
    const out: UniverseDto[] = [];
    const listed = await market.demoUniverse?.();
    // In demo: everything the exchange lists, and the parts shaped for strategies (large caps, sector ETFs, pairs...).
    if (listed && listed.length > 0) for (const u of demoUniverses(listed)) if (u.symbols.length > 0) out.push({ id: u.id, name: u.name, source: 'exchange', symbols: u.symbols });
    let watchlists: ReturnType<MarketDataApi['watchlists']> = [];
    try {
      watchlists = market.watchlists();
    } catch {
      // No database: no watchlists to offer.
    }
    for (const list of watchlists) if (list.symbols.length > 0) out.push({ id: `watchlist:${list.name}`, name: `Watchlist ${list.name}`, source: 'watchlist', symbols: list.symbols });
    return out;
  }

  private summaryOf(bot: BotDto, f: BotFigures): BotSummaryDto {
    return {
      id: bot.id,
      // An option strategy groups under its own family (OptionsBot, or ArbitrageBot for the two volatility arbitrages).
      family: STRATEGIES.get(bot.strategy)?.family ?? OPTION_STRATEGIES.get(bot.strategy)?.family ?? 'stock',
      allocation: bot.allocation,
      invested: f.invested,
      equity: f.equity,
      realizedPl: f.realizedPl,
      unrealizedPl: f.unrealizedPl,
      pl: f.pl,
      trades: f.trades,
      wins: f.wins,
      winRate: f.winRate,
      openPositions: f.positions.length,
      locks: this.framework ? this.framework.locks(bot.id, this.clockOf(bot.id)).length : 0,
      lastDecisions: this.framework ? this.framework.decisions(bot.id, 3) : [],
    };
  }

  /** A running bot's ledger and prices; otherwise its ledger rebuilt from the journal, holdings at cost (no live price). */
  private figuresOf(bot: BotDto, read?: () => Journal | undefined): BotFigures {
    if (OPTION_STRATEGIES.has(bot.strategy)) return this.optionFiguresOf(bot, read);
    const live = this.live.get(bot.id);
    if (live) return botFigures(live.ledger.snapshot(), live.ledger.fills(), (s) => live.runner.latestPrice(s));
    const orders = this.options.orders();
    const ledger = new BotLedger(`bot:${bot.id}`, bot.allocation, () => (orders.ready ? orders.manager.openOrders() : []));
    const journal = read ? read() : orders.ready ? { orders: orders.manager.orders(), fills: orders.manager.fills() } : undefined;
    if (journal) ledger.rebuild(journal.orders, journal.fills);
    return botFigures(ledger.snapshot(), ledger.fills(), () => undefined);
  }

  /**
   * An OptionsBot's figures from its option ledger (contracts at 100 shares): the running bot's, with the chain's
   * marks of its last decision and its settlements at expiry; a stopped bot's rebuilt from the journal, marked at
   * its last fills (its options past expiry settle when it runs again).
   */
  private optionFiguresOf(bot: BotDto, read?: () => Journal | undefined): BotFigures {
    const hosted = this.optionLive.get(bot.id);
    if (hosted) return optionBotFigures(hosted.ledger);
    const ledger = new OptionLedger(`bot:${bot.id}`, bot.allocation, bot.symbols[0] ?? '');
    const orders = this.options.orders();
    const journal = read ? read() : orders.ready ? { orders: orders.manager.orders(), fills: orders.manager.fills() } : undefined;
    if (journal) ledger.rebuild(journal.orders, journal.fills);
    return optionBotFigures(ledger);
  }

  private requireFramework(): BotFrameworkStore {
    if (!this.framework) throw new CodedError('UNAVAILABLE', 'bots are not running yet');
    return this.framework;
  }

  /** A running bot's own ledger (allocation, cash, positions, P&L) in exact decimal text; undefined when not running. */
  ledger(id: string): BotLedgerSnapshot | undefined {
    return this.live.get(id)?.ledger.snapshot();
  }

  /** A running bot's ledger fills (its orders' fills, by client order id). */
  ledgerFills(id: string): readonly FillRecord[] {
    return this.live.get(id)?.ledger.fills() ?? [];
  }

  private setState(bot: BotDto, state: BotState, reason: string | null): BotDto {
    const latest = this.store?.get(bot.id) ?? bot;
    const at = this.now();
    const next: BotDto = { ...latest, state, reason, stateSince: at, updatedAt: at };
    this.requireStore().save(next);
    this.options.log.info('bots', `bot ${latest.name} ${state}${reason ? `: ${reason}` : ''}`, { bot: bot.id });
    this.publish(next);
    return next;
  }

  private publish(bot: BotDto): void {
    this.options.hub.publish('bots.state', bot);
    for (const listener of this.listeners) {
      try {
        listener(bot);
      } catch (error) {
        this.options.log.warn('bots', 'a bot listener failed', { error: String(error) });
      }
    }
  }

  /**
   * The definition a live bot runs: the registry's, except etf-basket-arb on a whole demo basket (`demo:<ETF>`) in
   * demo, which takes the demo exchange's holdings weights as its weights file.
   */
  private async liveDefinition(bot: BotDto): Promise<StrategyDefinition> {
    const definition = this.definition(bot.strategy);
    if (bot.strategy !== etfBasketArb.name) return definition;
    const weights = demoBasketWeights(bot.symbols);
    if (!weights || !(await this.options.marketData().demoUniverse?.())?.length) return definition;
    this.options.log.info('bots', `bot ${bot.name}: etf-basket-arb uses the demo exchange's holdings weights for ${bot.symbols[0]}`, { bot: bot.id, weights: weights.map((w) => `${w.symbol} ${w.weight.toFixed(4)}`).join(', ') });
    return etfBasketArbWith(weights);
  }

  private definition(name: string): StrategyDefinition {
    const definition = STRATEGIES.get(name);
    if (!definition) throw new CodedError('BAD_REQUEST', `no strategy "${name}" (known: ${[...STRATEGIES.keys()].join(', ')})`);
    return definition;
  }

  private requireBot(id: string): BotDto {
    const bot = this.requireStore().get(id);
    if (!bot) throw new CodedError('NOT_FOUND', `no bot ${id}`);
    return bot;
  }

  private requireStore(): BotStore {
    if (!this.store) throw new CodedError('UNAVAILABLE', 'bots are not running yet');
    return this.store;
  }
}
