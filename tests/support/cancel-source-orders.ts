import type { OrderManager } from '../../src-main/kernel/orders/order-manager.js';
import { waitUntil } from './ipc-call.js';

/**
 * Cancels every open order of a source, asking again while any is open: a replacement a slow broker has not confirmed
 * yet refuses a cancel (ORDER_NOT_AT_BROKER, "try again in a moment"), as a trader's Cancel would be. A timeout names
 * what stayed open and the last answers.
 */
export async function cancelSourceOrders(manager: OrderManager, source: string, timeoutMs: number): Promise<void> {
  let stillOpen = '';
  try {
    await waitUntil(
      async () => {
        const open = manager.openOrders().filter((r) => r.source === source);
        const answers: string[] = [];
        for (const o of open) {
          const answer = await manager.cancel(o.clientOrderId);
          answers.push(`${o.clientOrderId} ${o.status}: ${answer.ok ? 'ok' : answer.code}`);
        }
        stillOpen = answers.join(', ');
        return open.length === 0;
      },
      `the orders of ${source} cancelled`,
      timeoutMs,
      100,
    );
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; still open: ${stillOpen}`);
  }
}
