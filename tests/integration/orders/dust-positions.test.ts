import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/ipc/contract.js';
import { expectLocalEqualsBroker, startHarness, type Harness } from './harness.js';

/**
 * A position of dust (below 1e-7 shares) end to end: bought and sold through the order manager against the local
 * exchange, it must come back through the contract's own response schemas, restarts included, and rows an
 * older build stored in exponent notation must read back as plain decimals.
 */
const { positions, list, fills } = contract.orders.invoke;

describe('dust positions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
  });
  afterAll(() => h.close());

  const filled = async (clientOrderId: string): Promise<void> => {
    await expect.poll(() => h.manager.order(clientOrderId)?.status, { timeout: 5_000 }).toBe('filled');
  };

  /** What `orders.positions`, `orders.list` and `orders.fills` answer must pass the contract's number check. */
  const expectContractAccepts = (): void => {
    expect(positions.response.safeParse(h.manager.positionRecords()).error?.issues ?? []).toEqual([]);
    expect(list.response.safeParse(h.manager.orders()).error?.issues ?? []).toEqual([]);
    expect(fills.response.safeParse(h.manager.fills()).error?.issues ?? []).toEqual([]);
  };

  it('buy 1.000000009 SPY, sell 1: the 0.000000009 left is a plain decimal, and stays one after a restart', async () => {
    const buy = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '1.000000009' }, 'ticket');
    if (!buy.ok) throw new Error(buy.message);
    await filled(buy.order.clientOrderId);
    const sell = await h.manager.submit({ symbol: 'SPY', side: 'sell', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket');
    if (!sell.ok) throw new Error(sell.message);
    await filled(sell.order.clientOrderId);

    expect(h.manager.positionRecords().find((p) => p.symbol === 'SPY')?.qty).toBe('0.000000009');
    expectContractAccepts();
    await expectLocalEqualsBroker(h);

    await h.restart();
    expect(h.manager.reconciliation?.ok).toBe(true);
    expect(h.manager.positionRecords().find((p) => p.symbol === 'SPY')?.qty).toBe('0.000000009');
    expectContractAccepts();
  });

  it('rows an older build stored in exponent notation read back as plain decimals', async () => {
    const buy = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '0.000000009' }, 'ticket');
    if (!buy.ok) throw new Error(buy.message);
    await filled(buy.order.clientOrderId);
    h.manager.stop();
    // What the old build wrote with Decimal.toString(): the order's filled quantity and the fill's cumulative one.
    h.journal.db.prepare("UPDATE orders SET filled_qty = '9e-9' WHERE client_order_id = ?").run(buy.order.clientOrderId);
    h.journal.db.prepare("UPDATE fills SET qty = '9e-9', cum_qty = '9e-9' WHERE client_order_id = ?").run(buy.order.clientOrderId);

    await h.restart();
    expect(h.manager.reconciliation?.ok).toBe(true);
    expect(h.manager.order(buy.order.clientOrderId)?.filledQty).toBe('0.000000009');
    expect(h.manager.positionRecords().find((p) => p.symbol === 'SPY')?.qty).toBe('0.000000018');
    expectContractAccepts();
    await expectLocalEqualsBroker(h);
  });
});
