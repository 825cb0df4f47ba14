import { issuesInWords } from '../../../src-shared/ipc/field-words.js';
import { Decimal } from 'decimal.js';
import { randomBytes } from 'node:crypto';
import { OCC_SYMBOL, orderIntent, type OrderIntent, type OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { qtyText } from '../../../src-shared/decimal-text.js';
import type { FillRecord, OrderRecord, PositionRecord } from '../../../src-shared/domain/order-record.js';
import { canTransition, isTerminal } from '../../../src-shared/domain/order-status.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { RiskContext, RiskDenialCode, RiskState } from '../risk/risk-types.js';
import { StaleDataError } from './cached.js';
import { runBrokerKill, type KillResult } from './kill-switch.js';
import { SendAbort, SendRegistry } from './send-registry.js';
import { WorkingOrders } from './working-orders.js';
import type { OrderJournal } from './journal/order-journal.js';
import { OrderEventBus, type OrderLog } from './order-events.js';
import { FLAT, applyFill, positionFromFills, toPositionRecord, type PositionState } from './positions.js';
import { compareWithBroker, type ReconciliationReport } from './reconciliation.js';
import { OrderLookup } from './order-lookup.js';
import { RiskInputs } from './risk-inputs.js';
import { VenueError, type ExecutionVenue, type TradeUpdateStream, type VenueAccount, type VenueOrder, type VenuePosition, type VenueQuote, type VenueTradeUpdate } from './venue.js';

export interface OrderManagerOptions {
  journal: OrderJournal;
  venue: ExecutionVenue;
  risk: RiskEngine;
  log: OrderLog;
  now?: () => EpochMs;
  /** Lookups by client order id before an unknown order is resent (with the same id). */
  resolveAttempts?: number;
  resolveDelayMs?: number;
  /** Resends of one order after unknown outcomes or 429s before it is left "unknown" for the watchdog. */
  maxSendAttempts?: number;
  /** The longest wait for a rate-limit reset before giving up on this attempt. */
  maxRateLimitWaitMs?: number;
  /** Watchdog period, and how long a quiet stream with open orders may stay quiet before a poll. */
  watchdogMs?: number;
  silentAfterMs?: number;
  /** At start-up, an order journaled but never seen by the broker is sent (same id) only if this young. */
  resendUnsentWithinMs?: number;
  quoteTtlMs?: number;
  /** The oldest account snapshot (buying power, equity) the risk check may use while a refresh runs behind it. */
  accountMaxAgeMs?: number;
  /** The longest a stopping order path waits for requests already out (their answers are journaled). */
  drainMs?: number;
  /** The kill switch's broker retries: first and longest pause. */
  killBackoffMs?: { first: number; max: number };
  /** Test seam: runs after the journal write, before the request leaves (the kill -9 tests use it). */
  afterJournalWrite?: (order: OrderRecord) => void;
}

/** The ticket's preview: the risk engine's verdict (code OK when it passes) and the money, nothing sent. */
export interface OrderPreview {
  verdict: { ok: boolean; code: string; message: string };
  referencePrice: string | null;
  estimatedCost: string | null;
  buyingPower: string | null;
  buyingPowerAfter: string | null;
  reducing: boolean;
}

export type SubmitResult = { ok: true; order: OrderRecord; repeated: boolean } | { ok: false; code: string; message: string; order?: OrderRecord };

export interface SubmitOptions {
  /** The same key twice (a double click, a replayed IPC message) yields the first call's order, never a second. */
  requestKey?: string;
  parentClientOrderId?: string;
}

const MANUAL_SOURCES = new Set(['ticket', 'cli', 'kill-switch']);
/**
 * Rejections about the account's position or working orders (selling more than is held, a potential wash trade). A bot
 * sees its fills and the broker's working orders only as fast as the broker reports them, so with a slow broker one
 * of these can be a race, not a mistake: the bot is paused at the RACE_PAUSE_COUNT-th in RACE_WINDOW_MS, not the first.
 */
const POSITION_RACE_CODES = new Set(['INSUFFICIENT_QTY', 'WASH_TRADE']);
const RACE_PAUSE_COUNT = 3;
const RACE_WINDOW_MS = 60_000;

/**
 * A check one order source adds to the risk path (a bot's own ledger: what it holds, its allocation). It runs after
 * the risk engine passed the order, in the same tick as the working-quantity reservation, so the strategy cannot
 * get around it; a refusal is stored as a denial like the engine's.
 */
export type SourceCheck = (
  intent: OrderIntent,
  info: { referencePrice: Decimal | undefined; replacing: string | undefined; requestKey: string | undefined },
) => { ok: true } | { ok: false; code: RiskDenialCode; message: string };

/** An unsent order kept (status journaled) because trading was halted when it would have been sent after a restart. */
export const HELD_CODE = 'HELD_WHILE_HALTED';

export function isHeld(record: OrderRecord): boolean {
  return record.status === 'journaled' && record.rejectCode === HELD_CODE;
}

function newClientOrderId(now: EpochMs): string {
  return `ws-${now.toString(36)}-${randomBytes(6).toString('hex')}`;
}

function dec(text: string | null | undefined): Decimal {
  return new Decimal(text ?? '0');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A wait that ends early when `signal` aborts (a send's pause between attempts). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The order manager: every order passes the risk engine, is written to the journal with a client order id made
 * here, and only then sent. Outcomes that are not clear stay `unknown` until a lookup by that id settles them;
 * every resend reuses it. Broker events (stream or REST) are merged so that filled quantity only rises, a terminal
 * status is final, an older snapshot never undoes a newer event, and each execution counts once.
 */
export class OrderManager {
  readonly events = new OrderEventBus();
  private readonly journal: OrderJournal;
  private readonly venue: ExecutionVenue;
  private readonly risk: RiskEngine;
  private readonly log: OrderLog;
  private readonly now: () => EpochMs;
  private readonly options: Required<Omit<OrderManagerOptions, 'afterJournalWrite' | 'journal' | 'venue' | 'risk' | 'log' | 'now' | 'killBackoffMs' | 'accountMaxAgeMs'>>;
  /** Sends in progress: what the kill switch and shutdown can still stop. */
  private readonly sends = new SendRegistry();
  /** Quantity of orders not yet final, counted by the position limit. */
  private readonly working = new WorkingOrders();
  private killWork: Promise<KillResult> | undefined;
  private readonly inflight = new Map<string, Promise<SubmitResult>>();
  private readonly positions = new Map<string, PositionState>();
  private readonly pausedSources = new Set<string>();
  /** Per bot source, when its recent position-race rejections came (POSITION_RACE_CODES). */
  private readonly raceRejections = new Map<string, number[]>();
  /** Lookups by client order id that settle what no answer proved. */
  private readonly lookups: OrderLookup;
  /** What the risk check reads from the broker (cached, bounded in age) and the peak equity. */
  private readonly inputs: RiskInputs;
  private stream: TradeUpdateStream | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private backfilling: Promise<void> | undefined;
  private lastStreamEventAt = 0;
  private lastSyncAt: EpochMs | undefined;
  private lastReport: ReconciliationReport | undefined;
  private stopped = false;
  /** Journaled orders whose first 'order' event waits until their request has left (see announceAfterSend). */
  private readonly unannounced = new Set<string>();

  constructor(private readonly config: OrderManagerOptions) {
    this.journal = config.journal;
    this.venue = config.venue;
    this.risk = config.risk;
    this.log = config.log;
    this.now = config.now ?? Date.now;
    this.options = {
      resolveAttempts: config.resolveAttempts ?? 4,
      resolveDelayMs: config.resolveDelayMs ?? 250,
      maxSendAttempts: config.maxSendAttempts ?? 6,
      maxRateLimitWaitMs: config.maxRateLimitWaitMs ?? 65_000,
      watchdogMs: config.watchdogMs ?? 5_000,
      silentAfterMs: config.silentAfterMs ?? 15_000,
      resendUnsentWithinMs: config.resendUnsentWithinMs ?? 60_000,
      quoteTtlMs: config.quoteTtlMs ?? 1_000,
      drainMs: config.drainMs ?? 5_000,
    };
    this.lookups = new OrderLookup({ venue: this.venue, log: this.log, attempts: this.options.resolveAttempts, delayMs: this.options.resolveDelayMs, maxRateLimitWaitMs: this.options.maxRateLimitWaitMs });
    // Buying power and equity feed the risk check: used up to 5 s old (refreshed behind), never older (RISK_DATA_STALE).
    this.inputs = new RiskInputs({ venue: this.venue, journal: this.journal, now: this.now, quoteTtlMs: this.options.quoteTtlMs, accountMaxAgeMs: config.accountMaxAgeMs ?? 5_000 });
    for (const source of JSON.parse(this.journal.getState('paused-sources') ?? '[]') as string[]) this.pausedSources.add(source);
    const savedRisk = this.journal.getState('risk-state');
    if (savedRisk) {
      const { state, reason } = JSON.parse(savedRisk) as { state: RiskState; reason: string };
      this.risk.setState(state, reason);
    }
    this.risk.onStateChange((state, reason) => {
      this.journal.setState('risk-state', JSON.stringify({ state, reason }));
      this.journal.appendEvent(null, this.now(), 'risk-state', { state, reason });
      this.events.emit('risk', { state, reason });
    });
    this.rebuildPositions();
    this.working.reset(this.journal.openOrders(), (record) => this.notWorking(record));
  }

  /** A bracket's or OCO's leg (the child of another order), or a held order: reserves no quantity. */
  private notWorking(record: OrderRecord): boolean {
    if (isHeld(record)) return true;
    return record.parentClientOrderId !== null && this.journal.getOrder(record.parentClientOrderId) !== undefined;
  }

  /** Every order row written by the manager goes through these two, so the working quantities follow the journal. */
  private insertRecord(record: OrderRecord, requestKey?: string): void {
    this.journal.insertOrder(record, requestKey);
    this.working.track(record, this.notWorking(record));
  }

  private updateRecord(record: OrderRecord): void {
    this.journal.updateOrder(record);
    this.working.track(record, this.notWorking(record));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Connects the stream, reconciles with the broker, and starts the watchdog. */
  async start(): Promise<ReconciliationReport> {
    this.stopped = false;
    this.stream = this.venue.tradeUpdates();
    this.stream.start({
      update: (update) => this.onTradeUpdate(update),
      ready: () => {
        this.log.info('orders', 'trade_updates stream ready');
        this.events.emit('stream', { ready: true, reason: 'listening' });
        // Whatever happened while it was away is fetched now.
        if (this.lastSyncAt !== undefined) void this.backfill('stream reconnected');
      },
      down: (reason) => {
        this.log.warn('orders', 'trade_updates stream down: new orders wait for it', { reason });
        this.events.emit('stream', { ready: false, reason });
      },
    });
    const report = await this.reconcile();
    if (this.stopped) return report;
    this.watchdog = setInterval(() => {
      this.watch().catch((error: unknown) => this.log.warn('orders', 'watchdog pass failed', { error: error instanceof Error ? error.message : String(error) }));
    }, this.options.watchdogMs);
    this.watchdog.unref?.();
    return report;
  }

  /**
   * Stops the order path so its journal can be closed (mode switch, quit): new submits are refused, sends still
   * waiting their turn are stopped before they leave (cancelled here, code NOT_SENT_STOPPED), and requests already
   * out get up to `drainMs` for their answers to be journaled. Whatever is still out after that stays
   * journaled/unknown and is settled by lookup at the next start. Never rejects.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.stream?.stop();
    this.stream = undefined;
    this.stopQueuedSends(new SendAbort('NOT_SENT_STOPPED', 'the order path stopped (mode switch or quit) before this order left; it was never sent'));
    const drained = await this.sends.idle(this.options.drainMs);
    if (!drained) this.log.warn('orders', 'stopping with order requests still out: the next start settles them by lookup', { out: this.sends.writtenNow() });
  }

  /**
   * Aborts queued sends and cancels, in one transaction, those never sent. Returns their ids. Their 'order' events
   * go out on the next turn of the loop: the kill switch answers first.
   */
  private stopQueuedSends(reason: SendAbort): string[] {
    const stopped = this.sends.abortQueued(reason);
    if (!this.journal.db.open) return [];
    const never = stopped.filter((s) => !s.everWritten).map((s) => s.clientOrderId);
    const canceled = this.journal.cancelJournaled(never, reason.code, reason.message, this.now());
    for (const record of canceled) this.working.track(record, true);
    for (const record of canceled) this.unannounced.delete(record.clientOrderId);
    setImmediate(() => {
      for (const record of canceled) this.events.emit('order', record);
    });
    return canceled.map((r) => r.clientOrderId);
  }

  get streamReady(): boolean {
    return this.stream?.isReady ?? false;
  }

  get riskState(): { state: RiskState; reason: string } {
    return { state: this.risk.state, reason: this.risk.stateReason };
  }

  get reconciliation(): ReconciliationReport | undefined {
    return this.lastReport;
  }

  orders(): OrderRecord[] {
    return this.journal.allOrders();
  }

  /** One page of the journal's orders, newest first (the blotter's `orders.list`); undefined for an unknown cursor. */
  ordersPage(query: { limit: number; before?: string; open?: boolean }): OrderRecord[] | undefined {
    return this.journal.ordersPage(query);
  }

  openOrders(): OrderRecord[] {
    return this.journal.openOrders();
  }

  order(clientOrderId: string): OrderRecord | undefined {
    return this.journal.getOrder(clientOrderId);
  }

  fills(): FillRecord[] {
    return this.journal.allFills();
  }

  /** One symbol's quantity as positionRecords states it, without building every record (a bot's check reads it per order). */
  positionQty(symbol: string): Decimal {
    const p = this.positions.get(symbol);
    return new Decimal(p ? qtyText(p.qty) : '0');
  }

  positionRecords(): PositionRecord[] {
    return [...this.positions].filter(([, p]) => !p.qty.isZero() || !p.realizedPl.isZero()).map(([symbol, p]) => toPositionRecord(symbol, p)).sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  recentDenials(limit: number): ReturnType<OrderJournal['recentDenials']> {
    return this.journal.recentDenials(limit);
  }

  paused(): string[] {
    return [...this.pausedSources];
  }

  /** Adds (or with undefined removes) the extra check of one order source; see SourceCheck. */
  setSourceCheck(source: string, check: SourceCheck | undefined): void {
    if (check) this.sourceChecks.set(source, check);
    else this.sourceChecks.delete(source);
  }

  private readonly sourceChecks = new Map<string, SourceCheck>();

  resumeSource(source: string): void {
    this.pausedSources.delete(source);
    this.journal.setState('paused-sources', JSON.stringify([...this.pausedSources]));
  }

  halt(reason: string): void {
    this.risk.setState('HALTED', reason);
  }

  /** Back to ACTIVE after a halt: only by a person (GUI or CLI), never automatically. */
  resumeTrading(reason: string): void {
    this.risk.setState('ACTIVE', reason);
  }

  // ---------------------------------------------------------------- submit

  submit(input: OrderIntentInput, source: string, options: SubmitOptions = {}): Promise<SubmitResult> {
    const key = options.requestKey;
    if (key !== undefined) {
      // Registered before the first await: a second call with the same key joins the first.
      const running = this.inflight.get(key);
      if (running) return running.then((result) => (result.ok ? { ...result, repeated: true } : result));
      const stored = this.journal.getByRequestKey(key);
      if (stored) return Promise.resolve({ ok: true, order: stored, repeated: true });
    }
    const work = this.submitOnce(input, source, options).catch((error: unknown): SubmitResult => {
      // Never a rejection: a caller that stopped listening (a bot, a closed connection) must not leave one unhandled.
      const message = error instanceof Error ? error.message : String(error);
      if (this.stopped) return { ok: false, code: 'ORDERS_STOPPING', message: `the order path stopped while this order was in progress: ${message}` };
      this.log.error('orders', 'submit failed unexpectedly', { error: message });
      return { ok: false, code: 'INTERNAL', message };
    });
    if (key !== undefined) {
      this.inflight.set(key, work);
      const forget = (): void => {
        this.inflight.delete(key);
      };
      work.then(forget, forget);
    }
    return work;
  }

  private async submitOnce(input: OrderIntentInput, source: string, options: SubmitOptions): Promise<SubmitResult> {
    const parsed = orderIntent.safeParse(input);
    if (!parsed.success) return { ok: false, code: 'INVALID_ORDER', message: issuesInWords(parsed.error.issues) };
    const intent = parsed.data;
    if (this.stopped) return { ok: false, code: 'ORDERS_STOPPING', message: 'the order path is stopping (mode switch or quit): nothing new is sent' };
    const check = await this.preTradeCheck(intent, source, undefined, options.requestKey);
    if (!check.ok) return check;
    if (this.stopped) {
      this.working.settle(check.reservation);
      return { ok: false, code: 'ORDERS_STOPPING', message: 'the order path is stopping (mode switch or quit): nothing new is sent' };
    }
    const at = this.now();
    const record: OrderRecord = {
      clientOrderId: newClientOrderId(at),
      brokerOrderId: null,
      source,
      intent,
      status: 'journaled',
      filledQty: '0',
      filledAvgPrice: null,
      brokerUpdatedAt: null,
      createdAt: at,
      updatedAt: at,
      external: false,
      rejectCode: null,
      rejectMessage: null,
      replacesClientOrderId: null,
      parentClientOrderId: options.parentClientOrderId ?? null,
    };
    // The intent is durable (a FULL commit) before anything leaves the process: intents written in the same turn
    // of the event loop share that commit's fsync (group commit, see insertOrderGrouped).
    let stored = false;
    let durable: Promise<void>;
    try {
      durable = this.journal.insertOrderGrouped(record, options.requestKey);
      stored = true;
    } finally {
      // The journal row takes the reservation over; a failed write frees it.
      this.working.settle(check.reservation, stored ? record.clientOrderId : undefined);
    }
    // The send is registered before the wait for the group commit, so a kill switch tripped meanwhile stops it
    // (it aborts every registered send) instead of letting it leave after the trip.
    const control = this.sends.open(record.clientOrderId);
    try {
      await durable;
    } catch (error) {
      control.close();
      throw error;
    }
    this.config.afterJournalWrite?.(record);
    const sent = this.send(record, control);
    this.announceAfterSend(record);
    return sent;
  }

  /**
   * Listeners (the GUI's contract validation, bots) hear about a journaled order once its request has been handed
   * to the socket: the event loop's check phase comes after the write. If the broker's answer is applied first,
   * that newer record is what they get and this one is dropped, so no listener sees the status go backwards.
   * The peak equity noticed by the risk check is stored then too: one fsync fewer before the request leaves.
   */
  private announceAfterSend(record: OrderRecord): void {
    this.unannounced.add(record.clientOrderId);
    setImmediate(() => {
      if (this.unannounced.delete(record.clientOrderId)) this.events.emit('order', record);
      this.inputs.persistPeakEquity();
    });
  }

  /** Every 'order' event but the deferred first one goes through here. */
  private emitOrder(record: OrderRecord): void {
    this.unannounced.delete(record.clientOrderId);
    this.events.emit('order', record);
  }

  /**
   * The checks in front of every order; a denial is stored with its code and returned. A pass reserves the order's
   * quantity in the same tick (see WorkingOrders): the caller settles the reservation. `replacing` is an order whose
   * quantity this one takes over (a replace, a held order being sent): its own reservation is not counted.
   */
  private async preTradeCheck(intent: OrderIntent, source: string, replacing?: string, requestKey?: string): Promise<{ ok: true; reservation: number } | { ok: false; code: string; message: string }> {
    const refuse = (code: RiskDenialCode, message: string): { ok: false; code: string; message: string } => {
      this.journal.recordDenial(this.now(), source, code, message, intent);
      this.log.warn('risk', `order denied: ${code}`, { source, code, message, symbol: intent.symbol });
      return { ok: false, code, message };
    };
    if (this.pausedSources.has(source)) return refuse('SOURCE_PAUSED', `${source} is paused after a broker rejection; resume it to trade again`);
    if (!this.lastReport) return refuse('NOT_RECONCILED', 'start-up reconciliation with the broker has not finished: no order is sent before it has');
    if (!this.streamReady) return refuse('STREAM_NOT_READY', 'the trade_updates stream is not authenticated: no order is sent until it is');
    let context: RiskContext | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt < 3 && !context; attempt += 1) {
      try {
        context = await this.riskContext(intent, replacing);
      } catch (error) {
        lastError = error;
        await sleep(this.options.resolveDelayMs);
      }
    }
    if (!context && lastError instanceof StaleDataError) return refuse('RISK_DATA_STALE', `account or quote too old to check against: ${lastError.message}`);
    if (!context) return refuse('RISK_DATA_UNAVAILABLE', `account, clock, asset or quote unavailable from the broker: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    // The context was gathered asynchronously: working quantities are read again now, in the tick of the decision.
    let verdict = this.risk.evaluate(intent, { ...context, working: this.working.all(replacing), source });
    if (!verdict.ok && verdict.code === 'PRICE_BAND' && (await this.refreshedStaleQuotes(intent))) {
      const fresh = await this.riskContext(intent, replacing).catch(() => undefined);
      if (fresh) verdict = this.risk.evaluate(intent, { ...fresh, working: this.working.all(replacing), source });
    }
    if (!verdict.ok) return refuse(verdict.code, verdict.message);
    const own = this.sourceChecks.get(source)?.(intent, { referencePrice: verdict.referencePrice, replacing, requestKey });
    if (own && !own.ok) return refuse(own.code, own.message);
    const qty = intent.qty !== undefined ? new Decimal(intent.qty) : verdict.referencePrice && intent.notional !== undefined ? new Decimal(intent.notional).div(verdict.referencePrice) : new Decimal(0);
    return { ok: true, reservation: this.working.reserve(intent.symbol ?? '', intent.side ?? 'buy', qty) };
  }

  /** See RiskInputs.refreshStaleQuotes; a failed fetch leaves the refusal made on the older quote. */
  private refreshedStaleQuotes(intent: OrderIntent): Promise<boolean> {
    return this.inputs.refreshStaleQuotes(intent).catch(() => false);
  }

  private riskContext(intent: OrderIntent, replacing?: string): Promise<RiskContext> {
    return this.inputs.context(intent, this.positions, this.working.all(replacing));
  }

  /**
   * What the ticket shows before sending: the checks `submit` would make and the estimated cost, with nothing
   * journaled, sent or stored as a denial (a preview is a question, not an attempt).
   */
  async preview(input: OrderIntentInput, source: string): Promise<OrderPreview> {
    const none = { referencePrice: null, estimatedCost: null, buyingPower: null, buyingPowerAfter: null, reducing: false };
    const parsed = orderIntent.safeParse(input);
    if (!parsed.success) return { ...none, verdict: { ok: false, code: 'INVALID_ORDER', message: issuesInWords(parsed.error.issues) } };
    const intent = parsed.data;
    const gate = this.pausedSources.has(source)
      ? { code: 'SOURCE_PAUSED', message: `${source} is paused after a broker rejection; resume it to trade again` }
      : !this.lastReport
        ? { code: 'NOT_RECONCILED', message: 'start-up reconciliation with the broker has not finished' }
        : !this.streamReady
          ? { code: 'STREAM_NOT_READY', message: 'the trade_updates stream is not authenticated' }
          : undefined;
    let context: RiskContext;
    try {
      context = await this.riskContext(intent);
      this.inputs.persistPeakEquity();
    } catch (error) {
      return { ...none, verdict: { ok: false, code: 'RISK_DATA_UNAVAILABLE', message: `account, clock, asset or quote unavailable from the broker: ${error instanceof Error ? error.message : String(error)}` } };
    }
    const verdict = this.risk.evaluate(intent, context);
    const far = context.quote ? (intent.side === 'sell' ? context.quote.bid : context.quote.ask) : undefined;
    const multiLeg = intent.orderClass === 'mleg';
    // A multi-leg package: its net price per spread, and what it takes of buying power is its worst loss at expiry.
    const reference = multiLeg ? (verdict.ok ? verdict.referencePrice : intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : undefined) : intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : far;
    const cost = multiLeg
      ? verdict.ok
        ? verdict.estimatedNotional
        : undefined
      : intent.notional !== undefined
        ? new Decimal(intent.notional)
        : reference && intent.qty !== undefined
          ? reference.times(intent.qty)
          : undefined;
    const reducing = verdict.ok && verdict.reducing;
    // An order that reduces a position frees buying power only when it fills: shown unchanged until then.
    const after = cost === undefined ? null : reducing ? context.buyingPower : context.buyingPower.minus(cost);
    return {
      verdict: gate ? { ok: false, ...gate } : verdict.ok ? { ok: true, code: 'OK', message: reducing ? 'passes every risk check (reduces a position)' : 'passes every risk check' } : { ok: false, code: verdict.code, message: verdict.message },
      referencePrice: reference?.toString() ?? null,
      estimatedCost: cost?.toFixed(2) ?? null,
      buyingPower: context.buyingPower.toFixed(2),
      buyingPowerAfter: after?.toFixed(2) ?? null,
      reducing,
    };
  }

  /**
   * Exercises a long option contract held here (POST /v2/positions/{symbol}/exercise): all of it, now. Refused here
   * when it is not an option, not held long, or trading is halted; the broker's refusals come back with their code.
   * The shares it delivers arrive as the broker's exercise activity; positions are fetched again behind it.
   */
  async exercise(symbol: string): Promise<{ ok: true; message: string } | { ok: false; code: string; message: string }> {
    const held = this.positions.get(symbol)?.qty;
    if (!OCC_SYMBOL.test(symbol)) return { ok: false, code: 'NOT_AN_OPTION', message: `${symbol} is not an option contract` };
    if (!held || !held.isPositive()) return { ok: false, code: 'NO_LONG_POSITION', message: `no long ${symbol} position here to exercise${held?.isNegative() ? ' (it is short: a short contract is assigned, not exercised)' : ''}` };
    if (this.risk.state === 'HALTED') return { ok: false, code: 'RISK_HALTED', message: `trading is halted: ${this.risk.stateReason}` };
    if (!this.venue.exercise) return { ok: false, code: 'UNSUPPORTED', message: 'this broker connection cannot exercise options' };
    try {
      await this.venue.exercise(symbol);
    } catch (error) {
      const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
      this.log.warn('orders', 'exercise refused', { symbol, code: failure.code, message: failure.message });
      return { ok: false, code: failure.code, message: failure.message };
    }
    this.journal.appendEvent(null, this.now(), 'exercise', { symbol, qty: held.toString() });
    this.log.info('orders', 'option exercise requested', { symbol, qty: held.toString() });
    this.inputs.invalidateAccount();
    void this.backfill('option exercised');
    return { ok: true, message: `exercise of ${held.toString()} ${symbol} sent: the broker delivers the shares (100 a contract) at the strike` };
  }

  /** The broker's account and its positions' marks, for the account blotter and unrealised P&L. */
  accountSnapshot(): Promise<{ account: VenueAccount; positions: VenuePosition[] }> {
    return this.inputs.accountSnapshot();
  }

  /** Fetches what the risk check reads (account, clock, assets, quotes) so the first order does not wait for it. */
  warm(symbols: string[]): Promise<void> {
    return this.inputs.warm(symbols);
  }

  /** A quote of this broker's live stream: the risk check reads it instead of fetching one (see RiskInputs.noteQuote). */
  noteQuote(symbol: string, quote: VenueQuote): void {
    this.inputs.noteQuote(symbol, quote);
  }

  /**
   * Sends a journaled order and settles its outcome; every attempt carries the same client order id. The send is
   * registered while it runs: the kill switch or a shutdown can stop it as long as no request of it is out, and no
   * resend starts once trading is halted.
   */
  private async send(initial: OrderRecord, opened?: ReturnType<SendRegistry['open']>): Promise<SubmitResult> {
    const control = opened ?? this.sends.open(initial.clientOrderId);
    try {
      return await this.sendAttempts(initial, control);
    } finally {
      control.close();
    }
  }

  private async sendAttempts(initial: OrderRecord, control: ReturnType<SendRegistry['open']>): Promise<SubmitResult> {
    let record = initial;
    for (let attempt = 1; attempt <= this.options.maxSendAttempts; attempt += 1) {
      if (control.aborted) return this.notSent(record, control.reason);
      if (attempt > 1 && this.risk.state === 'HALTED') {
        // Halted between attempts: no resend. An earlier attempt may have reached the broker: lookups settle it.
        return this.notSent(record, new SendAbort('RISK_HALTED', `trading was halted before this order could be resent: ${this.risk.stateReason}`));
      }
      try {
        const order = await this.venue.submit(record.intent, record.clientOrderId, control);
        control.nextAttempt();
        return { ok: true, order: this.applyBrokerOrder(order, 'rest'), repeated: false };
      } catch (error) {
        control.nextAttempt();
        const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
        if (failure.kind === 'not-sent') return this.notSent(record, control.reason);
        this.journal.appendEvent(record.clientOrderId, this.now(), 'submit-error', { attempt, kind: failure.kind, code: failure.code, message: failure.message });
        if (failure.kind === 'rate-limited') {
          const wait = Math.min(failure.retryAfterMs ?? 1000, this.options.maxRateLimitWaitMs);
          this.log.warn('orders', 'rate limited: waiting for the reset, then resending with the same client order id', { clientOrderId: record.clientOrderId, waitMs: wait });
          await pause(wait, control.signal);
          continue;
        }
        if (failure.kind === 'duplicate-client-order-id' || failure.kind === 'unknown-outcome') {
          record = this.setStatus(record, 'unknown');
          const found = await this.lookups.one(record.clientOrderId);
          if (found === 'error') continue;
          if (found) return { ok: true, order: this.applyBrokerOrder(found, 'rest'), repeated: false };
          if (failure.kind === 'duplicate-client-order-id') continue;
          this.log.warn('orders', 'the broker has no order with this client order id: resending it with the same id', { clientOrderId: record.clientOrderId });
          continue;
        }
        return this.definitiveRejection(record, failure);
      }
    }
    if (control.aborted) return this.notSent(record, control.reason);
    this.log.error('orders', 'order outcome still unknown after every attempt: the watchdog keeps looking it up', { clientOrderId: record.clientOrderId });
    this.alert('ORDER_OUTCOME_UNKNOWN', `order ${record.clientOrderId} could not be confirmed; it stays "unknown" until the broker answers`, record.source);
    return { ok: true, order: this.journal.getOrder(record.clientOrderId) ?? record, repeated: false };
  }

  /**
   * A send stopped before (another) request left. Never sent at all: cancelled here with the stop's code (the kill
   * switch or shutdown may have done so already). An earlier attempt may have reached the broker (unknown): it stays
   * unknown for the lookups to settle, and the kill switch's broker work cancels it there if it landed.
   */
  private notSent(record: OrderRecord, reason: SendAbort | undefined): SubmitResult {
    const why = reason ?? new SendAbort('NOT_SENT', 'the order was stopped before its request left');
    const current = this.journal.db.open ? (this.journal.getOrder(record.clientOrderId) ?? record) : record;
    if (current.status === 'journaled' && this.journal.db.open) {
      const canceled: OrderRecord = { ...current, status: 'canceled', rejectCode: why.code, rejectMessage: why.message, updatedAt: this.now() };
      this.updateRecord(canceled);
      this.emitOrder(canceled);
      return { ok: false, code: why.code, message: why.message, order: canceled };
    }
    if (current.status === 'unknown') return { ok: false, code: why.code, message: `${why.message}; an earlier attempt may have reached the broker: the order stays "unknown" until a lookup settles it`, order: current };
    return { ok: false, code: why.code, message: why.message, order: current };
  }

  private definitiveRejection(record: OrderRecord, failure: VenueError): SubmitResult {
    const rejected: OrderRecord = { ...record, status: 'rejected', rejectCode: failure.code, rejectMessage: failure.message, updatedAt: this.now() };
    this.updateRecord(rejected);
    this.emitOrder(rejected);
    const bot = !MANUAL_SOURCES.has(record.source);
    if (bot && this.toleratedRace(record.source, failure.code)) {
      // Not resent (a strategy decides again on its next data); the bot keeps running and sees the rejection.
      this.log.warn('orders', `order ${record.clientOrderId} rejected by the broker: ${failure.message} (a race with the broker's position is possible; ${record.source} is paused once ${RACE_PAUSE_COUNT} such rejections come within ${RACE_WINDOW_MS / 1000} s)`, { code: failure.code, source: record.source });
      return { ok: false, code: failure.code, message: failure.message, order: rejected };
    }
    if (bot) {
      // Never retried in a loop: the bot stops until a person resumes it.
      this.pausedSources.add(record.source);
      this.journal.setState('paused-sources', JSON.stringify([...this.pausedSources]));
    }
    this.alert(failure.code, `order ${record.clientOrderId} rejected by the broker: ${failure.message}${bot ? ` (${record.source} paused)` : ''}`, record.source);
    return { ok: false, code: failure.code, message: failure.message, order: rejected };
  }

  /** Whether this position-race rejection is still below the count that pauses its bot (it is counted either way). */
  private toleratedRace(source: string, code: string): boolean {
    if (!POSITION_RACE_CODES.has(code)) return false;
    const at = this.now();
    const recent = (this.raceRejections.get(source) ?? []).filter((t) => at - t < RACE_WINDOW_MS);
    recent.push(at);
    this.raceRejections.set(source, recent);
    return recent.length < RACE_PAUSE_COUNT;
  }

  private alert(code: string, message: string, source: string): void {
    this.log.warn('orders', message, { code, source });
    this.journal.appendEvent(null, this.now(), 'alert', { code, message, source });
    this.events.emit('alert', { code, message, source, at: this.now() });
  }

  private setStatus(record: OrderRecord, status: OrderRecord['status']): OrderRecord {
    const current = this.journal.getOrder(record.clientOrderId) ?? record;
    if (current.status !== 'journaled' && current.status !== 'unknown') return current;
    const next = { ...current, status, updatedAt: this.now() };
    this.updateRecord(next);
    this.emitOrder(next);
    return next;
  }

  // ---------------------------------------------------------------- cancel, replace, kill

  async cancel(clientOrderId: string): Promise<{ ok: true; order: OrderRecord } | { ok: false; code: string; message: string }> {
    let record = this.journal.getOrder(clientOrderId);
    if (!record) return { ok: false, code: 'ORDER_NOT_FOUND', message: `no order ${clientOrderId}` };
    if (isTerminal(record.status)) return { ok: true, order: record };
    if (!record.brokerOrderId) {
      const found = await this.lookups.one(clientOrderId);
      if (found && found !== 'error') record = this.applyBrokerOrder(found, 'rest');
      if (!record.brokerOrderId) return { ok: false, code: 'ORDER_NOT_AT_BROKER', message: 'the broker has not confirmed this order yet; try again in a moment' };
    }
    try {
      await this.venue.cancel(record.brokerOrderId);
    } catch (error) {
      const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
      if (failure.kind !== 'not-cancelable' && failure.kind !== 'not-found' && failure.kind !== 'unknown-outcome') return { ok: false, code: failure.code, message: failure.message };
    }
    const found = await this.lookups.one(clientOrderId);
    if (found && found !== 'error') record = this.applyBrokerOrder(found, 'rest');
    return { ok: true, order: record };
  }

  async replace(clientOrderId: string, changes: { qty?: string; limitPrice?: string; stopPrice?: string; timeInForce?: string }, source: string): Promise<SubmitResult> {
    const old = this.journal.getOrder(clientOrderId);
    if (!old || !old.brokerOrderId) return { ok: false, code: 'ORDER_NOT_FOUND', message: `no confirmed order ${clientOrderId}` };
    if (isTerminal(old.status)) return { ok: false, code: 'ORDER_NOT_REPLACEABLE', message: `order is ${old.status}` };
    const candidate = { ...old.intent, ...(changes.qty ? { qty: changes.qty } : {}), ...(changes.limitPrice ? { limitPrice: changes.limitPrice } : {}), ...(changes.stopPrice ? { stopPrice: changes.stopPrice } : {}), ...(changes.timeInForce ? { timeInForce: changes.timeInForce } : {}) };
    const parsed = orderIntent.safeParse(candidate);
    if (!parsed.success) return { ok: false, code: 'INVALID_ORDER', message: parsed.error.issues.map((i) => i.message).join('; ') };
    // The replacement takes the old order's place: the old one's working quantity is not counted against it.
    const check = await this.preTradeCheck(parsed.data, source, old.clientOrderId);
    if (!check.ok) return check;
    const at = this.now();
    const record: OrderRecord = { ...old, clientOrderId: newClientOrderId(at), brokerOrderId: null, source: old.source, intent: parsed.data, status: 'journaled', filledQty: '0', filledAvgPrice: null, brokerUpdatedAt: null, createdAt: at, updatedAt: at, external: false, rejectCode: null, rejectMessage: null, replacesClientOrderId: old.clientOrderId };
    // Durable before it leaves, in a group commit as submits are: a quoting bot replaces its bid and ask in the
    // same turn of the loop, and the two share one fsync instead of the second waiting behind the first's.
    let durable: Promise<void>;
    try {
      durable = this.journal.insertOrderGrouped(record);
      this.working.track(record, this.notWorking(record));
    } finally {
      this.working.settle(check.reservation);
    }
    // Registered like a send, before the wait for the commit: a replace waiting there or in the rate limiter when
    // the kill switch trips never leaves.
    const control = this.sends.open(record.clientOrderId);
    try {
      await durable;
    } catch (error) {
      control.close();
      throw error;
    }
    try {
      const order = await this.venue.replace(old.brokerOrderId, { ...changes, clientOrderId: record.clientOrderId }, control);
      return { ok: true, order: this.applyBrokerOrder(order, 'rest'), repeated: false };
    } catch (error) {
      const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
      if (failure.kind === 'not-sent') {
        // The trip (or shutdown) already cancelled the replacement here; the original stays as it was at the broker.
        const reason = control.reason;
        return { ok: false, code: reason?.code ?? failure.code, message: reason?.message ?? failure.message, ...(this.journal.db.open ? { order: this.journal.getOrder(record.clientOrderId) ?? record } : {}) };
      }
      const found = failure.kind === 'unknown-outcome' ? await this.lookups.one(record.clientOrderId) : undefined;
      if (found && found !== 'error') return { ok: true, order: this.applyBrokerOrder(found, 'rest'), repeated: false };
      const code = failure.kind === 'not-cancelable' ? 'ORDER_NOT_REPLACEABLE' : failure.code;
      const rejected: OrderRecord = { ...record, status: 'rejected', rejectCode: code, rejectMessage: failure.message, updatedAt: this.now() };
      this.updateRecord(rejected);
      this.emitOrder(rejected);
      // The original may have moved on (filled, say): take the broker's word for it.
      const original = await this.lookups.one(old.clientOrderId);
      if (original && original !== 'error') this.applyBrokerOrder(original, 'rest');
      return { ok: false, code, message: failure.message, order: rejected };
    } finally {
      control.close();
    }
  }

  /**
   * The kill switch. At once, in this tick: trading halts; every send still waiting its turn (rate limiter, pause
   * between attempts) is stopped before it leaves and, with every held order, cancelled here (code
   * KILL_SWITCH_NOT_SENT) in one transaction; listeners stop every algo and bot ('kill' event). The answer lists what
   * was stopped here and what was already at the broker. Then, in the background, the broker work: cancel the open
   * orders (with flatten: all of them, then close every position; without: all but the protective exits, see
   * killSelection), ahead of every other request, retried with backoff until the broker confirms.
   */
  async killSwitch(options: { flatten: boolean; reason: string }): Promise<KillResult> {
    const reason = `kill switch: ${options.reason}`;
    // One transaction for every row the trip writes (risk state, stopped orders, alert): one fsync, not four.
    const { stopped, atBroker } = this.journal.transaction(() => {
      this.risk.setState('HALTED', reason);
      const stoppedLocally = this.stopQueuedSends(new SendAbort('KILL_SWITCH_NOT_SENT', 'stopped by the kill switch before its request left; never sent'));
      const heldCanceled = this.cancelHeld('KILL_SWITCH_NOT_SENT', 'held order cancelled by the kill switch; never sent');
      const stoppedIds = new Set([...stoppedLocally, ...heldCanceled]);
      const out = new Set(this.sends.writtenNow());
      const brokerIds = this.journal
        .openOrders()
        .filter((o) => !stoppedIds.has(o.clientOrderId) && !isHeld(o) && (o.status !== 'journaled' || out.has(o.clientOrderId)))
        .map((o) => o.clientOrderId);
      this.alert('KILL_SWITCH', `kill switch tripped (${options.reason}): ${stoppedIds.size} order(s) stopped before leaving, ${brokerIds.length} at the broker${options.flatten ? ', flattening every position' : ', protective exits kept'}`, 'kill-switch');
      return { stopped: stoppedIds, atBroker: brokerIds };
    });
    this.events.emit('kill', { reason, flatten: options.flatten });
    const previous = this.killWork ?? Promise.resolve(undefined);
    const work = previous.then(() => this.brokerKill(options.flatten));
    this.killWork = work;
    return { canceled: false, flattened: false, errors: [], stoppedLocally: [...stopped], atBroker, brokerWork: 'in-progress' };
  }

  /** The kill switch's broker work, once it ends (tests, the CLI's wait): never rejects. */
  killSettled(): Promise<KillResult | undefined> {
    return this.killWork ?? Promise.resolve(undefined);
  }

  private async brokerKill(flatten: boolean): Promise<KillResult> {
    const result = await runBrokerKill({
      venue: this.venue,
      log: this.log,
      flatten,
      positions: () => new Map([...this.positions].map(([symbol, p]) => [symbol, p.qty])),
      isLeg: (order) => {
        const record = this.journal.getOrder(order.clientOrderId) ?? this.journal.getByBrokerId(order.id);
        return record ? record.parentClientOrderId !== null && this.journal.getOrder(record.parentClientOrderId) !== undefined : undefined;
      },
      requestsOut: () => this.sends.writtenNow().length,
      stopped: () => this.stopped,
      sleep,
      ...(this.config.killBackoffMs ? { backoffMs: this.config.killBackoffMs } : {}),
    }).catch((error: unknown) => ({ canceled: false, flattened: false, errors: [error instanceof Error ? error.message : String(error)], attempts: 0 }));
    if (this.journal.db.open) {
      this.alert(
        result.canceled ? 'KILL_SWITCH_DONE' : 'KILL_SWITCH_INCOMPLETE',
        result.canceled
          ? `kill switch: the broker confirmed the cancels${flatten ? (result.flattened ? ' and is closing every position' : '; positions NOT closed') : ' (protective exits kept)'} after ${result.attempts} pass(es)`
          : `kill switch: the broker cancels were not confirmed before the order path stopped (${result.errors.join('; ') || 'stopped'})`,
        'kill-switch',
      );
      void this.backfill('kill switch');
    }
    return { canceled: result.canceled, flattened: result.flattened, errors: result.errors, stoppedLocally: [], atBroker: [], brokerWork: 'done' };
  }

  // ---------------------------------------------------------------- held orders

  /** Unsent orders held because trading was halted when they would have been sent (after a restart). */
  heldOrders(): OrderRecord[] {
    return this.journal.openOrders().filter(isHeld);
  }

  /**
   * The trader's decision on a held order: 'send' runs it through the risk checks again (so it needs trading ACTIVE)
   * and sends it with its original client order id; 'cancel' cancels it here (it never reached the broker).
   */
  async releaseHeld(clientOrderId: string, action: 'send' | 'cancel'): Promise<SubmitResult> {
    const record = this.journal.getOrder(clientOrderId);
    if (!record || !isHeld(record)) return { ok: false, code: 'ORDER_NOT_HELD', message: `order ${clientOrderId} is not held` };
    if (action === 'cancel') {
      const canceled: OrderRecord = { ...record, status: 'canceled', rejectCode: 'HELD_CANCELED', rejectMessage: 'held order cancelled by the trader; never sent', updatedAt: this.now() };
      this.updateRecord(canceled);
      this.emitOrder(canceled);
      return { ok: true, order: canceled, repeated: false };
    }
    if (this.stopped) return { ok: false, code: 'ORDERS_STOPPING', message: 'the order path is stopping (mode switch or quit): nothing new is sent' };
    const check = await this.preTradeCheck(record.intent, record.source, clientOrderId);
    if (!check.ok) return { ...check, order: record };
    const current = this.journal.getOrder(clientOrderId);
    if (!current || !isHeld(current)) {
      this.working.settle(check.reservation);
      return { ok: false, code: 'ORDER_NOT_HELD', message: `order ${clientOrderId} is no longer held` };
    }
    const released: OrderRecord = { ...current, rejectCode: null, rejectMessage: null, updatedAt: this.now() };
    try {
      this.updateRecord(released);
    } finally {
      this.working.settle(check.reservation);
    }
    this.log.info('orders', 'sending a held order on the trader\'s decision, with its original client order id', { clientOrderId });
    return this.send(released);
  }

  /** Cancels every held order here (they never left). Returns their ids. */
  private cancelHeld(code: string, message: string): string[] {
    const held = this.heldOrders();
    const canceled = held.map((record): OrderRecord => ({ ...record, status: 'canceled', rejectCode: code, rejectMessage: message, updatedAt: this.now() }));
    this.journal.transaction(() => {
      for (const record of canceled) this.updateRecord(record);
    });
    for (const record of canceled) this.emitOrder(record);
    return canceled.map((r) => r.clientOrderId);
  }

  // ---------------------------------------------------------------- broker events

  private onTradeUpdate(update: VenueTradeUpdate): void {
    this.lastStreamEventAt = this.now();
    try {
      if ((update.event === 'fill' || update.event === 'partial_fill') && update.qty && update.price) {
        this.recordFill({
          executionId: update.executionId ?? `stream:${update.order.id}:${qtyText(update.order.filledQty)}`,
          brokerOrderId: update.order.id,
          clientOrderId: update.order.clientOrderId,
          symbol: update.order.symbol,
          side: update.order.side,
          qty: update.qty,
          price: update.price,
          cumQty: qtyText(update.order.filledQty),
          at: update.at,
          via: 'stream',
        });
      }
      this.applyBrokerOrder(update.order, 'stream');
    } catch (error) {
      this.log.error('orders', 'trade update could not be applied', { event: update.event, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private recordFill(fill: FillRecord): boolean {
    if (!this.journal.insertFill(fill)) return false;
    const position = this.positions.get(fill.symbol) ?? FLAT();
    this.positions.set(fill.symbol, applyFill(position, fill.side, fill.qty, fill.price));
    this.inputs.invalidateAccount();
    this.events.emit('fill', fill);
    return true;
  }

  /**
   * Merges one broker view of an order (stream event or REST snapshot) into the journal. Unknown orders are
   * imported as external; legs are recorded under their parent.
   */
  applyBrokerOrder(order: VenueOrder, via: 'rest' | 'stream', parent?: OrderRecord): OrderRecord {
    let record = this.journal.getOrder(order.clientOrderId) ?? this.journal.getByBrokerId(order.id);
    if (!record) {
      record = this.importOrder(order, parent);
    }
    const stale = record.brokerUpdatedAt !== null && order.updatedAt < record.brokerUpdatedAt;
    const brokerFilled = dec(order.filledQty);
    const localFilled = dec(record.filledQty);
    const filledRises = brokerFilled.gt(localFilled);
    let status = record.status;
    if (order.status !== record.status) {
      if (stale) {
        this.journal.appendEvent(record.clientOrderId, this.now(), 'stale-ignored', { via, from: record.status, to: order.status, updatedAt: order.updatedAt });
      } else if (canTransition(record.status, order.status)) {
        status = order.status;
      } else {
        this.log.warn('orders', 'illegal order transition ignored', { clientOrderId: record.clientOrderId, from: record.status, to: order.status, via });
        this.journal.appendEvent(record.clientOrderId, this.now(), 'illegal-transition', { via, from: record.status, to: order.status });
      }
    }
    const next: OrderRecord = {
      ...record,
      brokerOrderId: order.id,
      status,
      filledQty: filledRises ? qtyText(brokerFilled) : record.filledQty,
      filledAvgPrice: filledRises ? order.filledAvgPrice : record.filledAvgPrice,
      brokerUpdatedAt: Math.max(record.brokerUpdatedAt ?? 0, order.updatedAt),
      updatedAt: this.now(),
    };
    const changed = next.status !== record.status || next.filledQty !== record.filledQty || next.brokerOrderId !== record.brokerOrderId || next.brokerUpdatedAt !== record.brokerUpdatedAt;
    if (changed) {
      this.updateRecord(next);
      this.emitOrder(next);
    }
    for (const leg of order.legs) this.applyBrokerOrder(leg, via, next);
    return next;
  }

  private importOrder(order: VenueOrder, parent: OrderRecord | undefined): OrderRecord {
    const intent = {
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      timeInForce: order.timeInForce,
      ...(order.qty ? { qty: order.qty } : {}),
      ...(order.notional ? { notional: order.notional } : {}),
      ...(order.limitPrice ? { limitPrice: order.limitPrice } : {}),
      ...(order.stopPrice ? { stopPrice: order.stopPrice } : {}),
      extendedHours: order.extendedHours,
      orderClass: parent ? 'simple' : order.orderClass,
    } as OrderIntent;
    const replaced = order.replaces ? this.journal.getByBrokerId(order.replaces) : undefined;
    const record: OrderRecord = {
      clientOrderId: order.clientOrderId || `broker-${order.id}`,
      brokerOrderId: null,
      source: parent?.source ?? replaced?.source ?? 'external',
      intent,
      status: order.status,
      filledQty: '0',
      filledAvgPrice: null,
      brokerUpdatedAt: null,
      createdAt: order.createdAt,
      updatedAt: this.now(),
      external: !parent && !replaced,
      rejectCode: null,
      rejectMessage: null,
      replacesClientOrderId: replaced?.clientOrderId ?? null,
      parentClientOrderId: parent?.clientOrderId ?? null,
    };
    this.insertRecord(record);
    if (record.external) this.log.info('orders', 'order created outside the workstation imported as external', { clientOrderId: record.clientOrderId, symbol: order.symbol });
    return record;
  }

  // ---------------------------------------------------------------- backfill and watchdog

  /** Fetches orders and FILL activities since the last sync, and merges them: what a lost stream missed. */
  backfill(reason: string): Promise<void> {
    if (this.backfilling) return this.backfilling;
    this.backfilling = this.runBackfill(reason).finally(() => {
      this.backfilling = undefined;
    });
    return this.backfilling;
  }

  private async runBackfill(reason: string): Promise<void> {
    const started = this.now();
    const margin = 60_000;
    try {
      // Broker timestamps bound the queries (the broker's clock, which may not be ours). Read inside the try: a
      // journal closed under a running backfill (shutdown) is a failed pass, never a rejection.
      const highWater = this.journal.brokerHighWater();
      const unsettled = this.journal.openOrders().filter((r) => (r.status === 'unknown' || r.status === 'journaled') && !isHeld(r));
      const settled = await this.lookups.many(unsettled);
      for (const found of settled.values()) if (found && found !== 'error') this.applyBrokerOrder(found, 'rest');
      const brokerOpen = await this.venue.listOrders({ status: 'open', limit: 500 });
      for (const order of brokerOpen) this.applyBrokerOrder(order, 'rest');
      const openIds = new Set(brokerOpen.flatMap((o) => [o.id, ...o.legs.map((l) => l.id)]));
      for (const record of this.journal.openOrders()) {
        if (!record.brokerOrderId || openIds.has(record.brokerOrderId)) continue;
        // Open here, closed there: the broker's final word, by client order id.
        const found = await this.lookups.one(record.clientOrderId);
        if (found && found !== 'error') this.applyBrokerOrder(found, 'rest');
      }
      const recent = await this.venue.listOrders({ status: 'all', limit: 500, ...(highWater.orders !== undefined ? { after: highWater.orders - margin } : {}) });
      for (const order of recent) this.applyBrokerOrder(order, 'rest');
      const fillsFrom = highWater.fills ?? highWater.orders;
      const fills = await this.venue.listFills(fillsFrom !== undefined ? fillsFrom - margin : undefined);
      let added = 0;
      for (const fill of fills) {
        const owner = this.journal.getByBrokerId(fill.orderId);
        const inserted = this.recordFill({
          executionId: `activity:${fill.id}`,
          brokerOrderId: fill.orderId,
          clientOrderId: owner?.clientOrderId ?? null,
          symbol: fill.symbol,
          side: fill.side,
          qty: fill.qty,
          price: fill.price,
          cumQty: qtyText(fill.cumQty),
          at: fill.at,
          via: 'backfill',
        });
        if (inserted) added += 1;
      }
      if (added > 0) this.rebuildPositions();
      this.lastSyncAt = started;
      // The watchdog's periodic pass (every few seconds while orders are open) is news only when it found fills.
      const routine = added === 0 && reason === 'quiet stream with open orders';
      if (!routine) this.log.info('orders', 'backfill done', { reason, open: brokerOpen.length, recent: recent.length, fillsAdded: added });
    } catch (error) {
      this.log.warn('orders', 'backfill failed; the watchdog retries', { reason, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async watch(): Promise<void> {
    const open = this.journal.openOrders();
    if (open.length === 0) return;
    const quietFor = this.now() - Math.max(this.lastStreamEventAt, this.stream?.lastFrameAt ?? 0);
    const unsettled = open.some((o) => (o.status === 'unknown' || o.status === 'journaled') && !isHeld(o));
    if (!this.streamReady || quietFor > this.options.silentAfterMs || unsettled) await this.backfill(this.streamReady ? 'quiet stream with open orders' : 'stream down');
  }

  private rebuildPositions(): void {
    this.positions.clear();
    const bySymbol = new Map<string, FillRecord[]>();
    for (const fill of this.journal.allFills()) {
      const list = bySymbol.get(fill.symbol) ?? [];
      list.push(fill);
      bySymbol.set(fill.symbol, list);
    }
    for (const base of this.journal.externalPositions()) {
      if (!bySymbol.has(base.symbol)) bySymbol.set(base.symbol, []);
    }
    const bases = new Map(this.journal.externalPositions().map((b) => [b.symbol, b]));
    for (const [symbol, fills] of bySymbol) {
      const base = bases.get(symbol);
      const start: PositionState = base ? { qty: dec(base.qty), costBasis: dec(base.costBasis), realizedPl: new Decimal(0) } : FLAT();
      this.positions.set(symbol, positionFromFills(start, fills));
    }
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * Compares the journal with the broker (see compareWithBroker: nothing is "fixed", a difference halts). Orders
   * journaled before the restart and never sent are then sent with their id if young, or held while trading is
   * halted: the trader decides (releaseHeld).
   */
  async reconcile(): Promise<ReconciliationReport> {
    const { report, pendingSends } = await compareWithBroker({
      journal: this.journal,
      venue: this.venue,
      lookups: this.lookups,
      now: this.now,
      resendUnsentWithinMs: this.options.resendUnsentWithinMs,
      positions: () => this.positions,
      isHeld,
      applyBrokerOrder: (order) => this.applyBrokerOrder(order, 'rest'),
      updateRecord: (record) => this.updateRecord(record),
      backfill: (reason) => this.backfill(reason),
      rebuildPositions: () => this.rebuildPositions(),
    });
    if (!report.ok) {
      this.risk.setState('HALTED', `reconciliation found ${report.differences.length} difference(s) with the broker`);
      this.alert('RECONCILIATION_DIFFERENCE', report.differences.map((d) => d.message).join('; '), 'reconciliation');
    }
    this.journal.appendEvent(null, this.now(), 'reconciliation', report);
    this.lastReport = report;
    this.events.emit('reconciliation', report);
    for (const record of pendingSends) {
      if (this.risk.state === 'HALTED') {
        // Never sent, and trading is halted (a kill switch before the restart, a difference found above): the
        // trader decides (releaseHeld), nothing leaves on its own.
        const held: OrderRecord = { ...record, rejectCode: HELD_CODE, rejectMessage: `journaled before the restart but never sent; held because trading is halted (${this.risk.stateReason}): send or cancel it`, updatedAt: this.now() };
        this.updateRecord(held);
        this.emitOrder(held);
        this.alert(HELD_CODE, `order ${record.clientOrderId} (${record.intent.side ?? ''} ${record.intent.qty ?? record.intent.notional ?? ''} ${record.intent.symbol ?? ''}) was never sent and is held while trading is halted: send or cancel it`, record.source);
        continue;
      }
      this.log.info('orders', 'sending an order journaled before the restart, with its original client order id', { clientOrderId: record.clientOrderId });
      await this.send(record);
    }
    return report;
  }
}
