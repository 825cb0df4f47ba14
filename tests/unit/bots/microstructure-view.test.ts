import { describe, expect, it } from 'vitest';
import { microstructureView } from '../../../src-main/bots/microstructure-view.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';

const order = (source: string, side: 'buy' | 'sell', price: string, qty: string, filled = '0', type = 'limit'): OrderRecord =>
  ({ clientOrderId: `${side}${price}`, source, status: 'new', filledQty: filled, intent: { symbol: 'X', side, type, qty, limitPrice: price, timeInForce: 'day' } }) as unknown as OrderRecord;

describe('microstructureView', () => {
  it('shows the bot\'s best working bid and ask (unfilled part), its inventory and markouts per symbol', () => {
    const view = microstructureView(
      'bot:mm',
      [{ symbol: 'X', qty: '-200' }],
      [order('bot:mm', 'buy', '9.98', '100', '40'), order('bot:mm', 'buy', '9.97', '100'), order('bot:mm', 'sell', '10.03', '100'), order('bot:other', 'sell', '10.01', '100'), order('bot:mm', 'sell', '10.02', '50', '0', 'market')],
      [{ symbol: 'Y', fills: 3, pending: 1, qty: 300, effectiveSpread: 0.01, realisedSpread: -0.02, adverseSelection: 0.03 }],
      { used: 7, limit: 120, globalUsed: 9, globalLimit: 180 },
    );
    expect(view.symbols).toEqual([
      { symbol: 'X', inventory: -200, bid: { price: 9.98, qty: 60 }, ask: { price: 10.03, qty: 100 }, fills: 0, pending: 0, effectiveSpread: 0, realisedSpread: 0, adverseSelection: 0 },
      { symbol: 'Y', inventory: 0, bid: null, ask: null, fills: 3, pending: 1, effectiveSpread: 0.01, realisedSpread: -0.02, adverseSelection: 0.03 },
    ]);
    expect(view.requests).toEqual({ used: 7, limit: 120, globalUsed: 9, globalLimit: 180 });
  });
});
