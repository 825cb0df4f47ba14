import type { OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../src-shared/domain/order-record.js';
import { randomBytes } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { OrderManager } from '../kernel/orders/order-manager.js';
import type { BotLedger } from '../kernel/portfolio/bot-ledger.js';
import type { OrderChanges } from '../kernel/strategy/types.js';
import type { AlgoEngine } from '../kernel/algos/algo-engine.js';
import type { AlgoSpec } from '../kernel/algos/algo-types.js';
import type { BotOrderLimits } from './bot-order-limits.js';

/** What a submit, cancel or replace came to: the broker's order, or a refusal with its code. */
export type BotOrderResult = { ok: true; order: OrderRecord } | { ok: false; code: string; message: string; order?: OrderRecord };

/**
 * The order path a live bot uses: the order manager (risk engine, journal, venue) under the bot's source name,
 * plus the portfolio view its strategy reads: the bot's own ledger (its fills, its allocation), never the account's.
 */
export interface BotExecution {
  submit(intent: OrderIntent, source: string): Promise<BotOrderResult>;
  cancel(clientOrderId: string): Promise<BotOrderResult>;
  replace(clientOrderId: string, changes: OrderChanges, source: string): Promise<BotOrderResult>;
  position(symbol: string): number;
  /** The bot's own cash and equity (its allocation, less what it bought, plus what it sold and holds). */
  cash(): number;
  equity(): number;
  /** A bar's close, to mark what the bot holds. */
  mark?(symbol: string, price: number): void;
  refreshAccount(): Promise<void>;
  isPaused(source: string): boolean;
  onOrder(listener: (order: OrderRecord) => void): () => void;
  onFill(listener: (fill: FillRecord) => void): () => void;
  /** Starts an execution algo (a large order); its children go under `spec.source`. Absent: large orders go as market orders. */
  startAlgo?(spec: AlgoSpec): Promise<{ ok: true; id: string } | { ok: false; code: string; message: string }>;
  algoProgress?(id: string): { filledQty: number; status: string } | undefined;
  /** Lets the bot's ledger take short sales (its strategy trades long-short); absent: the execution cannot short. */
  allowShorts?(on: boolean): void;
}

/** Whether a strategy's parameters ask for short sales: the arbitrage strategies' `legs`, or the framework's `allowShort`. */
export function strategyShorts(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return false;
  const p = params as { legs?: unknown; allowShort?: unknown };
  return p.legs === 'long-short' || p.allowShort === true;
}

/**
 * The live BotExecution over the workstation's order manager and one bot's ledger. The ledger's check sits in the
 * manager's risk path for this source while the execution is attached; each submit carries a request key so the
 * ledger can hold its size from the passed check until the order's journal row counts instead.
 */
export class OrderManagerExecution implements BotExecution {
  private detachLedger: (() => void) | undefined;

  constructor(
    private readonly manager: () => OrderManager,
    private readonly ledger: BotLedger,
    private readonly algos?: () => AlgoEngine,
    /** The host's rate and inventory limits (bot-order-limits.ts), checked after the ledger's rule. */
    readonly limits?: BotOrderLimits,
  ) {}

  /** Rebuilds the ledger from the journal, follows new fills, and puts its check in the risk path. */
  attach(): void {
    const manager = this.manager();
    this.ledger.rebuild(manager.orders(), manager.fills());
    const off = manager.events.on('fill', (fill) => {
      if (fill.clientOrderId !== null) this.ledger.onFill(fill, manager.order(fill.clientOrderId));
    });
    const limits = this.limits;
    manager.setSourceCheck(
      this.ledger.source,
      limits
        ? (intent, info) => {
            // The ledger's rule first (it holds nothing on a refusal), then the rate and inventory limits, which count
            // the request only once the order will leave.
            const own = this.ledger.check(intent, info);
            if (!own.ok) return own;
            const verdict = limits.checkOrder(intent, info.replacing, info.requestKey ?? (info.replacing !== undefined ? `replace:${info.replacing}` : undefined));
            if (!verdict.ok && info.requestKey !== undefined) this.ledger.release(info.requestKey);
            return verdict;
          }
        : this.ledger.check,
    );
    this.ledger.useAccountPositions((symbol) => manager.positionQty(symbol));
    this.detachLedger = () => {
      off();
      manager.setSourceCheck(this.ledger.source, undefined);
      this.ledger.useAccountPositions(undefined);
    };
  }

  detach(): void {
    this.detachLedger?.();
    this.detachLedger = undefined;
  }

  async submit(intent: OrderIntent, source: string): Promise<BotOrderResult> {
    const quick = this.limits?.quickRefusal(false);
    if (quick && !quick.ok) return quick;
    const requestKey = `${source}:${randomBytes(8).toString('hex')}`;
    try {
      const result = await this.manager().submit(intent, source, { requestKey });
      this.ledger.release(requestKey, result.order?.clientOrderId);
      return result;
    } catch (error) {
      this.ledger.release(requestKey);
      throw error;
    } finally {
      this.limits?.release(requestKey);
    }
  }

  cancel(clientOrderId: string): Promise<BotOrderResult> {
    // A cancel is a request the broker counts too: over the bot's rate it waits (the strategy tries again).
    const verdict = this.limits?.checkCancel();
    if (verdict && !verdict.ok) return Promise.resolve({ ok: false, code: verdict.code, message: verdict.message });
    return this.manager().cancel(clientOrderId);
  }

  async replace(clientOrderId: string, changes: OrderChanges, source: string): Promise<BotOrderResult> {
    const quick = this.limits?.quickRefusal(true);
    if (quick && !quick.ok) return quick;
    try {
      return await this.manager().replace(clientOrderId, changes, source);
    } finally {
      this.limits?.release(`replace:${clientOrderId}`);
    }
  }

  position(symbol: string): number {
    return this.ledger.qty(symbol).toNumber();
  }

  cash(): number {
    return this.ledger.cash().toNumber();
  }

  equity(): number {
    return this.ledger.equity().toNumber();
  }

  mark(symbol: string, price: number): void {
    this.ledger.mark(symbol, price);
  }

  async refreshAccount(): Promise<void> {
    // The bot's figures are its ledger's, moved by its fills; nothing to fetch.
  }

  isPaused(source: string): boolean {
    return this.manager().paused().includes(source);
  }

  onOrder(listener: (order: OrderRecord) => void): () => void {
    return this.manager().events.on('order', listener);
  }

  onFill(listener: (fill: FillRecord) => void): () => void {
    return this.manager().events.on('fill', listener);
  }

  startAlgo(spec: AlgoSpec): Promise<{ ok: true; id: string } | { ok: false; code: string; message: string }> {
    if (!this.algos) return Promise.resolve({ ok: false, code: 'UNAVAILABLE', message: 'execution algorithms are not available here' });
    try {
      return Promise.resolve({ ok: true, id: this.algos().start(spec).id });
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'ALGO_INVALID';
      return Promise.resolve({ ok: false, code, message: error instanceof Error ? error.message : String(error) });
    }
  }

  allowShorts(on: boolean): void {
    this.ledger.shorting = on;
  }

  algoProgress(id: string): { filledQty: number; status: string } | undefined {
    const progress = this.algos?.().get(id);
    return progress ? { filledQty: progress.filledQty, status: progress.status } : undefined;
  }
}
