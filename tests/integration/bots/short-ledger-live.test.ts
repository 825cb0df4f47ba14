import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { OrderManagerExecution } from '../../../src-main/bots/bot-execution.js';
import { BotRunner, type RunnerEvent } from '../../../src-main/bots/bot-runner.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { brokerGet, startHarness, waitFor, type Harness } from '../orders/harness.js';

/**
 * A long-short pairs bot live against the local exchange: its ledger takes short sales (within its allocation, at
 * their market value), the orders go through the real order manager and risk engine to the exchange, and the
 * ledger matches the broker's fills to the cent. The bars are the demo market's own daily bars of KO and PEP (a
 * pair built on a common factor), streamed to the bot; the orders fill at the exchange's prices of its session.
 */
const DAY_MS = 86_400_000;
type BrokerOrder = { client_order_id: string; symbol: string; side: string; status: string; filled_qty: string; filled_avg_price: string | null };

describe('a bot ledger that goes short (local exchange)', () => {
  let h: Harness;
  const executions: OrderManagerExecution[] = [];

  beforeAll(async () => {
    h = await startHarness({ exchange: { rateLimitPerMinute: 20_000 }, requestsPerSecond: 500 });
  }, 30_000);

  afterAll(async () => {
    for (const e of executions) e.detach();
    await h?.close();
  });

  const accountQty = async (symbol: string): Promise<Decimal> => {
    const positions = await brokerGet<Array<{ symbol: string; qty: string }>>(h.exchange, '/v2/positions');
    return new Decimal(positions.find((p) => p.symbol === symbol)?.qty ?? '0');
  };

  it('pairs-trading long-short shorts one leg live; its ledger equals the broker fills to the cent and the account holds the sum of the ledgers', async () => {
    const symbols = ['KO', 'PEP'];
    const now = h.exchange.clock.now();
    const series = new Map<string, Bar[]>(
      symbols.map((s) => [
        s,
        h.exchange.market
          .bars(s, { amount: 1, unit: 'Day' }, now - 330 * DAY_MS, now - DAY_MS)
          .map((b) => ({ t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v })),
      ]),
    );
    const definition = STRATEGIES.get('pairs-trading')!;
    const params = parseParams(definition.params, { formation: '120', reselectBars: '20', minCrossings: '6', entryZ: '1.5', legs: 'long-short', investFraction: '0.5' });
    const ledger = new BotLedger('bot:pairs', '50000', () => h.manager.openOrders());
    const execution = new OrderManagerExecution(() => h.manager, ledger);
    execution.attach();
    executions.push(execution);
    const events: RunnerEvent[] = [];
    const runner = new BotRunner({ id: 'pairs', definition, params, symbols, timeframe: '1Day', execution, log: h.log, onEvent: (e) => events.push(e) });
    // The runner turns shorting on for a long-short strategy.
    expect(ledger.shorting).toBe(true);
    const times = [...new Set([...series.values()].flatMap((bars) => bars.map((b) => b.t)))].sort((a, b) => a - b);
    runner.start(times[0]! - 1);
    let lowest = new Decimal(0);
    for (const t of times) {
      for (const s of symbols) {
        const bar = series.get(s)!.find((b) => b.t === t);
        if (!bar) continue;
        runner.onBar(s, bar);
        if (runner.pending > 0) await waitFor(() => runner.pending === 0, `the order sent at ${new Date(t).toISOString()}`, 15_000);
        for (const sym of symbols) lowest = Decimal.min(lowest, ledger.qty(sym));
      }
    }
    runner.stop();
    expect(events.filter((e) => e.kind !== 'order-sent')).toEqual([]);
    const mine = h.manager.orders().filter((o) => o.source === 'bot:pairs');
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((o) => o.status === 'filled')).toBe(true);
    // It went short one leg (a sell from flat), which a long-only ledger refuses.
    expect(lowest.lt(0)).toBe(true);
    expect(h.manager.recentDenials(50).filter((d) => d.source === 'bot:pairs')).toEqual([]);

    // The ledger against the broker's own fills of this bot's orders, to the cent.
    const ids = new Set(mine.map((o) => o.clientOrderId));
    const broker = (await brokerGet<BrokerOrder[]>(h.exchange, '/v2/orders?status=all&limit=500')).filter((o) => ids.has(o.client_order_id));
    expect(broker.length).toBe(mine.length);
    const money = (side: string) => broker.filter((o) => o.side === side).reduce((sum, o) => sum.plus(new Decimal(o.filled_qty).times(o.filled_avg_price ?? '0')), new Decimal(0));
    const snapshot = ledger.snapshot();
    expect(new Decimal(snapshot.bought).toFixed(2)).toBe(money('buy').toFixed(2));
    expect(new Decimal(snapshot.sold).toFixed(2)).toBe(money('sell').toFixed(2));
    for (const s of symbols) {
      const net = broker.filter((o) => o.symbol === s).reduce((q, o) => q.plus(new Decimal(o.filled_qty).times(o.side === 'buy' ? 1 : -1)), new Decimal(0));
      expect(ledger.qty(s).toFixed()).toBe(net.toFixed());
      // Only this bot trades KO and PEP here: the account's position is its ledger's.
      expect((await accountQty(s)).toFixed()).toBe(net.toFixed());
    }
    // P&L at common marks: the ledger's equity less its allocation is the broker's cash flow plus the holdings' value.
    const marks = new Map(symbols.map((s) => [s, series.get(s)!.at(-1)!.c]));
    for (const [s, p] of marks) ledger.mark(s, p);
    let pl = money('sell').minus(money('buy'));
    for (const s of symbols) pl = pl.plus(ledger.qty(s).times(marks.get(s)!));
    expect(ledger.equity().minus(ledger.allocation).toFixed(2)).toBe(pl.toFixed(2));
  }, 300_000);

  it('two bots with opposite wishes in one symbol: the second is refused with BOT_OPPOSITE_POSITION, recorded; the account holds the sum of the ledgers', async () => {
    const market = (symbol: string, side: 'buy' | 'sell', qty: string): OrderIntentInput => ({ symbol, side, qty, type: 'market', timeInForce: 'day' });
    const bot = (id: string, shorting: boolean) => {
      const ledger = new BotLedger(`bot:${id}`, '20000', () => h.manager.openOrders(), { shorting });
      const execution = new OrderManagerExecution(() => h.manager, ledger);
      execution.attach();
      executions.push(execution);
      return { ledger, submit: (intent: OrderIntentInput) => execution.submit(intent as never, `bot:${id}`) };
    };
    const shorter = bot('shorter', true);
    const buyer = bot('buyer', false);
    const other = bot('other-shorter', true);
    expect((await shorter.submit(market('XOM', 'sell', '20'))).ok).toBe(true);
    await waitFor(() => shorter.ledger.qty('XOM').eq(-20), 'the short of 20 XOM filled', 15_000);
    const refused = await buyer.submit(market('XOM', 'buy', '5'));
    expect(refused).toMatchObject({ ok: false, code: 'BOT_OPPOSITE_POSITION' });
    expect(refused.ok ? '' : refused.message).toMatch(/short 20/);
    expect(h.manager.recentDenials(20).find((d) => d.source === 'bot:buyer')).toMatchObject({ code: 'BOT_OPPOSITE_POSITION' });
    // Another short-seller may add to the same side.
    expect((await other.submit(market('XOM', 'sell', '5'))).ok).toBe(true);
    await waitFor(() => other.ledger.qty('XOM').eq(-5), 'the second short filled', 15_000);
    expect((await accountQty('XOM')).toFixed()).toBe('-25');
    // The buyer goes long elsewhere; the short-seller may not short that symbol now.
    expect((await buyer.submit(market('CVX', 'buy', '10'))).ok).toBe(true);
    await waitFor(() => buyer.ledger.qty('CVX').eq(10), 'the CVX buy filled', 15_000);
    expect(await shorter.submit(market('CVX', 'sell', '10'))).toMatchObject({ ok: false, code: 'BOT_OPPOSITE_POSITION' });
    // Covering its own short is always allowed; then both are flat and the account with them.
    expect((await shorter.submit(market('XOM', 'buy', '20'))).ok).toBe(true);
    expect((await other.submit(market('XOM', 'buy', '5'))).ok).toBe(true);
    await waitFor(() => shorter.ledger.qty('XOM').eq(0) && other.ledger.qty('XOM').eq(0), 'both shorts covered', 15_000);
    expect((await accountQty('XOM')).toFixed()).toBe('0');
    expect((await accountQty('CVX')).toFixed()).toBe(buyer.ledger.qty('CVX').toFixed());
    // Realised P&L of each short round trip is the broker's sell minus buy money, to the cent.
    for (const { ledger, id } of [
      { ledger: shorter.ledger, id: 'bot:shorter' },
      { ledger: other.ledger, id: 'bot:other-shorter' },
    ]) {
      const ids = new Set(h.manager.orders().filter((o) => o.source === id).map((o) => o.clientOrderId));
      const broker = (await brokerGet<BrokerOrder[]>(h.exchange, '/v2/orders?status=all&limit=500')).filter((o) => ids.has(o.client_order_id) && o.status === 'filled');
      const flow = broker.reduce((sum, o) => sum.plus(new Decimal(o.filled_qty).times(o.filled_avg_price!).times(o.side === 'sell' ? 1 : -1)), new Decimal(0));
      expect(new Decimal(ledger.snapshot().realizedPl).toFixed(2)).toBe(flow.toFixed(2));
    }
  }, 120_000);
});
