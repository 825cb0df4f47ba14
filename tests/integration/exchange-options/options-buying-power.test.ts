import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../../../src-main/exchange/broker/broker.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { tradingRoutes } from '../../../src-main/exchange/routes/trading/index.js';
import { createExchangeServer, type ExchangeServer } from '../../../src-main/exchange/server/exchange-server.js';
import { FakeMarket, S1 } from '../../unit/exchange/broker/fake-market.js';

/**
 * The local exchange's options buying power (long premium paid, short spreads holding their maximum loss), the
 * expiration-day cut-off for opening orders (3:15 pm ET, 3:30 pm for broad ETFs) and do-not-exercise instructions,
 * over loopback HTTP on a scripted market and a stopped clock: every event and the final account exact.
 */
const KEY = 'PKOPTIONSBP';
const SECRET = 'secret-options-bp';
// Contracts expiring on S1 (2024-06-24); the OCC symbol carries the strike.
const C100 = 'AAPL240624C00100000';
const C10499 = 'AAPL240624C00104990';
const C105 = 'AAPL240624C00105000';
const P100 = 'AAPL240624P00100000';
const P110 = 'AAPL240624P00110000';
const SPYC = 'SPY240624C00300000';
const MIN = 60_000;

let market: FakeMarket;
let clock: SimulatedClock;
let broker: Broker;
let server: ExchangeServer;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & unknown[]; text: string }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & unknown[], text };
}
const order = (body: Record<string, unknown>) => call('POST', '/v2/orders', { type: 'market', time_in_force: 'day', ...body });
const account = async () => (await call('GET', '/v2/account')).body as Record<string, string>;

beforeAll(async () => {
  market = new FakeMarket();
  clock = new SimulatedClock(S1.open + 60 * MIN, 0);
  const t = clock.now();
  market.setQuote('AAPL', 104.9, 105.1, t);
  market.setQuote('SPY', 300, 300.1, t);
  for (const [symbol, bid, ask] of [[C100, 5.0, 5.2], [C10499, 1.0, 1.1], [C105, 0.8, 0.9], [P100, 0.3, 0.4], [P110, 5.1, 5.3]] as const) market.setOption(symbol, 'AAPL', bid, ask, t);
  market.setOption(SPYC, 'SPY', 2, 2.1, t);
  broker = new Broker(market, clock, { partialFillShare: 0, seed: 5, startingCash: '20000', schedule: (task) => task() });
  server = createExchangeServer({ routes: tradingRoutes(broker, market, clock), streams: [], keys: new Map([[KEY, SECRET]]), faults: new FaultPlan(), log: { warn: () => {}, error: () => {} } });
  await server.listen(0);
});

afterAll(async () => {
  broker.dispose();
  await server.close();
});

describe('options buying power, the expiration-day cut-off and do-not-exercise', () => {
  it('a long call costs its premium; a put credit spread holds its width; beyond the options buying power: 403 with both figures', async () => {
    expect((await account()).options_buying_power).toBe('20000');
    // Long call: 5.20 x 100 paid.
    expect((await order({ symbol: C100, qty: '1', side: 'buy', position_intent: 'buy_to_open' })).status).toBe(200);
    let a = await account();
    expect([a.cash, a.options_buying_power]).toEqual(['19480', '19480']);
    // Put credit spread 110/100: 5.10 received, 0.40 paid (4.70 credit), the $10 width (1,000) held.
    const spread = { order_class: 'mleg', qty: '1', legs: [{ symbol: P110, ratio_qty: '1', side: 'sell', position_intent: 'sell_to_open' }, { symbol: P100, ratio_qty: '1', side: 'buy', position_intent: 'buy_to_open' }] };
    const r = await order(spread);
    expect(r.status, r.text).toBe(200);
    a = await account();
    expect([a.cash, a.options_buying_power]).toEqual(['19950', '18950']);
    // 40 more spreads: 40 x (1,000 held - 470 received) = 21,200 needed, 18,950 there.
    const big = await order({ ...spread, qty: '40' });
    expect([big.status, big.body]).toEqual([403, { options_buying_power: '18950', code: 40310000, cost_basis: '21200', message: 'insufficient options buying power' }]);
    // Closing the long call pays nothing and frees nothing held: it passes, at the bid.
    expect((await order({ symbol: C100, qty: '1', side: 'sell', position_intent: 'sell_to_close' })).status).toBe(200);
    a = await account();
    expect([a.cash, a.options_buying_power]).toEqual(['20450', '19450']);
  });

  it('on expiration day, orders opening contracts that expire today are refused from 3:15 pm ET (SPY: 3:30 pm); closing is not', async () => {
    clock.advanceTo(S1.close - 46 * MIN); // 3:14 pm ET
    expect((await order({ symbol: C10499, qty: '1', side: 'buy', position_intent: 'buy_to_open' })).status).toBe(200);
    expect((await order({ symbol: C100, qty: '1', side: 'buy', position_intent: 'buy_to_open' })).status).toBe(200);
    clock.advanceTo(S1.close - 45 * MIN); // 3:15 pm ET
    const late = await order({ symbol: C105, qty: '1', side: 'buy', position_intent: 'buy_to_open' });
    expect([late.status, late.body]).toEqual([403, { code: 40310000, message: `options expiring today cannot be opened after 3:15 pm ET: ${C105} can only be closed` }]);
    // Adding to a held contract opens more of it: refused as well.
    expect((await order({ symbol: C100, qty: '1', side: 'buy' })).status).toBe(403);
    // A broad ETF's options trade to 3:30 pm.
    const spy = await order({ symbol: SPYC, qty: '1', side: 'buy', position_intent: 'buy_to_open' });
    expect(spy.status, spy.text).toBe(200);
    clock.advanceTo(S1.close - 30 * MIN);
    expect((await order({ symbol: SPYC, qty: '1', side: 'buy' })).body).toEqual({ code: 40310000, message: `options expiring today cannot be opened after 3:30 pm ET: ${SPYC} can only be closed` });
    // Closing stays open: the SPY call is sold at its bid.
    expect((await order({ symbol: SPYC, qty: '1', side: 'sell', position_intent: 'sell_to_close' })).status).toBe(200);
    // A multi-leg order with an opening leg expiring today is refused too.
    const mleg = await order({ order_class: 'mleg', qty: '1', legs: [{ symbol: C105, ratio_qty: '1', side: 'sell', position_intent: 'sell_to_open' }, { symbol: C100, ratio_qty: '1', side: 'buy', position_intent: 'buy_to_open' }] });
    expect(mleg.status).toBe(403);
  });

  it('do-not-exercise: a long contract in the money expires at the close instead of being exercised; exact activities and account', async () => {
    let r = await call('POST', `/v2/positions/${C100}/do-not-exercise`);
    expect([r.status, r.text]).toEqual([200, '']);
    r = await call('POST', `/v2/positions/${C105}/do-not-exercise`);
    expect([r.status, r.body]).toEqual([403, { code: 40310000, message: 'no available position for the specified contract' }]);
    r = await call('POST', `/v2/positions/${P110}/do-not-exercise`);
    expect([r.status, r.body]).toEqual([403, { code: 40310001, message: 'cannot submit do-not-exercise instruction for short position' }]);
    r = await call('POST', '/v2/positions/NOT-A-CONTRACT/do-not-exercise');
    expect([r.status, r.body.code]).toEqual([422, 42210000]);
    // The instruction is part of the demo account's saved state: a restart (save, then restore) keeps it.
    broker.restoreState(KEY, JSON.parse(JSON.stringify(broker.saveState(KEY))) as ReturnType<Broker['saveState']>);
    const before = await account();
    // The last trade before the close: 105.00. C100 (DNE) and C104.99 are in the money, so is the short P110
    // (assigned: a DNE is the holder's, not the writer's); P100 is not.
    clock.advanceTo(S1.close - MIN);
    market.trade('AAPL', 105, clock.now());
    clock.advanceTo(S1.close + MIN);
    const after = await account();
    const nta = (await call('GET', '/v2/account/activities?activity_types=OPEXC,OPASN,OPEXP,OPTRD&direction=asc')).body as unknown as Record<string, string>[];
    expect(nta.map((x) => [x.activity_type, x.symbol, x.qty, x.price ?? null, x.net_amount])).toEqual([
      ['OPEXP', C100, '-1', null, '0'],
      ['OPEXC', C10499, '-1', null, '0'],
      ['OPTRD', 'AAPL', '100', '104.99', '-10499'],
      ['OPEXP', P100, '-1', null, '0'],
      ['OPASN', P110, '1', null, '0'],
      ['OPTRD', 'AAPL', '100', '110', '-11000'],
    ]);
    const positions = (await call('GET', '/v2/positions')).body as unknown as { symbol: string; qty: string }[];
    expect(positions.map((p) => [p.symbol, p.qty])).toEqual([['AAPL', '200']]);
    expect(after.cash).toBe(String(Number(before.cash) - 10_499 - 11_000));
    // The deliveries took the cash below zero (-1,689): no options buying power is left, and none held.
    expect([after.cash, after.options_buying_power]).toEqual(['-1689', '0']);
  });
});
