import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { OrderManagerExecution } from '../../../src-main/bots/bot-execution.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';
import { brokerGet, startHarness, waitFor, type Harness } from '../orders/harness.js';

const market = (side: 'buy' | 'sell', qty: string): OrderIntentInput => ({ symbol: 'AAPL', side, qty, type: 'market', timeInForce: 'day' });

/**
 * Per-bot ledgers on one account, against the local exchange: the order manager, its journal and the exchange are
 * real; the "bots" are their executions driven directly, as a strategy that ignores its portfolio view would.
 * The trader holds 100 AAPL bought by hand; two bots with their own allocations trade AAPL too.
 */
describe('per-bot ledgers and allocations (local exchange)', () => {
  let h: Harness;
  const bots = new Map<string, { ledger: BotLedger; execution: OrderManagerExecution }>();
  const bot = (id: string, allocation: string) => {
    const ledger = new BotLedger(`bot:${id}`, allocation, () => h.manager.openOrders());
    const execution = new OrderManagerExecution(() => h.manager, ledger);
    execution.attach();
    bots.set(id, { ledger, execution });
    return { ledger, execution, submit: (intent: OrderIntentInput) => execution.submit(intent as never, `bot:${id}`) };
  };
  const accountQty = () => h.manager.positionRecords().find((p) => p.symbol === 'AAPL')?.qty ?? '0';
  const settled = () => waitFor(() => h.manager.openOrders().length === 0, 'no order working', 10_000);

  beforeAll(async () => {
    h = await startHarness();
    const manual = await h.manager.submit(market('buy', '100'), 'ticket');
    expect(manual.ok).toBe(true);
    await waitFor(() => accountQty() === '100', 'the 100 AAPL bought by hand');
  }, 30_000);

  afterAll(async () => {
    for (const { execution } of bots.values()) execution.detach();
    await h?.close();
  });

  it("refuses a bot's sell beyond its own ledger in the risk path (BOT_POSITION_EXCEEDED), stored as a denial", async () => {
    const a = bot('a', '2000');
    const refused = await a.submit(market('sell', '100'));
    expect(refused).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
    expect(refused.ok ? '' : refused.message).toMatch(/holds 0.*sells 100/);
    expect(h.manager.recentDenials(10).find((d) => d.source === 'bot:a')).toMatchObject({ code: 'BOT_POSITION_EXCEEDED' });
    expect(h.manager.orders().filter((o) => o.source === 'bot:a')).toEqual([]);
    expect(accountQty()).toBe('100');

    // It buys 2 of its own: it may sell those 2, not 3; two sells of 2 sent in the same tick: one passes.
    expect((await a.submit(market('buy', '2'))).ok).toBe(true);
    await waitFor(() => a.ledger.qty('AAPL').eq(2), 'its 2 filled');
    expect(await a.submit(market('sell', '3'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
    const both = await Promise.all([a.submit(market('sell', '2')), a.submit(market('sell', '2'))]);
    expect(both.map((r) => (r.ok ? 'ok' : r.code)).sort()).toEqual(['BOT_POSITION_EXCEEDED', 'ok']);
    await settled();
    expect(a.ledger.qty('AAPL').toFixed()).toBe('0');
    expect(accountQty()).toBe('100');
  }, 30_000);

  it('two bots on one account: neither exceeds its allocation; ledgers equal the broker fills to the cent; rebuilt after a restart', async () => {
    const a = bots.get('a')!;
    const b = bot('b', '3000');
    const submitA = (i: OrderIntentInput) => a.execution.submit(i as never, 'bot:a');
    // Each buys 3 at a time until its allocation refuses the next one.
    for (const [name, submit, ledger] of [
      ['a', submitA, a.ledger],
      ['b', b.submit, b.ledger],
    ] as const) {
      let refusal: string | undefined;
      for (let i = 0; i < 30 && refusal === undefined; i++) {
        const before = ledger.qty('AAPL');
        const result = await submit(market('buy', '3'));
        if (!result.ok) refusal = result.code;
        else await waitFor(() => ledger.qty('AAPL').greaterThan(before), `bot ${name}'s buy filled`, 10_000);
      }
      expect(refusal, `bot ${name} refused at its allocation`).toBe('BOT_ALLOCATION_EXCEEDED');
      expect(ledger.invested().lte(ledger.allocation)).toBe(true);
      expect(ledger.qty('AAPL').greaterThan(0)).toBe(true);
    }
    // B may not sell A's shares nor the trader's.
    expect(await b.submit(market('sell', b.ledger.qty('AAPL').plus(1).toFixed()))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
    // A sells part of its own (realised P&L in its ledger only).
    expect((await submitA(market('sell', '3'))).ok).toBe(true);
    await settled();

    // The account's AAPL is the trader's 100 plus what each ledger holds.
    expect(new Decimal(accountQty()).eq(new Decimal(100).plus(a.ledger.qty('AAPL')).plus(b.ledger.qty('AAPL')))).toBe(true);
    // Each ledger's money equals the broker's own fills of that bot's orders, to the cent.
    const broker = await brokerGet<Array<{ client_order_id: string; side: string; filled_qty: string; filled_avg_price: string | null }>>(h.exchange, '/v2/orders?status=all&limit=500');
    for (const [id, { ledger }] of [['a', a], ['b', { ledger: b.ledger }]] as const) {
      const mine = new Set(h.manager.orders().filter((o) => o.source === `bot:${id}`).map((o) => o.clientOrderId));
      const sum = (side: string) =>
        broker
          .filter((o) => mine.has(o.client_order_id) && o.side === side && o.filled_avg_price !== null)
          .reduce((total, o) => total.plus(new Decimal(o.filled_qty).times(o.filled_avg_price!)), new Decimal(0))
          .toFixed(2);
      const snapshot = ledger.snapshot();
      expect({ bought: new Decimal(snapshot.bought).toFixed(2), sold: new Decimal(snapshot.sold).toFixed(2) }).toEqual({ bought: sum('buy'), sold: sum('sell') });
      expect(new Decimal(snapshot.cash).eq(new Decimal(snapshot.allocation).minus(snapshot.bought).plus(snapshot.sold))).toBe(true);
    }
    // No fill is in two ledgers, and together with the trader's they are every fill of the account.
    const ledgerFills = [...a.ledger.fills(), ...b.ledger.fills()].map((f) => f.executionId);
    expect(new Set(ledgerFills).size).toBe(ledgerFills.length);
    const ticket = new Set(h.manager.orders().filter((o) => o.source === 'ticket').map((o) => o.clientOrderId));
    expect(h.manager.fills().filter((f) => !ticket.has(f.clientOrderId ?? '')).map((f) => f.executionId).sort()).toEqual([...ledgerFills].sort());

    // After a restart the ledgers are rebuilt from the journal alone, equal to the live ones.
    const before = { a: a.ledger.snapshot(), b: b.ledger.snapshot() };
    await h.restart();
    for (const [id, snapshot] of Object.entries(before)) {
      const rebuilt = new BotLedger(`bot:${id}`, snapshot.allocation, () => h.manager.openOrders());
      rebuilt.rebuild(h.manager.orders(), h.manager.fills());
      expect(rebuilt.snapshot()).toEqual(snapshot);
    }
  }, 90_000);
});
