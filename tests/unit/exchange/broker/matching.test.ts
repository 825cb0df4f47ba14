import { describe, expect, it } from 'vitest';
import { AlpacaHttpError } from '../../../../src-main/exchange/server/route-types.js';
import { S1, S2 } from './fake-market.js';
import { KEY, MIN, setup } from './harness.js';

function rejects(fn: () => unknown): AlpacaHttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AlpacaHttpError) return error;
    throw error;
  }
  throw new Error('expected an AlpacaHttpError');
}

describe('broker matching (Alpaca paper semantics)', () => {
  it('market buy fills at the ask, market sell at the bid', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const response = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
    expect(response.status).toBe('pending_new');
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '4', side: 'sell', type: 'market', time_in_force: 'day' });
    expect(t.log()).toEqual([
      'new AAPL buy market new',
      'fill AAPL buy market filled 10@100.1 pos=10',
      'new AAPL sell market new',
      'fill AAPL sell market filled 4@100 pos=6',
    ]);
    expect(t.state()).toEqual({ cash: '99399', positions: { AAPL: '6' } });
    const fill = t.updates[1];
    expect(fill?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    expect(fill?.execution_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a limit order rests, then fills when the quote crosses it', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '5', side: 'buy', type: 'limit', limit_price: '99.5', time_in_force: 'gtc' });
    t.market.quote('AAPL', 99.6, 99.7, t.now() + 1);
    t.market.quote('AAPL', 99.3, 99.45, t.now() + 2);
    expect(t.log()).toEqual(['new AAPL buy limit new', 'fill AAPL buy limit filled 5@99.45 pos=5']);
    expect(t.state()).toEqual({ cash: '99502.75', positions: { AAPL: '5' } });
  });

  it('a stop triggers on a trade through the stop, and a gap fills at the gap price', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'sell', type: 'stop', stop_price: '98', time_in_force: 'gtc' });
    t.market.quote('AAPL', 98.5, 98.6, t.now() + 1);
    // The market gaps: the first quote below the stop is 95/95.1; the fill is there, not at 98.
    t.market.quote('AAPL', 95, 95.1, t.now() + 2);
    expect(t.log().slice(2)).toEqual(['new AAPL sell stop new', 'fill AAPL sell stop filled 10@95 pos=0']);
    expect(t.state()).toEqual({ cash: '99949', positions: {} });
  });

  it('a buy stop triggers on a trade and fills at the ask', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'stop', stop_price: '101', time_in_force: 'day' });
    t.market.setQuote('AAPL', 100.9, 101.2, t.now() + 1);
    t.market.trade('AAPL', 101, t.now() + 2);
    expect(t.log()).toEqual(['new AAPL buy stop new', 'fill AAPL buy stop filled 1@101.2 pos=1']);
  });

  it('stop_limit triggers, then waits for its limit', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '2', side: 'buy', type: 'stop_limit', stop_price: '101', limit_price: '101.5', time_in_force: 'day' });
    t.market.quote('AAPL', 101.6, 101.7, t.now() + 1);
    expect(t.log()).toEqual(['new AAPL buy stop_limit new']);
    t.market.quote('AAPL', 101.3, 101.4, t.now() + 2);
    expect(t.log()).toEqual(['new AAPL buy stop_limit new', 'fill AAPL buy stop_limit filled 2@101.4 pos=2']);
  });

  it('trailing stops follow the high-water mark (price and percent)', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '2', side: 'buy', type: 'market', time_in_force: 'day' });
    const byPrice = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'sell', type: 'trailing_stop', trail_price: '2', time_in_force: 'gtc' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'sell', type: 'trailing_stop', trail_percent: '5', time_in_force: 'gtc' });
    t.market.trade('AAPL', 110, t.now() + 1);
    const trailing = t.broker.getOrder(KEY, String(byPrice.id), false);
    expect([trailing.hwm, trailing.stop_price]).toEqual(['110', '108']);
    t.market.quote('AAPL', 107.9, 108, t.now() + 2);
    expect(t.log().slice(-1)).toEqual(['fill AAPL sell trailing_stop filled 1@107.9 pos=1']);
    t.market.quote('AAPL', 104.4, 104.5, t.now() + 3);
    expect(t.log().slice(-1)).toEqual(['fill AAPL sell trailing_stop filled 1@104.4 pos=0']);
  });

  it('ioc fills what it can and cancels the rest; fok is all or nothing', () => {
    const t = setup({ partialFillShare: 1 });
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', limit_price: '100.1', time_in_force: 'ioc' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', limit_price: '100.1', time_in_force: 'fok' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', limit_price: '99', time_in_force: 'fok' });
    const log = t.log();
    expect(log[0]).toBe('new AAPL buy limit new');
    expect(log[1]).toMatch(/^partial_fill AAPL buy limit partially_filled \d+@100.1 pos=\d+$/);
    expect(log.slice(2)).toEqual([
      'canceled AAPL buy limit canceled',
      'new AAPL buy limit new',
      expect.stringMatching(/^fill AAPL buy limit filled 10@100.1 pos=\d+$/),
      'new AAPL buy limit new',
      'canceled AAPL buy limit canceled',
    ]);
  });

  it('partial fills complete on later quotes and are deterministic for a seed', () => {
    const run = () => {
      const t = setup({ partialFillShare: 0.5, seed: 42 });
      t.market.setQuote('AAPL', 100, 100.1, t.now());
      for (let i = 0; i < 5; i++) t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
      for (let i = 1; i <= 5; i++) t.market.quote('AAPL', 100, 100.1 + i / 100, t.now() + i);
      return { log: t.log(), state: t.state() };
    };
    const first = run();
    expect(first.log.some((line) => line.startsWith('partial_fill'))).toBe(true);
    expect(first.state.positions).toEqual({ AAPL: '50' });
    expect(run()).toEqual(first);
  });

  it('opg fills at the open, cls at the close', () => {
    const t = setup({ at: S1.sessionOpen + 30 * MIN });
    t.market.setQuote('AAPL', 99, 99.2, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '3', side: 'buy', type: 'market', time_in_force: 'opg' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'sell', type: 'market', time_in_force: 'cls' });
    t.market.trade('AAPL', 99.1, S1.open - MIN);
    expect(t.log()).toEqual(['new AAPL buy market new', 'new AAPL sell market new']);
    t.at(S1.open);
    t.market.trade('AAPL', 100, S1.open);
    expect(t.log().slice(-1)).toEqual(['fill AAPL buy market filled 3@100 pos=3']);
    t.market.trade('AAPL', 104, S1.close - 1000);
    t.market.quote('AAPL', 103, 103.5, S1.close + 1000);
    expect(t.log().slice(-1)).toEqual(['fill AAPL sell market filled 1@104 pos=2']);
  });

  it('outside hours orders wait as accepted; extended-hours day limits fill pre-market', () => {
    const t = setup({ at: S1.sessionOpen + 30 * MIN });
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const waiting = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' });
    expect(waiting.status).toBe('accepted');
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '2', side: 'buy', type: 'limit', limit_price: '100.2', time_in_force: 'day', extended_hours: true });
    expect(t.log()).toEqual(['new AAPL buy limit new', 'fill AAPL buy limit filled 2@100.1 pos=2']);
    t.at(S1.open);
    t.market.quote('AAPL', 100.2, 100.3, S1.open);
    expect(t.log().slice(2)).toEqual(['pending_new AAPL buy market pending_new', 'new AAPL buy market new', 'fill AAPL buy market filled 1@100.3 pos=3']);
  });

  it('a partly filled day order is done_for_day at the close and expires before the next session', () => {
    const t = setup({ partialFillShare: 1, seed: 5 });
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const order = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', limit_price: '100.1', time_in_force: 'day' });
    t.market.quote('AAPL', 100.5, 100.6, t.now() + 1);
    const partial = t.log()[1] ?? '';
    const filled = /partial_fill AAPL buy limit partially_filled (\d+)@100.1 pos=\1/.exec(partial)?.[1];
    expect(filled, partial).toBeDefined();
    t.market.quote('AAPL', 100.5, 100.6, S1.close + 1);
    expect(t.log().slice(2)).toEqual(['done_for_day AAPL buy limit done_for_day']);
    expect(t.broker.getOrder(KEY, String(order.id), false)).toMatchObject({ status: 'done_for_day', filled_qty: filled, expired_at: null });
    // Done for the day: a marketable quote after the close does not fill it.
    t.market.quote('AAPL', 99, 99.1, S1.close + 2);
    expect(t.log().length).toBe(3);
    t.market.quote('AAPL', 99, 99.1, S2.sessionOpen);
    expect(t.log().slice(3)).toEqual(['expired AAPL buy limit expired']);
    expect(t.state()).toEqual({ cash: String(100000 - Number(filled) * 100.1), positions: { AAPL: filled } });
  });

  it('a partly filled bracket entry is done_for_day with its legs still held; they expire with it', () => {
    const t = setup({ partialFillShare: 1, seed: 5 });
    t.market.setQuote('SPY', 300, 300.1, t.now());
    t.broker.submitOrder(KEY, {
      symbol: 'SPY', qty: '10', side: 'buy', type: 'limit', limit_price: '300.1', time_in_force: 'day', order_class: 'bracket',
      take_profit: { limit_price: '310' }, stop_loss: { stop_price: '290' },
    });
    t.market.quote('SPY', 300.5, 300.6, S1.close + 1);
    expect(t.log().slice(1).map((line) => line.split(' ').slice(0, 4).join(' '))).toEqual(['partial_fill SPY buy limit', 'done_for_day SPY buy limit']);
    t.market.quote('SPY', 300.5, 300.6, S2.sessionOpen);
    expect(t.log().slice(3)).toEqual(['expired SPY buy limit expired', 'expired SPY sell limit expired', 'expired SPY sell stop expired']);
  });

  it('a done_for_day order can still be canceled', () => {
    const t = setup({ partialFillShare: 1, seed: 5 });
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const order = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', limit_price: '100.1', time_in_force: 'day' });
    t.market.quote('AAPL', 100.5, 100.6, S1.close + 1);
    t.broker.cancelOrder(KEY, String(order.id));
    t.runVenue();
    expect(t.log().slice(2).map((line) => line.split(' ')[0])).toEqual(['done_for_day', 'pending_cancel', 'canceled']);
  });

  it('day orders expire at the close', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '90', time_in_force: 'day' });
    t.market.quote('AAPL', 100, 100.1, S1.close + 1);
    expect(t.log()).toEqual(['new AAPL buy limit new', 'expired AAPL buy limit expired']);
  });

  it('notional buys fractional shares, exactly', () => {
    const t = setup();
    t.market.setQuote('AAPL', 137.6, 137.62, t.now());
    const response = t.broker.submitOrder(KEY, { symbol: 'AAPL', notional: '500', side: 'buy', type: 'market', time_in_force: 'day' });
    expect([response.notional, response.qty]).toEqual(['500', null]);
    expect(t.log()).toEqual(['new AAPL buy market new', 'fill AAPL buy market filled 3.633192849@137.62 pos=3.633192849']);
    expect(t.state().cash).toBe('99500.00000012062');
  });

  it('a replace racing a fill: the fill wins and the replace is rejected', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const order = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '99', time_in_force: 'gtc' });
    const replacement = t.broker.replaceOrder(KEY, String(order.id), { limit_price: '98' });
    expect(replacement.replaces).toBe(order.id);
    t.market.quote('AAPL', 98.9, 99, t.now() + 1);
    t.runVenue();
    expect(t.log()).toEqual([
      'new AAPL buy limit new',
      'pending_replace AAPL buy limit pending_replace',
      'fill AAPL buy limit filled 1@99 pos=1',
      'order_replace_rejected AAPL buy limit filled',
      'rejected AAPL buy limit rejected',
    ]);
  });

  it('a replace without a race: old replaced, new order live', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const order = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '99', time_in_force: 'gtc' });
    const replacement = t.broker.replaceOrder(KEY, String(order.id), { limit_price: '98', qty: '2' });
    t.runVenue();
    expect(t.log()).toEqual(['new AAPL buy limit new', 'pending_replace AAPL buy limit pending_replace', 'replaced AAPL buy limit replaced', 'new AAPL buy limit new']);
    expect(t.broker.getOrder(KEY, String(order.id), false).replaced_by).toBe(replacement.id);
    expect(t.broker.getOrder(KEY, String(replacement.id), false)).toMatchObject({ qty: '2', limit_price: '98', status: 'new' });
  });

  it('cancel: pending_cancel then canceled; cancel of a filled order is 422 and changes nothing', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    const resting = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '99', time_in_force: 'gtc' });
    t.broker.cancelOrder(KEY, String(resting.id));
    t.runVenue();
    const filled = t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' });
    const before = { state: t.state(), events: t.updates.length };
    expect(rejects(() => t.broker.cancelOrder(KEY, String(filled.id))).status).toBe(422);
    expect({ state: t.state(), events: t.updates.length }).toEqual(before);
    expect(t.log().slice(0, 3)).toEqual(['new AAPL buy limit new', 'pending_cancel AAPL buy limit pending_cancel', 'canceled AAPL buy limit canceled']);
    expect(rejects(() => t.broker.cancelOrder(KEY, 'nope')).status).toBe(404);
  });

  it('bracket: legs held, take-profit new after the entry fills, stop-loss canceled when it fills', () => {
    const t = setup();
    t.market.setQuote('SPY', 300, 300.1, t.now());
    const response = t.broker.submitOrder(KEY, {
      symbol: 'SPY', qty: '100', side: 'buy', type: 'market', time_in_force: 'gtc', order_class: 'bracket',
      take_profit: { limit_price: '301' }, stop_loss: { stop_price: '299', limit_price: '298.5' },
    });
    const legs = response.legs as Record<string, unknown>[];
    expect(legs.map((leg) => [leg.type, leg.status])).toEqual([['limit', 'held'], ['stop_limit', 'held']]);
    t.market.quote('SPY', 301, 301.1, t.now() + 1);
    expect(t.log()).toEqual([
      'new SPY buy market new',
      'fill SPY buy market filled 100@300.1 pos=100',
      'new SPY sell limit new',
      'fill SPY sell limit filled 100@301 pos=0',
      'canceled SPY sell stop_limit canceled',
    ]);
    expect(t.state()).toEqual({ cash: '100090', positions: {} });
  });

  it('bracket stop-loss: held until touched, then fills and cancels the take-profit', () => {
    const t = setup();
    t.market.setQuote('SPY', 300, 300.1, t.now());
    t.broker.submitOrder(KEY, {
      symbol: 'SPY', qty: '10', side: 'buy', type: 'market', time_in_force: 'gtc', order_class: 'bracket',
      take_profit: { limit_price: '310' }, stop_loss: { stop_price: '295' },
    });
    t.market.quote('SPY', 294, 294.1, t.now() + 1);
    expect(t.log().slice(2)).toEqual(['new SPY sell limit new', 'new SPY sell stop new', 'fill SPY sell stop filled 10@294 pos=0', 'canceled SPY sell limit canceled']);
  });

  it('OCO: one side fills, the other is canceled; OTO: the leg starts after the entry', () => {
    const t = setup();
    t.market.setQuote('SPY', 300, 300.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
    const oco = t.broker.submitOrder(KEY, {
      symbol: 'SPY', qty: '10', side: 'sell', type: 'limit', time_in_force: 'gtc', order_class: 'oco',
      take_profit: { limit_price: '305' }, stop_loss: { stop_price: '295' },
    });
    expect([oco.status, (oco.legs as Record<string, unknown>[])[0]?.status]).toEqual(['pending_new', 'held']);
    t.market.quote('SPY', 305, 305.1, t.now() + 1);
    expect(t.log().slice(2)).toEqual(['new SPY sell limit new', 'fill SPY sell limit filled 10@305 pos=0', 'canceled SPY sell stop canceled']);
    t.updates.length = 0;
    t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '5', side: 'buy', type: 'limit', limit_price: '304', time_in_force: 'gtc', order_class: 'oto', stop_loss: { stop_price: '290' } });
    t.market.quote('SPY', 303.9, 304, t.now() + 2);
    expect(t.log()).toEqual(['new SPY buy limit new', 'fill SPY buy limit filled 5@304 pos=5', 'new SPY sell stop new']);
  });

  it('mleg fills as a package against the option quotes', () => {
    const t = setup();
    t.market.setOption('AAPL240719C00100000', 'AAPL', 5, 5.2, t.now());
    t.market.setOption('AAPL240719C00110000', 'AAPL', 1, 1.1, t.now());
    const order = t.broker.submitOrder(KEY, {
      order_class: 'mleg', qty: '2', type: 'limit', limit_price: '4.2', time_in_force: 'day',
      legs: [
        { symbol: 'AAPL240719C00100000', ratio_qty: '1', side: 'buy', position_intent: 'buy_to_open' },
        { symbol: 'AAPL240719C00110000', ratio_qty: '1', side: 'sell', position_intent: 'sell_to_open' },
      ],
    });
    expect(order.order_class).toBe('mleg');
    expect(t.log()).toEqual([
      'new  buy limit new',
      'fill AAPL240719C00100000 buy limit filled 2@5.2 pos=2',
      'fill AAPL240719C00110000 sell limit filled 2@1 pos=-2',
      'fill  buy limit filled 2@4.2 pos=0',
    ]);
    expect(t.state()).toEqual({ cash: '99160', positions: { AAPL240719C00100000: '2', AAPL240719C00110000: '-2' } });
  });

  it('rejections change nothing: buying power, shorting, qty held, duplicate client_order_id, bad input', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.market.setQuote('HARD', 10, 10.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'mine-1' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'sell', type: 'limit', limit_price: '200', time_in_force: 'gtc' });
    const before = { state: t.state(), events: t.updates.length, orders: t.broker.ordersOf(KEY).length };
    const cases: [Record<string, unknown>, number, Record<string, unknown>][] = [
      [{ symbol: 'AAPL', qty: '10000', side: 'buy', type: 'market', time_in_force: 'day' }, 403, { code: 40310000, message: 'insufficient buying power' }],
      [{ symbol: 'AAPL', qty: '1', side: 'sell', type: 'market', time_in_force: 'day' }, 403, { code: 40310000, message: 'insufficient qty available for order (requested: 1, available: 0)', existing_qty: '10', held_for_orders: '10', available: '0', symbol: 'AAPL' }],
      [{ symbol: 'HARD', qty: '1', side: 'sell', type: 'market', time_in_force: 'day' }, 403, { code: 40310000 }],
      [{ symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'mine-1' }, 422, { code: 40010001, message: 'client_order_id must be unique' }],
      [{ symbol: 'AAPL', qty: '1', notional: '5', side: 'buy', type: 'market', time_in_force: 'day' }, 422, { code: 40010001, message: 'only one of qty or notional is accepted' }],
      [{ symbol: 'AAPL', side: 'buy', type: 'market', time_in_force: 'day' }, 422, { code: 40010001, message: 'qty or notional is required' }],
      [{ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '290.123', time_in_force: 'day' }, 422, { code: 42210000, message: 'invalid limit_price 290.123. sub-penny increment does not fulfill minimum pricing criteria' }],
      [{ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', time_in_force: 'day' }, 422, { message: 'limit_price is required' }],
      [{ symbol: 'NOPE', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' }, 422, {}],
      [{ symbol: 'AAPL', qty: '0', side: 'buy', type: 'market', time_in_force: 'day' }, 422, {}],
      [{ symbol: 'AAPL', qty: '-3', side: 'buy', type: 'market', time_in_force: 'day' }, 422, {}],
    ];
    for (const [body, status, expected] of cases) {
      const error = rejects(() => t.broker.submitOrder(KEY, body));
      expect([error.status, error.body]).toEqual([status, expect.objectContaining(expected)]);
    }
    t.broker.updateConfigurations(KEY, { no_shorting: true });
    expect(rejects(() => t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '1', side: 'sell', type: 'market', time_in_force: 'day' })).body).toEqual({
      code: 40310000,
      message: 'account is not allowed to short',
    });
    expect({ state: t.state(), events: t.updates.length, orders: t.broker.ordersOf(KEY).length }).toEqual(before);
  });

  it('short sale: allowed on a margin account, position goes negative, cash grows', () => {
    const t = setup();
    t.market.setQuote('SPY', 300, 300.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '2', side: 'sell', type: 'market', time_in_force: 'day' });
    expect(t.state()).toEqual({ cash: '100600', positions: { SPY: '-2' } });
  });
});

describe('account figures', () => {
  it('equity = cash + positions at the mark', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
    t.market.trade('AAPL', 105, t.now() + 1);
    const figures = t.broker.figuresOf(KEY);
    expect(figures.equity.toFixed()).toBe('100049');
    expect(figures.longValue.toFixed()).toBe('1050');
    void S2;
  });
});
