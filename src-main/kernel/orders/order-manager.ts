import { Decimal } from 'decimal.js';
import { randomBytes } from 'node:crypto';
import { orderIntent, type OrderIntent, type OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { amountText, qtyText } from '../../../src-shared/decimal-text.js';
import type { FillRecord, OrderRecord, PositionRecord } from '../../../src-shared/domain/order-record.js';
import { canTransition, isTerminal } from '../../../src-shared/domain/order-status.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { RiskContext, RiskDenialCode, RiskState } from '../risk/risk-types.js';
import { Cached } from './cached.js';
import type { OrderJournal } from './journal/order-journal.js';
import { OrderEventBus, type OrderLog } from './order-events.js';
import { FLAT, applyFill, positionFromFills, toPositionRecord, type PositionState } from './positions.js';
import { positionsAgree, type ReconciliationDifference, type ReconciliationReport } from './reconciliation.js';
import { sessionOf } from './session.js';
import { VenueError, type ExecutionVenue, type TradeUpdateStream, type VenueAccount, type VenueAsset, type VenueOrder, type VenuePosition, type VenueQuote, type VenueTradeUpdate } from './venue.js';

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

function newClientOrderId(now: EpochMs): string {
  return `ws-${now.toString(36)}-${randomBytes(6).toString('hex')}`;
}

function dec(text: string | null | undefined): Decimal {
  return new Decimal(text ?? '0');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  private readonly options: Required<Omit<OrderManagerOptions, 'afterJournalWrite' | 'journal' | 'venue' | 'risk' | 'log' | 'now'>>;
  private readonly inflight = new Map<string, Promise<SubmitResult>>();
  private readonly positions = new Map<string, PositionState>();
  private readonly pausedSources = new Set<string>();
  private readonly assets = new Map<string, Cached<VenueAsset | undefined>>();
  private readonly quotes = new Map<string, Cached<VenueQuote | undefined>>();
  private readonly account: Cached<VenueAccount>;
  private readonly clock: Cached<ReturnType<typeof sessionOf>>;
  private stream: TradeUpdateStream | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private backfilling: Promise<void> | undefined;
  private lastStreamEventAt = 0;
  private lastSyncAt: EpochMs | undefined;
  private peakEquity = new Decimal(0);
  private lastReport: ReconciliationReport | undefined;
  private stopped = false;
  /** Journaled orders whose first 'order' event waits until their request has left (see announceAfterSend). */
  private readonly unannounced = new Set<string>();
  private peakEquityDirty = false;

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
    };
    this.account = new Cached(() => this.venue.account(), 2_000, 30_000, this.now);
    this.clock = new Cached(async () => sessionOf(await this.venue.clock()), 15_000, 60_000, this.now);
    for (const source of JSON.parse(this.journal.getState('paused-sources') ?? '[]') as string[]) this.pausedSources.add(source);
    this.peakEquity = dec(this.journal.getState('peak-equity') ?? '0');
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

  stop(): void {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.stream?.stop();
    this.stream = undefined;
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

  openOrders(): OrderRecord[] {
    return this.journal.openOrders();
  }

  order(clientOrderId: string): OrderRecord | undefined {
    return this.journal.getOrder(clientOrderId);
  }

  fills(): FillRecord[] {
    return this.journal.allFills();
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
    const work = this.submitOnce(input, source, options);
    if (key !== undefined) {
      this.inflight.set(key, work);
      void work.finally(() => this.inflight.delete(key));
    }
    return work;
  }

  private async submitOnce(input: OrderIntentInput, source: string, options: SubmitOptions): Promise<SubmitResult> {
    const parsed = orderIntent.safeParse(input);
    if (!parsed.success) return { ok: false, code: 'INVALID_ORDER', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    const intent = parsed.data;
    const denied = await this.preTradeCheck(intent, source);
    if (denied) return denied;
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
    // The intent is durable (synchronous=FULL) before anything leaves the process.
    this.journal.insertOrder(record, options.requestKey);
    this.config.afterJournalWrite?.(record);
    const sent = this.send(record);
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
      this.persistPeakEquity();
    });
  }

  private persistPeakEquity(): void {
    if (!this.peakEquityDirty || !this.journal.db.open) return;
    this.peakEquityDirty = false;
    this.journal.setState('peak-equity', this.peakEquity.toString());
  }

  /** Every 'order' event but the deferred first one goes through here. */
  private emitOrder(record: OrderRecord): void {
    this.unannounced.delete(record.clientOrderId);
    this.events.emit('order', record);
  }

  /** The checks in front of every order; a denial is stored with its code and returned. */
  private async preTradeCheck(intent: OrderIntent, source: string): Promise<SubmitResult | undefined> {
    const refuse = (code: RiskDenialCode, message: string): SubmitResult => {
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
        context = await this.riskContext(intent);
      } catch (error) {
        lastError = error;
        await sleep(this.options.resolveDelayMs);
      }
    }
    if (!context) return refuse('RISK_DATA_UNAVAILABLE', `account, clock, asset or quote unavailable from the broker: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    const verdict = this.risk.evaluate(intent, context);
    if (!verdict.ok) return refuse(verdict.code, verdict.message);
    return undefined;
  }

  private async riskContext(intent: OrderIntent): Promise<RiskContext> {
    const symbol = intent.symbol ?? '';
    const [account, asset, quote, session] = await Promise.all([this.account.get(), this.assetOf(symbol), this.quoteOf(symbol), this.clock.get()]);
    const equity = dec(account.equity);
    if (equity.gt(this.peakEquity)) {
      // Kept in memory for this check; written after the request leaves (announceAfterSend) or by the next one.
      this.peakEquity = equity;
      this.peakEquityDirty = true;
    }
    const positions = new Map<string, Decimal>();
    const marks = new Map<string, Decimal>();
    for (const [s, p] of this.positions) {
      if (p.qty.isZero()) continue;
      positions.set(s, p.qty);
      const q = this.quotes.get(s)?.peek();
      marks.set(s, q ? dec(q.bid).plus(dec(q.ask)).div(2) : p.costBasis.div(p.qty).abs());
    }
    return {
      buyingPower: dec(account.buyingPower),
      equity,
      lastEquity: dec(account.lastEquity),
      peakEquity: this.peakEquity,
      accountBlocked: account.tradingBlocked || account.accountBlocked,
      shortingEnabled: account.shortingEnabled,
      positions,
      marks,
      quote: quote ? { bid: dec(quote.bid), ask: dec(quote.ask) } : undefined,
      asset,
      session,
    };
  }

  /**
   * What the ticket shows before sending: the checks `submit` would make and the estimated cost, with nothing
   * journaled, sent or stored as a denial (a preview is a question, not an attempt).
   */
  async preview(input: OrderIntentInput, source: string): Promise<OrderPreview> {
    const none = { referencePrice: null, estimatedCost: null, buyingPower: null, buyingPowerAfter: null, reducing: false };
    const parsed = orderIntent.safeParse(input);
    if (!parsed.success) return { ...none, verdict: { ok: false, code: 'INVALID_ORDER', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
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
      this.persistPeakEquity();
    } catch (error) {
      return { ...none, verdict: { ok: false, code: 'RISK_DATA_UNAVAILABLE', message: `account, clock, asset or quote unavailable from the broker: ${error instanceof Error ? error.message : String(error)}` } };
    }
    const far = context.quote ? (intent.side === 'sell' ? context.quote.bid : context.quote.ask) : undefined;
    const reference = intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : far;
    const cost = intent.notional !== undefined ? new Decimal(intent.notional) : reference && intent.qty !== undefined ? reference.times(intent.qty) : undefined;
    const verdict = this.risk.evaluate(intent, context);
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

  /** The broker's account and its positions' marks, for the account blotter and unrealised P&L. */
  async accountSnapshot(): Promise<{ account: VenueAccount; positions: VenuePosition[] }> {
    const [account, positions] = await Promise.all([this.account.refresh(), this.venue.positions()]);
    return { account, positions };
  }

  /** Fetches what the risk check reads (account, clock, assets, quotes) so the first order does not wait for it. */
  async warm(symbols: string[]): Promise<void> {
    await Promise.all([this.account.refresh(), this.clock.refresh(), ...symbols.flatMap((s) => [this.assetOf(s), this.quoteOf(s)])]);
  }

  private assetOf(symbol: string): Promise<VenueAsset | undefined> {
    let cached = this.assets.get(symbol);
    if (!cached) {
      cached = new Cached(() => this.venue.asset(symbol), 3_600_000, 86_400_000, this.now);
      this.assets.set(symbol, cached);
    }
    return cached.get();
  }

  private quoteOf(symbol: string): Promise<VenueQuote | undefined> {
    let cached = this.quotes.get(symbol);
    if (!cached) {
      cached = new Cached(() => this.venue.latestQuote(symbol), this.options.quoteTtlMs, this.options.quoteTtlMs * 5, this.now);
      this.quotes.set(symbol, cached);
    }
    return cached.get();
  }

  /** Sends a journaled order and settles its outcome; every attempt carries the same client order id. */
  private async send(initial: OrderRecord): Promise<SubmitResult> {
    let record = initial;
    for (let attempt = 1; attempt <= this.options.maxSendAttempts; attempt += 1) {
      try {
        const order = await this.venue.submit(record.intent, record.clientOrderId);
        return { ok: true, order: this.applyBrokerOrder(order, 'rest'), repeated: false };
      } catch (error) {
        const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
        this.journal.appendEvent(record.clientOrderId, this.now(), 'submit-error', { attempt, kind: failure.kind, code: failure.code, message: failure.message });
        if (failure.kind === 'rate-limited') {
          const wait = Math.min(failure.retryAfterMs ?? 1000, this.options.maxRateLimitWaitMs);
          this.log.warn('orders', 'rate limited: waiting for the reset, then resending with the same client order id', { clientOrderId: record.clientOrderId, waitMs: wait });
          await sleep(wait);
          continue;
        }
        if (failure.kind === 'duplicate-client-order-id' || failure.kind === 'unknown-outcome') {
          record = this.setStatus(record, 'unknown');
          const found = await this.lookup(record.clientOrderId);
          if (found === 'error') continue;
          if (found) return { ok: true, order: this.applyBrokerOrder(found, 'rest'), repeated: false };
          if (failure.kind === 'duplicate-client-order-id') continue;
          this.log.warn('orders', 'the broker has no order with this client order id: resending it with the same id', { clientOrderId: record.clientOrderId });
          continue;
        }
        return this.definitiveRejection(record, failure);
      }
    }
    this.log.error('orders', 'order outcome still unknown after every attempt: the watchdog keeps looking it up', { clientOrderId: record.clientOrderId });
    this.alert('ORDER_OUTCOME_UNKNOWN', `order ${record.clientOrderId} could not be confirmed; it stays "unknown" until the broker answers`, record.source);
    return { ok: true, order: this.journal.getOrder(record.clientOrderId) ?? record, repeated: false };
  }

  /** Looks an order up by client order id a few times: the order, undefined (the broker has none), or 'error'. */
  private async lookup(clientOrderId: string): Promise<VenueOrder | undefined | 'error'> {
    let lastError: unknown;
    for (let i = 0; i < this.options.resolveAttempts; i += 1) {
      try {
        const found = await this.venue.orderByClientOrderId(clientOrderId);
        if (found) return found;
        // A request still in flight somewhere may land after this lookup: look once more before resending.
        if (i >= 1) return undefined;
      } catch (error) {
        lastError = error;
        const wait = error instanceof VenueError && error.kind === 'rate-limited' ? Math.min(error.retryAfterMs ?? 1000, this.options.maxRateLimitWaitMs) : this.options.resolveDelayMs;
        await sleep(wait);
        continue;
      }
      await sleep(this.options.resolveDelayMs);
    }
    this.log.warn('orders', 'lookup by client order id failed', { clientOrderId, error: lastError instanceof Error ? lastError.message : String(lastError) });
    return 'error';
  }

  private definitiveRejection(record: OrderRecord, failure: VenueError): SubmitResult {
    const rejected: OrderRecord = { ...record, status: 'rejected', rejectCode: failure.code, rejectMessage: failure.message, updatedAt: this.now() };
    this.journal.updateOrder(rejected);
    this.emitOrder(rejected);
    if (!MANUAL_SOURCES.has(record.source)) {
      // Never retried in a loop: the bot stops until a person resumes it.
      this.pausedSources.add(record.source);
      this.journal.setState('paused-sources', JSON.stringify([...this.pausedSources]));
    }
    this.alert(failure.code, `order ${record.clientOrderId} rejected by the broker: ${failure.message}${MANUAL_SOURCES.has(record.source) ? '' : ` (${record.source} paused)`}`, record.source);
    return { ok: false, code: failure.code, message: failure.message, order: rejected };
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
    this.journal.updateOrder(next);
    this.emitOrder(next);
    return next;
  }

  // ---------------------------------------------------------------- cancel, replace, kill

  async cancel(clientOrderId: string): Promise<{ ok: true; order: OrderRecord } | { ok: false; code: string; message: string }> {
    let record = this.journal.getOrder(clientOrderId);
    if (!record) return { ok: false, code: 'ORDER_NOT_FOUND', message: `no order ${clientOrderId}` };
    if (isTerminal(record.status)) return { ok: true, order: record };
    if (!record.brokerOrderId) {
      const found = await this.lookup(clientOrderId);
      if (found && found !== 'error') record = this.applyBrokerOrder(found, 'rest');
      if (!record.brokerOrderId) return { ok: false, code: 'ORDER_NOT_AT_BROKER', message: 'the broker has not confirmed this order yet; try again in a moment' };
    }
    try {
      await this.venue.cancel(record.brokerOrderId);
    } catch (error) {
      const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
      if (failure.kind !== 'not-cancelable' && failure.kind !== 'not-found' && failure.kind !== 'unknown-outcome') return { ok: false, code: failure.code, message: failure.message };
    }
    const found = await this.lookup(clientOrderId);
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
    const denied = await this.preTradeCheck(parsed.data, source);
    if (denied) return denied;
    const at = this.now();
    const record: OrderRecord = { ...old, clientOrderId: newClientOrderId(at), brokerOrderId: null, source: old.source, intent: parsed.data, status: 'journaled', filledQty: '0', filledAvgPrice: null, brokerUpdatedAt: null, createdAt: at, updatedAt: at, external: false, rejectCode: null, rejectMessage: null, replacesClientOrderId: old.clientOrderId };
    this.journal.insertOrder(record);
    try {
      const order = await this.venue.replace(old.brokerOrderId, { ...changes, clientOrderId: record.clientOrderId });
      return { ok: true, order: this.applyBrokerOrder(order, 'rest'), repeated: false };
    } catch (error) {
      const failure = error instanceof VenueError ? error : new VenueError('unknown-outcome', 'NO_ANSWER', String(error));
      const found = failure.kind === 'unknown-outcome' ? await this.lookup(record.clientOrderId) : undefined;
      if (found && found !== 'error') return { ok: true, order: this.applyBrokerOrder(found, 'rest'), repeated: false };
      const code = failure.kind === 'not-cancelable' ? 'ORDER_NOT_REPLACEABLE' : failure.code;
      const rejected: OrderRecord = { ...record, status: 'rejected', rejectCode: code, rejectMessage: failure.message, updatedAt: this.now() };
      this.journal.updateOrder(rejected);
      this.emitOrder(rejected);
      // The original may have moved on (filled, say): take the broker's word for it.
      const original = await this.lookup(old.clientOrderId);
      if (original && original !== 'error') this.applyBrokerOrder(original, 'rest');
      return { ok: false, code, message: failure.message, order: rejected };
    }
  }

  /** Halts trading, cancels every open order and, if asked, closes every position. Works whatever the GUI does. */
  async killSwitch(options: { flatten: boolean; reason: string }): Promise<{ canceled: boolean; flattened: boolean; errors: string[] }> {
    this.risk.setState('HALTED', `kill switch: ${options.reason}`);
    this.alert('KILL_SWITCH', `kill switch tripped (${options.reason})${options.flatten ? ', flattening every position' : ''}`, 'kill-switch');
    const errors: string[] = [];
    let canceled = false;
    let flattened = false;
    try {
      await this.venue.cancelAll();
      canceled = true;
    } catch (error) {
      errors.push(`cancel all: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (options.flatten) {
      try {
        await this.venue.closeAllPositions();
        flattened = true;
      } catch (error) {
        errors.push(`close all positions: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    void this.backfill('kill switch');
    return { canceled, flattened, errors };
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
    this.account.invalidate();
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
      this.journal.updateOrder(next);
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
    this.journal.insertOrder(record);
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
    // Broker timestamps bound the queries (the broker's clock, which may not be ours).
    const highWater = this.journal.brokerHighWater();
    const margin = 60_000;
    try {
      for (const record of this.journal.openOrders()) {
        if (record.status === 'unknown' || record.status === 'journaled') {
          const found = await this.lookup(record.clientOrderId);
          if (found && found !== 'error') this.applyBrokerOrder(found, 'rest');
        }
      }
      const brokerOpen = await this.venue.listOrders({ status: 'open', limit: 500 });
      for (const order of brokerOpen) this.applyBrokerOrder(order, 'rest');
      const openIds = new Set(brokerOpen.flatMap((o) => [o.id, ...o.legs.map((l) => l.id)]));
      for (const record of this.journal.openOrders()) {
        if (!record.brokerOrderId || openIds.has(record.brokerOrderId)) continue;
        // Open here, closed there: the broker's final word, by client order id.
        const found = await this.lookup(record.clientOrderId);
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
      this.log.info('orders', 'backfill done', { reason, open: brokerOpen.length, recent: recent.length, fillsAdded: added });
    } catch (error) {
      this.log.warn('orders', 'backfill failed; the watchdog retries', { reason, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async watch(): Promise<void> {
    const open = this.journal.openOrders();
    if (open.length === 0) return;
    const quietFor = this.now() - Math.max(this.lastStreamEventAt, this.stream?.lastFrameAt ?? 0);
    const unsettled = open.some((o) => o.status === 'unknown' || o.status === 'journaled');
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
   * Compares the journal with the broker. Orders still journaled or unknown are settled by lookup (an unsent one
   * is sent now with its id if it is young, else abandoned); orders and positions the broker has and the journal
   * does not are imported as external; any other difference halts trading and is reported: nothing is "fixed".
   */
  async reconcile(): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { at: this.now(), ok: true, importedOrders: [], importedPositions: [], resolvedOrders: [], differences: [] };
    const pendingSends: OrderRecord[] = [];
    for (const record of this.journal.openOrders()) {
      if (record.status !== 'journaled' && record.status !== 'unknown') continue;
      const found = await this.lookup(record.clientOrderId);
      if (found === 'error') throw new Error(`cannot reach the broker to settle order ${record.clientOrderId}`);
      if (found) {
        this.applyBrokerOrder(found, 'rest');
        report.resolvedOrders.push(record.clientOrderId);
      } else if (this.now() - record.createdAt <= this.options.resendUnsentWithinMs) {
        pendingSends.push(record);
      } else {
        const abandoned: OrderRecord = { ...record, status: 'canceled', rejectCode: 'NOT_SENT_BEFORE_RESTART', rejectMessage: 'written to the journal but never reached the broker; too old to send after a restart', updatedAt: this.now() };
        this.journal.updateOrder(abandoned);
        report.resolvedOrders.push(record.clientOrderId);
      }
    }
    const known = new Set(this.journal.allOrders().map((o) => o.clientOrderId));
    const brokerOpen = await this.venue.listOrders({ status: 'open', limit: 500 });
    for (const order of brokerOpen) {
      if (!known.has(order.clientOrderId) && !this.journal.getByBrokerId(order.id)) report.importedOrders.push(order.clientOrderId);
      this.applyBrokerOrder(order, 'rest');
    }
    const brokerOpenIds = new Set(brokerOpen.flatMap((o) => [o.id, ...o.legs.map((l) => l.id)]));
    for (const record of this.journal.openOrders()) {
      if (!record.brokerOrderId || brokerOpenIds.has(record.brokerOrderId)) continue;
      const found = await this.lookup(record.clientOrderId);
      if (found && found !== 'error') {
        this.applyBrokerOrder(found, 'rest');
      } else {
        report.differences.push({ kind: 'order', key: record.clientOrderId, local: record.status, broker: 'missing', message: `order ${record.clientOrderId} is ${record.status} here but the broker does not know it` });
      }
    }
    await this.backfill('start-up');
    this.rebuildPositions();
    const brokerPositions = await this.venue.positions();
    const seen = new Set<string>();
    for (const bp of brokerPositions) {
      seen.add(bp.symbol);
      const local = this.positions.get(bp.symbol);
      const hasHistory = this.journal.allFills().some((f) => f.symbol === bp.symbol) || this.journal.externalPositions().some((b) => b.symbol === bp.symbol);
      if (!hasHistory) {
        this.journal.setExternalPosition({ symbol: bp.symbol, qty: qtyText(bp.qty), costBasis: amountText(dec(bp.qty).isNegative() ? dec(bp.costBasis).abs().neg() : dec(bp.costBasis).abs()) });
        report.importedPositions.push(bp.symbol);
        continue;
      }
      if (!local || !positionsAgree(local, bp)) report.differences.push(this.positionDifference(bp.symbol, local, bp.qty, bp.costBasis));
    }
    for (const [symbol, local] of this.positions) {
      if (!seen.has(symbol) && !local.qty.isZero()) report.differences.push(this.positionDifference(symbol, local, '0', '0'));
    }
    this.rebuildPositions();
    report.ok = report.differences.length === 0;
    if (!report.ok) {
      this.risk.setState('HALTED', `reconciliation found ${report.differences.length} difference(s) with the broker`);
      this.alert('RECONCILIATION_DIFFERENCE', report.differences.map((d) => d.message).join('; '), 'reconciliation');
    }
    this.journal.appendEvent(null, this.now(), 'reconciliation', report);
    this.lastReport = report;
    this.events.emit('reconciliation', report);
    for (const record of pendingSends) {
      this.log.info('orders', 'sending an order journaled before the restart, with its original client order id', { clientOrderId: record.clientOrderId });
      await this.send(record);
    }
    return report;
  }

  private positionDifference(symbol: string, local: PositionState | undefined, brokerQty: string, brokerCost: string): ReconciliationDifference {
    const localQty = local ? qtyText(local.qty) : '0';
    return { kind: 'position', key: symbol, local: `${localQty} (cost ${local?.costBasis.toFixed(2) ?? '0.00'})`, broker: `${brokerQty} (cost ${dec(brokerCost).toFixed(2)})`, message: `${symbol}: ${localQty} here, ${brokerQty} at the broker` };
  }
}
