import { describe, expect, it } from 'vitest';
import { orderIntent } from '../../../../src-shared/domain/order-intent.js';
import { isValidatedIntent, OrderFactory } from '../../../../src-main/kernel/strategy/order-factory.js';

/**
 * Market orders of a new size reuse the schema-checked order of their symbol, side and time in force with the qty
 * replaced: each must still be exactly what the schema makes of the same input (fields, values, their order: the
 * journal stores it as JSON), frozen and marked validated, and a bad size must still be refused.
 */
describe('OrderFactory.market', () => {
  it('every size is the schema parse of the same input, field for field and in the same order', () => {
    const f = new OrderFactory();
    for (const [symbol, side, tif] of [['AAPL', 'buy', 'day'], ['MSFT', 'sell', 'gtc'], ['AAPL', 'buy', 'day']] as const) {
      for (const qty of [1, 7, 250, 0.5, 1234.125, 3e-9 * 1e3]) {
        const intent = f.market(symbol, side, qty, tif);
        const parsed = orderIntent.parse({ symbol, side, type: 'market', timeInForce: tif, qty: intent.qty });
        expect(JSON.stringify(intent)).toBe(JSON.stringify(parsed));
        expect(Object.isFrozen(intent)).toBe(true);
        expect(isValidatedIntent(intent)).toBe(true);
      }
    }
    expect(f.market('AAPL', 'buy', 7).qty).toBe('7');
    expect(f.market('AAPL', 'buy', 0.5).qty).toBe('0.5');
  });

  it('marks only what it built: a copy, a parsed equal, a JSON round trip or a non-object is not taken as validated', () => {
    const f = new OrderFactory();
    const made = [f.market('AAPL', 'buy', 3), f.market('AAPL', 'buy', 4), f.limit('AAPL', 'sell', 2, 101.5)];
    for (const intent of made) {
      expect(isValidatedIntent(intent)).toBe(true);
      expect(isValidatedIntent({ ...intent })).toBe(false);
      expect(isValidatedIntent(orderIntent.parse(intent))).toBe(false);
      expect(isValidatedIntent(JSON.parse(JSON.stringify(intent)) as typeof intent)).toBe(false);
      expect(isValidatedIntent(structuredClone(intent))).toBe(false);
      // The mark leaves no trace in what is stored or sent.
      expect(Object.getOwnPropertySymbols(intent)).toEqual([]);
      expect(JSON.stringify(intent)).toBe(JSON.stringify({ ...intent }));
    }
    expect(isValidatedIntent(undefined as never)).toBe(false);
    expect(isValidatedIntent('market' as never)).toBe(false);
  });

  it('refuses a size the schema would refuse, before and after a template exists', () => {
    const f = new OrderFactory();
    expect(() => f.market('NVDA', 'buy', 0)).toThrow(/qty must be a positive number/);
    f.market('NVDA', 'buy', 3);
    expect(() => f.market('NVDA', 'buy', -2)).toThrow(/qty must be a positive number/);
    expect(() => f.market('NVDA', 'buy', 1e-12)).toThrow(/too small/);
    expect(() => f.market('nvda', 'buy', 3)).toThrow(/bad order/);
  });
});
