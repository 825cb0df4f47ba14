import type { Decimal } from 'decimal.js';
import type { OrderRecord } from '../../src-shared/domain/order-record.js';
import { reducesPosition, STOP_TYPES } from '../kernel/orders/kill-switch.js';

/** What a bot's stop needs of the order manager. */
export interface StopOrdersManager {
  openOrders(): OrderRecord[];
  cancel(clientOrderId: string): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
  positionQty(symbol: string): Decimal;
}

export interface StopOrdersResult {
  /** Orders whose cancel the broker took. */
  canceled: number;
  /** Protective exits left working (see protectiveExit). */
  kept: number;
  /** Orders still open when time ran out, each with the broker's last answer. */
  open: string[];
}

/**
 * An order a stopped bot leaves working because it protects a position, as the kill switch does: a leg of a bracket,
 * OTO or OCO (its entry filled: it is the position's exit), an OCO, and a stop that only reduces the position held.
 */
export function protectiveExit(order: OrderRecord, held: Decimal): boolean {
  if (order.parentClientOrderId !== null || order.intent.orderClass === 'oco') return true;
  if (!STOP_TYPES.has(order.intent.type) || order.intent.symbol === undefined || order.intent.qty === undefined) return false;
  return reducesPosition(order.intent.side, order.intent.qty, order.filledQty, held);
}

/**
 * Cancels a stopped bot's working orders but its protective exits, asking again while any is open: a replacement the
 * broker has not confirmed refuses a cancel for a moment, and a request the bot sent just before it stopped may
 * still land. Done when nothing is left to cancel and `settleMs` have passed since the start; gives up after
 * `timeoutMs`, naming what stayed open.
 */
export async function cancelStoppedBotOrders(manager: StopOrdersManager, source: string, options: { timeoutMs?: number; settleMs?: number; pollMs?: number } = {}): Promise<StopOrdersResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const settleMs = options.settleMs ?? 500;
  const pollMs = options.pollMs ?? 100;
  const started = Date.now();
  const canceled = new Set<string>();
  const askedAt = new Map<string, number>();
  let kept = 0;
  for (;;) {
    const mine = manager.openOrders().filter((o) => o.source === source);
    const cancel = mine.filter((o) => !protectiveExit(o, manager.positionQty(o.intent.symbol ?? '')));
    kept = mine.length - cancel.length;
    const open: string[] = [];
    for (const order of cancel) {
      // A cancel the broker took is not asked again until it has had a second to confirm (each ask is a request
      // against the rate limit).
      const asked = askedAt.get(order.clientOrderId);
      if (order.status === 'pending_cancel' || (asked !== undefined && Date.now() - asked < 1_000)) {
        open.push(`${order.clientOrderId} (${order.intent.symbol ?? ''}: cancel asked, not confirmed)`);
        continue;
      }
      const answer = await manager.cancel(order.clientOrderId);
      if (answer.ok) {
        canceled.add(order.clientOrderId);
        askedAt.set(order.clientOrderId, Date.now());
      } else {
        open.push(`${order.clientOrderId} (${order.intent.side ?? ''} ${order.intent.qty ?? ''} ${order.intent.symbol ?? ''}: ${answer.code})`);
      }
    }
    const elapsed = Date.now() - started;
    if (cancel.length === 0 && elapsed >= settleMs) return { canceled: canceled.size, kept, open: [] };
    if (elapsed >= timeoutMs) return { canceled: canceled.size, kept, open };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
