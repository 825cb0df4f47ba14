import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/**
 * The order: a buy bracket whose take-profit (150) is below its stop (185). The preview said "PASS" and
 * the broker then refused it; now preview and submit both refuse it with the broker's rule, and nothing is sent.
 */
describe('broker rules in preview and submit, against the local exchange', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
  });
  afterAll(() => h.close());

  const bracket = (takeProfit: string, stop: string) =>
    ({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1', orderClass: 'bracket', takeProfit: { limitPrice: takeProfit }, stopLoss: { stopPrice: stop } }) as const;

  it('preview refuses the inverted bracket with the broker\'s words; submit refuses it and the broker sees nothing', async () => {
    const preview = await h.manager.preview(bracket('150', '185'), 'ticket');
    expect(preview.verdict).toMatchObject({ ok: false, code: 'EXIT_PRICE_ORDER' });
    expect(preview.verdict.message).toContain('take_profit.limit_price must be > stop_loss.stop_price');
    const before = (await h.brokerOrders()).length;
    const submitted = await h.manager.submit(bracket('150', '185'), 'ticket');
    expect(submitted.ok === false && submitted.code).toBe('EXIT_PRICE_ORDER');
    expect((await h.brokerOrders()).length).toBe(before);
  });

  it('a sub-penny limit is refused before it leaves; a valid bracket passes the preview', async () => {
    const subPenny = await h.manager.preview({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '100.123', timeInForce: 'day', qty: '1' }, 'ticket');
    expect(subPenny.verdict).toMatchObject({ ok: false, code: 'SUB_PENNY_PRICE' });
    const reference = Number((await h.manager.preview({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket')).referencePrice);
    const valid = await h.manager.preview(bracket((reference * 1.1).toFixed(2), (reference * 0.9).toFixed(2)), 'ticket');
    expect(valid.verdict).toMatchObject({ ok: true, code: 'OK' });
  });
});
