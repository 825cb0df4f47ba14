import { describe, expect, it } from 'vitest';
import { demoBasketWeights, demoUniverses, resolveUniverse } from '../../../src-main/bots/universes.js';
import { strategyShorts } from '../../../src-main/bots/bot-execution.js';
import { DEFAULT_SYMBOLS } from '../../../src-main/exchange/market/symbols.js';
import { demoEtfHoldings } from '../../../src-main/exchange/market/demo-universe.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';

describe('named universes of the demo market', () => {
  it('demo is everything the exchange lists; the shaped ones fit their strategies', () => {
    expect(resolveUniverse('demo', DEFAULT_SYMBOLS)).toEqual(DEFAULT_SYMBOLS);
    expect(resolveUniverse('demo', DEFAULT_SYMBOLS)!.length).toBeGreaterThanOrEqual(60);
    const rotation = resolveUniverse('demo:sector-etfs', DEFAULT_SYMBOLS)!;
    expect(rotation).toHaveLength(12);
    expect(rotation.at(-1)).toBe('TLT');
    const xlk = resolveUniverse('demo:XLK', DEFAULT_SYMBOLS)!;
    expect(xlk[0]).toBe('XLK');
    expect(xlk.slice(1)).toEqual(demoEtfHoldings('XLK')!.map((h) => h.symbol));
    expect(resolveUniverse('demo:pairs', DEFAULT_SYMBOLS)).toEqual(expect.arrayContaining(['KO', 'PEP', 'GOOGL', 'GOOG']));
    expect(resolveUniverse('demo:stocks', DEFAULT_SYMBOLS)).not.toContain('SPY');
    expect(resolveUniverse('nope', DEFAULT_SYMBOLS)).toBeUndefined();
    for (const u of demoUniverses(DEFAULT_SYMBOLS)) expect(u.symbols.length, u.id).toBeGreaterThan(0);
  });

  it("gives an etf-basket-arb universe the demo exchange's holdings weights only for the whole basket", () => {
    const xlk = resolveUniverse('demo:XLK', DEFAULT_SYMBOLS)!;
    const weights = demoBasketWeights(xlk)!;
    expect(weights.map((w) => w.symbol)).toEqual(xlk.slice(1));
    expect(weights.reduce((a, w) => a + w.weight, 0)).toBeCloseTo(1, 12);
    expect(weights.every((w) => w.weight > 0)).toBe(true);
    // the holdings in another order are the same basket
    expect(demoBasketWeights([xlk[0]!, ...xlk.slice(1).reverse()])?.length).toBe(weights.length);
    expect(demoBasketWeights(xlk.slice(0, -1))).toBeUndefined();
    expect(demoBasketWeights([...xlk, 'SPY'])).toBeUndefined();
    expect(demoBasketWeights(['AAPL', 'MSFT'])).toBeUndefined();
    expect(demoBasketWeights([])).toBeUndefined();
  });

  it('keeps only what the exchange lists (a replay of two files lists two symbols)', () => {
    expect(resolveUniverse('demo', ['NVDA', 'ORCL'])).toEqual(['NVDA', 'ORCL']);
    expect(resolveUniverse('demo:technology', ['NVDA', 'ORCL'])).toEqual(['NVDA', 'ORCL']);
    expect(resolveUniverse('demo:pairs', ['NVDA', 'ORCL'])).toBeUndefined();
  });
});

describe('which bots sell short', () => {
  it('the long-short arbitrage strategies and allowShort, not the long-only ones', () => {
    const params = (name: string, raw: Record<string, string> = {}) => {
      const definition = STRATEGIES.get(name)!;
      return definition.params.parse(parseParams(definition.params, raw));
    };
    expect(strategyShorts(params('pairs-trading'))).toBe(true);
    expect(strategyShorts(params('stat-arb'))).toBe(true);
    expect(strategyShorts(params('etf-basket-arb'))).toBe(true);
    expect(strategyShorts(params('pairs-trading', { legs: 'long-only' }))).toBe(false);
    expect(strategyShorts(params('earnings-momentum'))).toBe(false);
    expect(strategyShorts(params('sma-cross'))).toBe(false);
    expect(strategyShorts(params('momentum'))).toBe(false);
    expect(strategyShorts({ allowShort: true })).toBe(true);
  });
});
