import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { killSelection } from '../../../../src-main/kernel/orders/kill-switch.js';
import type { VenueOrder } from '../../../../src-main/kernel/orders/venue.js';

const order = (id: string, fields: Partial<VenueOrder>): VenueOrder => ({
  id,
  clientOrderId: id,
  symbol: 'AAPL',
  side: 'buy',
  type: 'limit',
  timeInForce: 'gtc',
  orderClass: 'simple',
  qty: '10',
  notional: null,
  limitPrice: '1',
  stopPrice: null,
  filledQty: '0',
  filledAvgPrice: null,
  status: 'new',
  extendedHours: false,
  createdAt: 0,
  updatedAt: 0,
  replaces: null,
  replacedBy: null,
  legs: [],
  ...fields,
});

/** Which open orders the kill switch cancels without flatten: everything but the exits that protect a position. */
describe('killSelection', () => {
  const long10 = new Map([['AAPL', new Decimal(10)]]);
  const legs = new Set(['tp', 'sl', 'held-tp', 'held-sl']);
  const isLeg = (o: VenueOrder): boolean | undefined => (legs.has(o.id) ? true : o.id.startsWith('ext') ? undefined : false);
  const ids = (list: VenueOrder[]): string[] => list.map((o) => o.id).sort();

  it('keeps a filled bracket’s legs, cancels an unfilled bracket’s entry (its held legs go with it)', () => {
    const open = [
      order('tp', { orderClass: 'bracket', side: 'sell', type: 'limit' }),
      order('sl', { orderClass: 'bracket', side: 'sell', type: 'stop' }),
      order('entry', { orderClass: 'bracket', type: 'limit' }),
      order('held-tp', { orderClass: 'bracket', side: 'sell', status: 'held' }),
      order('held-sl', { orderClass: 'bracket', side: 'sell', type: 'stop', status: 'held' }),
    ];
    const { cancel, keep } = killSelection(open, long10, isLeg);
    expect(ids(keep)).toEqual(['sl', 'tp']);
    expect(ids(cancel)).toEqual(['entry']);
  });

  it('keeps OCOs and stops that reduce the position; cancels stops that would open or grow one, and every other order', () => {
    const open = [
      order('oco', { orderClass: 'oco', side: 'sell' }),
      order('stop-reduce', { type: 'stop', side: 'sell', qty: '10' }),
      order('stop-too-big', { type: 'stop', side: 'sell', qty: '11' }),
      order('stop-grow', { type: 'stop', side: 'buy', qty: '1' }),
      order('stop-other', { type: 'stop', side: 'sell', symbol: 'SPY' }),
      order('limit-buy', {}),
      order('market-sell', { type: 'market', side: 'sell' }),
      order('canceling', { status: 'pending_cancel' }),
    ];
    const { cancel, keep } = killSelection(open, long10, isLeg);
    expect(ids(keep)).toEqual(['oco', 'stop-reduce']);
    expect(ids(cancel)).toEqual(['limit-buy', 'market-sell', 'stop-grow', 'stop-other', 'stop-too-big']);
  });

  it('an order the journal does not know: a bracket stop counts as its stop-loss leg', () => {
    const { keep, cancel } = killSelection([order('ext-sl', { orderClass: 'bracket', type: 'stop', side: 'sell' }), order('ext-entry', { orderClass: 'bracket', type: 'market' })], long10, isLeg);
    expect(ids(keep)).toEqual(['ext-sl']);
    expect(ids(cancel)).toEqual(['ext-entry']);
  });
});
