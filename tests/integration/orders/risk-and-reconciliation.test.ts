import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { brokerGet, startHarness, type Harness } from './harness.js';

/**
 * Every risk limit refuses with its code, the denial is stored, and nothing reaches the exchange. Reconciliation
 * imports what the broker has that the journal does not, and halts on a real difference.
 */
describe('risk limits in front of the local exchange', () => {
  let h: Harness;
  let ask = 0;
  beforeAll(async () => {
    h = await startHarness({
      limits: { maxOrderQty: '100', maxOrderNotional: '20000', maxPositionQty: '150', maxGrossExposure: '30000', priceBand: '0.05' },
      manager: { watchdogMs: 60_000, silentAfterMs: 60_000 },
    });
    ask = (await brokerGet<{ quote: { ap: number } }>(h.exchange, '/v2/stocks/AAPL/quotes/latest')).quote.ap;
  });
  afterAll(() => h.close());

  const brokerCount = async (): Promise<number> => (await h.brokerOrders()).length;

  const cases: Array<[string, () => OrderIntentInput, string]> = [
    ['MAX_ORDER_QTY', () => ({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: (ask * 0.9).toFixed(2), timeInForce: 'day', qty: '101' }), 'qty over 100'],
    ['MAX_ORDER_NOTIONAL', () => ({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', notional: '20001' }), 'notional over $20,000'],
    ['PRICE_BAND', () => ({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: (ask * 1.2).toFixed(2), timeInForce: 'day', qty: '1' }), 'a buy limit 20% through the ask'],
  ];

  for (const [code, intent, what] of cases) {
    it(`${code}: ${what}`, async () => {
      const before = await brokerCount();
      const result = await h.manager.submit(intent(), 'bot-risk');
      expect(result.ok === false && result.code).toBe(code);
      expect(h.journal.recentDenials(1)[0]?.code).toBe(code);
      expect(await brokerCount()).toBe(before);
    });
  }

  it('MAX_POSITION and MAX_GROSS_EXPOSURE count what is already held', async () => {
    const buy = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '100' }, 'bot-risk');
    if (!buy.ok) throw new Error(buy.message);
    await expect.poll(() => h.manager.positionRecords().find((p) => p.symbol === 'AAPL')?.qty, { timeout: 5000 }).toBe('100');
    const before = await brokerCount();
    const over = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '60' }, 'bot-risk');
    expect(over.ok === false && over.code).toBe('MAX_POSITION');
    const spyAsk = (await brokerGet<{ quote: { ap: number } }>(h.exchange, '/v2/stocks/SPY/quotes/latest')).quote.ap;
    // Under the per-order limits, but AAPL held plus this SPY is over the $30,000 gross limit: 2% over at the prices
    // of now (the market moves while the test runs; $1 over at the set-up's price was not always over).
    const aaplNow = (await brokerGet<{ quote: { ap: number } }>(h.exchange, '/v2/stocks/AAPL/quotes/latest')).quote.ap;
    const qty = String(Math.ceil((30_600 - 100 * Math.min(aaplNow, ask)) / spyAsk));
    const gross = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty }, 'bot-risk');
    expect(gross.ok === false && gross.code).toBe('MAX_GROSS_EXPOSURE');
    expect(await brokerCount()).toBe(before);
  });

  it('REDUCING lets only a reducing order through; HALTED nothing', async () => {
    h.manager['risk'].setState('REDUCING', 'test');
    const add = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-risk');
    expect(add.ok === false && add.code).toBe('RISK_REDUCING_ONLY');
    const reduce = await h.manager.submit({ symbol: 'AAPL', side: 'sell', type: 'market', timeInForce: 'day', qty: '10' }, 'bot-risk');
    expect(reduce.ok).toBe(true);
    h.manager['risk'].setState('HALTED', 'test');
    const halted = await h.manager.submit({ symbol: 'AAPL', side: 'sell', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-risk');
    expect(halted.ok === false && halted.code).toBe('RISK_HALTED');
    h.manager.resumeTrading('test over');
  });

  it('DAILY_LOSS_LIMIT and MAX_DRAWDOWN from the account figures', async () => {
    const engine = h.manager['risk'];
    const limits = engine.limits;
    const account = await brokerGet<{ equity: string; last_equity: string }>(h.exchange, '/v2/account');
    const before = await brokerCount();
    // The account's day P&L is a real (small) number; a limit at or under the loss trips it.
    const loss = Number(account.last_equity) - Number(account.equity);
    engine.limits = { ...limits, dailyLossLimit: loss > 0 ? String(loss / 2) : '0' };
    const daily = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-risk');
    expect(daily.ok === false && daily.code).toBe(loss >= 0 ? 'DAILY_LOSS_LIMIT' : false);
    engine.limits = { ...limits, dailyLossLimit: '1000000', maxDrawdown: '0' };
    const drawdown = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-risk');
    expect(drawdown.ok === false && drawdown.code).toBe('MAX_DRAWDOWN');
    engine.limits = limits;
    expect(await brokerCount()).toBe(before);
  });

  it('NOT_TRADABLE for a symbol the broker does not list', async () => {
    const before = await brokerCount();
    const result = await h.manager.submit({ symbol: 'NOSUCH', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-risk');
    expect(result.ok === false && ['NOT_TRADABLE', 'NO_QUOTE'].includes(result.code)).toBe(true);
    expect(await brokerCount()).toBe(before);
  });

  it('the kill switch cancels every open order, flattens, and halts', async () => {
    await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: (ask * 0.97).toFixed(2), timeInForce: 'gtc', qty: '1' }, 'ticket');
    const result = await h.manager.killSwitch({ flatten: true, reason: 'test' });
    // The answer comes at once; the broker's confirmation follows from the background work.
    expect(result).toMatchObject({ brokerWork: 'in-progress', stoppedLocally: [] });
    expect(result.atBroker).toHaveLength(1);
    expect(await h.manager.killSettled()).toMatchObject({ canceled: true, flattened: true, errors: [], brokerWork: 'done' });
    expect(h.manager.riskState.state).toBe('HALTED');
    await expect.poll(async () => (await brokerGet<unknown[]>(h.exchange, '/v2/orders?status=open')).length, { timeout: 5000 }).toBe(0);
    await expect.poll(async () => (await h.brokerPositions()).length, { timeout: 5000 }).toBe(0);
    await expect.poll(() => h.manager.positionRecords().filter((p) => p.qty !== '0').length, { timeout: 5000 }).toBe(0);
  });
});

describe('start-up reconciliation', () => {
  it('imports broker orders and positions the journal does not have; a real difference halts trading', async () => {
    const h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    try {
      const headers = { 'APCA-API-KEY-ID': h.exchange.keys.keyId, 'APCA-API-SECRET-KEY': h.exchange.keys.secret, 'content-type': 'application/json' };
      // Made outside the workstation while it was not running.
      await h.manager.stop();
      await fetch(`${h.exchange.tradingUrl}/v2/orders`, { method: 'POST', headers, body: JSON.stringify({ symbol: 'SPY', qty: '2', side: 'buy', type: 'market', time_in_force: 'day' }) });
      await fetch(`${h.exchange.tradingUrl}/v2/orders`, { method: 'POST', headers, body: JSON.stringify({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '1.00', time_in_force: 'gtc', client_order_id: 'outside-1' }) });
      await h.restart();
      const report = h.manager.reconciliation;
      expect(report?.ok).toBe(true);
      expect(report?.importedOrders).toContain('outside-1');
      // The outside fill is rebuilt from the broker's FILL activities: the SPY position agrees to the share.
      expect(h.manager.positionRecords().find((p) => p.symbol === 'SPY')?.qty).toBe('2');
      expect(h.manager.orders().filter((o) => o.external).map((o) => o.intent.symbol).sort()).toEqual(['AAPL', 'SPY']);
      expect(h.manager.order('outside-1')?.external).toBe(true);
      expect(h.manager.riskState.state).toBe('ACTIVE');

      // Now the journal believes in a fill the broker never had: the difference halts, and nothing is sent to fix it.
      h.journal.insertFill({ executionId: 'phantom', brokerOrderId: 'phantom-order', clientOrderId: null, symbol: 'SPY', side: 'buy', qty: '1', price: '400', cumQty: '1', at: 1, via: 'backfill' });
      const ordersBefore = (await h.brokerOrders()).length;
      await h.restart();
      expect(h.manager.reconciliation?.ok).toBe(false);
      expect(h.manager.reconciliation?.differences.map((d) => d.key)).toEqual(['SPY']);
      expect(h.manager.riskState.state).toBe('HALTED');
      expect((await h.brokerOrders()).length).toBe(ordersBefore);
    } finally {
      await h.close();
    }
  });
});
