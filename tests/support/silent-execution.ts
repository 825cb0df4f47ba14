import type { OrderIntent } from '../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../src-shared/domain/order-record.js';
import type { BotExecution, BotOrderResult } from '../../src-main/bots/bot-execution.js';

/** Takes every order and answers nothing: these tests look at what the strategy is called with. */
export class SilentExecution implements BotExecution {
  readonly sent: OrderIntent[] = [];
  submit(intent: OrderIntent, _source?: string): Promise<BotOrderResult> {
    this.sent.push(intent);
    return new Promise(() => undefined);
  }
  cancel(): Promise<BotOrderResult> {
    return Promise.resolve({ ok: false, code: 'ORDER_NOT_FOUND', message: 'none' });
  }
  replace(): Promise<BotOrderResult> {
    return this.cancel();
  }
  position(): number {
    return 0;
  }
  cash(): number {
    return 10_000;
  }
  equity(): number {
    return 10_000;
  }
  refreshAccount(): Promise<void> {
    return Promise.resolve();
  }
  isPaused(): boolean {
    return false;
  }
  onOrder(_listener: (order: OrderRecord) => void): () => void {
    return () => undefined;
  }
  onFill(_listener: (fill: FillRecord) => void): () => void {
    return () => undefined;
  }
}
