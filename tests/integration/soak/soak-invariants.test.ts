import { describe, expect, it } from 'vitest';
import type { RecordingExchange } from '../../support/soak/recording-exchange.js';
import { journalDifferences, ordersAfterTrips, positionDifferences, type HaltWindow, type LocalOrder } from '../../support/soak/soak-invariants.js';

/** The soak's checks themselves: each must see the breach it names, and nothing else. */
function exchangeWith(orders: Array<{ clientOrderId: string; id: string; status: string; filledQty: string }>, positions: Record<string, string> = {}): RecordingExchange {
  return {
    orders: () => orders.map((o) => ({ ...o, symbol: 'AAPL' })),
    positions: () => new Map(Object.entries(positions)),
  } as unknown as RecordingExchange;
}
const local = (clientOrderId: string, brokerOrderId: string | null, status: string, filledQty = '0', rejectCode: string | null = null): LocalOrder => ({ clientOrderId, brokerOrderId, status, filledQty, external: false, rejectCode });

describe('soak invariants', () => {
  it('an order request after the trip and before the reset is caught; before the trip or after the reset it is not', () => {
    const window: HaltWindow = { sentAt: 1_000, hostAt: 1_010, resumedAt: 5_000, step: 3 };
    const requests = [900, 1_010, 1_011, 4_999, 5_000].map((at) => ({ at, clientOrderId: `o${at}`, label: `o${at}` }));
    expect(ordersAfterTrips(requests, [window], 0).map((f) => [f.request.at, f.afterMs])).toEqual([
      [1_011, 1],
      [4_999, 3_989],
    ]);
    // Still halted: everything after the trip counts; the host's time unknown: the send time plus an allowance.
    expect(ordersAfterTrips(requests, [{ ...window, hostAt: undefined, resumedAt: undefined }], 0).map((f) => f.request.at)).toEqual([4_999, 5_000]);
  });

  it('the journal agrees with the exchange order by order: status, filled quantity (as decimals), presence on both sides', () => {
    const exchange = exchangeWith([
      { clientOrderId: 'a', id: 'A', status: 'filled', filledQty: '5' },
      { clientOrderId: 'b', id: 'B', status: 'new', filledQty: '0' },
    ]);
    expect(journalDifferences([local('a', 'A', 'filled', '5.000000000'), local('b', 'B', 'new'), local('r', null, 'rejected'), local('h', null, 'journaled', '0', 'HELD_WHILE_HALTED')], exchange)).toEqual([]);
    const found = journalDifferences([local('a', 'A', 'new'), local('j', null, 'journaled'), local('x', 'X', 'new')], exchange);
    expect(found).toEqual([
      'a: journal new filled 0, exchange filled filled 5',
      'exchange order b (AAPL new) is not in the journal',
      'j: journaled in the journal with no broker order',
      'x: the journal names broker order X, which the exchange does not have',
    ]);
  });

  it('positions reconcile exactly, flat ones ignored', () => {
    const exchange = exchangeWith([], { AAPL: '3', SPY: '-2' });
    expect(positionDifferences([{ symbol: 'AAPL', qty: '3.000000000' }, { symbol: 'SPY', qty: '-2' }, { symbol: 'QQQ', qty: '0' }], exchange)).toEqual([]);
    expect(positionDifferences([{ symbol: 'AAPL', qty: '2' }], exchange)).toEqual(['AAPL: host 2, exchange 3', 'SPY: host 0, exchange -2']);
  });
});
