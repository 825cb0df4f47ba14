import type { OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../src-shared/domain/order-record.js';
import type { OrderManager } from '../kernel/orders/order-manager.js';
import type { OrderChanges } from '../kernel/strategy/types.js';

/** What a submit, cancel or replace came to: the broker's order, or a refusal with its code. */
export type BotOrderResult = { ok: true; order: OrderRecord } | { ok: false; code: string; message: string; order?: OrderRecord };

/**
 * The order path a live bot uses: the order manager (risk engine, journal, venue) under the bot's source name,
 * plus the account view its portfolio reads. Positions are the account's (one account, whichever source traded).
 */
export interface BotExecution {
  submit(intent: OrderIntent, source: string): Promise<BotOrderResult>;
  cancel(clientOrderId: string): Promise<BotOrderResult>;
  replace(clientOrderId: string, changes: OrderChanges, source: string): Promise<BotOrderResult>;
  position(symbol: string): number;
  /** The last known account figures (refreshed by refreshAccount). */
  cash(): number;
  equity(): number;
  refreshAccount(): Promise<void>;
  isPaused(source: string): boolean;
  onOrder(listener: (order: OrderRecord) => void): () => void;
  onFill(listener: (fill: FillRecord) => void): () => void;
}

/** The live BotExecution over the workstation's order manager. */
export class OrderManagerExecution implements BotExecution {
  private lastCash = 0;
  private lastEquity = 0;

  constructor(private readonly manager: () => OrderManager) {}

  submit(intent: OrderIntent, source: string): Promise<BotOrderResult> {
    return this.manager().submit(intent, source);
  }

  cancel(clientOrderId: string): Promise<BotOrderResult> {
    return this.manager().cancel(clientOrderId);
  }

  replace(clientOrderId: string, changes: OrderChanges, source: string): Promise<BotOrderResult> {
    return this.manager().replace(clientOrderId, changes, source);
  }

  position(symbol: string): number {
    const record = this.manager()
      .positionRecords()
      .find((p) => p.symbol === symbol);
    return record ? Number(record.qty) : 0;
  }

  cash(): number {
    return this.lastCash;
  }

  equity(): number {
    return this.lastEquity;
  }

  async refreshAccount(): Promise<void> {
    const { account } = await this.manager().accountSnapshot();
    this.lastCash = Number(account.cash);
    this.lastEquity = Number(account.equity);
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
}
