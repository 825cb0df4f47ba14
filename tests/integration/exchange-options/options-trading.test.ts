import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '../../../src-main/exchange/broker/broker.js';
import { Decimal } from '../../../src-main/exchange/broker/decimal.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { tradingRoutes } from '../../../src-main/exchange/routes/trading/index.js';
import { createExchangeServer, type ExchangeServer } from '../../../src-main/exchange/server/exchange-server.js';
import { FakeMarket, S1, S2 } from '../../unit/exchange/broker/fake-market.js';

/**
 * Options at the local exchange over loopback HTTP: trading levels, multi-leg validation, exercise, and expiry at the
 * close with exercise or assignment in the money by $0.01 or more. A scripted market and a stopped clock make every
 * fill price and the close price exact, so the final account is checked to the cent.
 */
const KEY = 'PKOPTIONSLEVELS';
const SECRET = 'secret-options';
let market: FakeMarket;
let clock: SimulatedClock;
let broker: Broker;
let server: ExchangeServer;

// DAY1 contracts (expire 2024-06-24) and one DAY2 contract; the OCC symbol carries the strike.
const C100 = 'AAPL240624C00100000';
const C10499 = 'AAPL240624C00104990';
const C105 = 'AAPL240624C00105000';
const P100 = 'AAPL240624P00100000';
const P110 = 'AAPL240624P00110000';
const D2C100 = 'AAPL240625C00100000';
const SPYC = 'SPY240624C00300000';

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
const setLevel = (level: number) => call('PATCH', '/v2/account/configurations', { max_options_trading_level: level });

beforeAll(async () => {
  market = new FakeMarket();
  clock = new SimulatedClock(S1.open + 60 * 60_000, 0);
  const t = clock.now();
  market.setQuote('AAPL', 104.9, 105.1, t);
  market.setQuote('SPY', 300, 300.1, t);
  for (const [symbol, bid, ask] of [[C100, 5.0, 5.2], [C10499, 1.0, 1.1], [C105, 0.8, 0.9], [P100, 0.3, 0.4], [P110, 5.1, 5.3], [D2C100, 5.1, 5.3]] as const) market.setOption(symbol, 'AAPL', bid, ask, t);
  market.setOption(SPYC, 'SPY', 2, 2.1, t);
  broker = new Broker(market, clock, { partialFillShare: 0, seed: 5, schedule: (task) => task() });
  const keys = new Map([[KEY, SECRET]]);
  server = createExchangeServer({ routes: tradingRoutes(broker, market, clock), streams: [], keys, faults: new FaultPlan(), log: { warn: () => {}, error: () => {} } });
  await server.listen(0);
});

afterAll(async () => {
  broker.dispose();
  await server.close();
});

describe('options trading levels (0 to 3) with Alpaca rejections', () => {
  beforeEach(async () => {
    await setLevel(3);
  });

  it('level 0 refuses every option order; level 1 allows a covered call but not a long call; level 2 not a spread', async () => {
    await setLevel(0);
    let r = await order({ symbol: C105, qty: '1', side: 'sell' });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ code: 40310000, message: 'account not eligible for level1 options trading' });
    await setLevel(1);
    r = await order({ symbol: C100, qty: '1', side: 'buy' });
    expect([r.status, r.body.message]).toEqual([403, 'account not eligible for level2 options trading']);
    // No shares: a call sold to open is naked, refused at any level.
    r = await order({ symbol: C105, qty: '1', side: 'sell' });
    expect(r.status).toBe(403);
    expect(String(r.body.message)).toMatch(/^uncovered call: .* needs 100 shares of AAPL held, the account has 0/);
    await setLevel(2);
    r = await order({ order_class: 'mleg', qty: '1', legs: [{ symbol: C100, ratio_qty: '1', side: 'buy' }, { symbol: C105, ratio_qty: '1', side: 'sell' }] });
    expect([r.status, r.body.message]).toEqual([403, 'account not eligible for level3 options trading']);
  });

  it('multi-leg validation: ratio GCD, one underlying, option legs only, covered shorts, day or gtc, side or intent', async () => {
    const mleg = (legs: unknown[], extra: Record<string, unknown> = {}) => order({ order_class: 'mleg', qty: '1', type: 'limit', limit_price: '1.00', legs, ...extra });
    let r = await mleg([{ symbol: C100, ratio_qty: '2', side: 'buy' }, { symbol: C105, ratio_qty: '4', side: 'sell' }]);
    expect([r.status, r.body.message]).toEqual([422, 'ratio_qty values must be in simplest form (GCD 1), got 2:4']);
    r = await mleg([{ symbol: C100, ratio_qty: '1', side: 'buy' }, { symbol: SPYC, ratio_qty: '1', side: 'sell' }]);
    expect([r.status, r.body.message]).toEqual([422, 'all legs of an mleg order must have the same underlying, got AAPL, SPY']);
    r = await mleg([{ symbol: C100, ratio_qty: '1', side: 'buy' }, { symbol: 'AAPL', ratio_qty: '100', side: 'sell' }]);
    expect([r.status, r.body.message]).toEqual([422, 'leg AAPL is not an option: mleg orders take option legs only']);
    r = await mleg([{ symbol: C105, ratio_qty: '1', side: 'sell' }, { symbol: P100, ratio_qty: '1', side: 'sell' }]);
    expect(r.status).toBe(403);
    expect(String(r.body.message)).toMatch(/^uncovered short leg AAPL240624C00105000/);
    r = await mleg([{ symbol: C100, ratio_qty: '1', side: 'buy' }, { symbol: C105, ratio_qty: '1', side: 'sell' }], { time_in_force: 'ioc' });
    expect([r.status, r.body.message]).toEqual([422, 'mleg orders must be day or gtc orders']);
    r = await mleg([{ symbol: C100, ratio_qty: '1', side: 'buy', position_intent: 'sell_to_open' }, { symbol: C105, ratio_qty: '1', side: 'sell' }]);
    expect([r.status, r.body.message]).toEqual([422, 'position intent mismatch, inferred: sell, specified: buy']);
    r = await mleg([{ symbol: C100, ratio_qty: '1' }, { symbol: C105, ratio_qty: '1', side: 'sell' }]);
    expect([r.status, r.body.message]).toEqual([422, `leg ${C100}: side or position_intent is required`]);
    r = await mleg([{ symbol: C100, ratio_qty: '1', side: 'buy' }, { symbol: C100, ratio_qty: '1', side: 'sell' }]);
    expect(r.status).toBe(422);
    r = await mleg([{ symbol: C100, ratio_qty: '1', side: 'buy' }]);
    expect([r.status, r.body.message]).toEqual([422, 'mleg orders need 2 to 4 legs']);
    // A call spread with intents only (the side inferred), the credit as a negative limit: accepted, then canceled.
    r = await mleg([{ symbol: C100, ratio_qty: '1', position_intent: 'buy_to_open' }, { symbol: C105, ratio_qty: '1', position_intent: 'sell_to_open' }], { limit_price: '0.01' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.order_class).toBe('mleg');
    expect((r.body.legs as { side: string }[]).map((l) => l.side)).toEqual(['buy', 'sell']);
    expect((await call('DELETE', `/v2/orders/${String(r.body.id)}`)).status).toBe(204);
  });
});

describe('expiry at the close and the exercise endpoint', () => {
  it('settles each expiring position: exercise and assignment at the strike when in the money by $0.01, expiry otherwise; exact cash', async () => {
    await setLevel(3);
    const start = new Decimal(String((await call('GET', '/v2/account')).body.cash));
    // 100 shares (covering one call), then the option positions.
    expect((await order({ symbol: 'AAPL', qty: '100', side: 'buy' })).status).toBe(200);
    for (const [symbol, qty, side] of [[C100, '2', 'buy'], [C10499, '1', 'buy'], [P100, '1', 'buy'], [C105, '1', 'sell'], [P110, '1', 'sell']] as const) {
      const r = await order({ symbol, qty, side, position_intent: side === 'buy' ? 'buy_to_open' : 'sell_to_open' });
      expect(r.status, `${symbol}: ${r.text}`).toBe(200);
    }
    const fills = (await call('GET', '/v2/account/activities/FILL?direction=asc')).body as unknown as { symbol: string; qty: string; price: string; side: string }[];
    expect(fills).toHaveLength(6);
    let traded = new Decimal(0);
    for (const f of fills) {
      const value = new Decimal(f.qty).times(f.price).times(f.symbol === 'AAPL' ? 1 : 100);
      traded = f.side === 'buy' ? traded.minus(value) : traded.plus(value);
    }
    // The underlying's last trade before the close is 105.00: C104.99 is in the money by exactly $0.01, C105 is not.
    clock.advanceTo(S1.close - 60_000);
    market.trade('AAPL', 105, clock.now());
    clock.advanceTo(S1.close + 60_000);
    const account = (await call('GET', '/v2/account')).body;
    const positions = (await call('GET', '/v2/positions')).body as unknown as { symbol: string; qty: string; cost_basis: string }[];
    expect(positions.map((p) => [p.symbol, p.qty])).toEqual([['AAPL', '500']]);
    // 100 bought + 200 (2 x C100) + 100 (C104.99) exercised + 100 assigned (P110); P100 and the short C105 expire.
    const delivered = new Decimal(-200 * 100 - 100 * 104.99 - 100 * 110);
    expect(new Decimal(String(account.cash)).toFixed(2)).toBe(start.plus(traded).plus(delivered).toFixed(2));
    const nta = (await call('GET', '/v2/account/activities?activity_types=OPEXC,OPASN,OPEXP,OPTRD&direction=asc')).body as unknown as Record<string, string>[];
    const rows = nta.map((a) => [a.activity_type, a.symbol, a.qty, a.price ?? null, a.net_amount]);
    expect(rows).toEqual([
      ['OPEXC', C100, '-2', null, '0'],
      ['OPTRD', 'AAPL', '200', '100', '-20000'],
      ['OPEXC', C10499, '-1', null, '0'],
      ['OPTRD', 'AAPL', '100', '104.99', '-10499'],
      ['OPEXP', C105, '1', null, '0'],
      ['OPEXP', P100, '-1', null, '0'],
      ['OPASN', P110, '1', null, '0'],
      ['OPTRD', 'AAPL', '100', '110', '-11000'],
    ]);
    for (const a of nta) {
      expect(a.date).toBe('2024-06-24');
      expect(a.status).toBe('executed');
      expect(a.id).toMatch(/^\d{17}::[0-9a-f-]{36}$/);
    }
  });

  it('POST /v2/positions/{symbol}/exercise: 200 with an empty body and the shares; short, missing, unknown and after-hours refusals', async () => {
    clock.advanceTo(S2.open + 30 * 60_000);
    market.quote('AAPL', 104.9, 105.1, clock.now());
    market.setOption(D2C100, 'AAPL', 5.1, 5.3, clock.now());
    expect((await order({ symbol: D2C100, qty: '1', side: 'buy' })).status).toBe(200);
    const before = new Decimal(String((await call('GET', '/v2/account')).body.cash));
    const ok = await call('POST', `/v2/positions/${D2C100}/exercise`);
    expect([ok.status, ok.text]).toEqual([200, '']);
    expect(new Decimal(String((await call('GET', '/v2/account')).body.cash)).toFixed(2)).toBe(before.minus(10_000).toFixed(2));
    const aapl = ((await call('GET', '/v2/positions/AAPL')).body as Record<string, string>).qty;
    expect(aapl).toBe('600');
    let r = await call('POST', `/v2/positions/${D2C100}/exercise`);
    expect([r.status, r.body]).toEqual([403, { code: 40310000, message: 'no available position for the specified contract' }]);
    r = await call('POST', '/v2/positions/NOT-A-CONTRACT/exercise');
    expect([r.status, r.body.code]).toEqual([422, 42210000]);
    // A short position cannot be exercised (its 600 shares cover the call).
    expect((await order({ symbol: D2C100, qty: '1', side: 'sell' })).status).toBe(200);
    r = await call('POST', `/v2/positions/${D2C100}/exercise`);
    expect([r.status, r.body]).toEqual([403, { code: 40310001, message: 'cannot exercise short position' }]);
    expect((await order({ symbol: D2C100, qty: '1', side: 'buy' })).status).toBe(200);
    expect((await order({ symbol: D2C100, qty: '1', side: 'buy' })).status).toBe(200);
    clock.advanceTo(S2.close + 60_000);
    // The close settled the DAY2 contract already (in the money: exercised), so nothing is left to exercise.
    r = await call('POST', `/v2/positions/${D2C100}/exercise`);
    expect(r.status).toBe(403);
  });
});
