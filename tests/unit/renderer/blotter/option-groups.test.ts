import { describe, expect, it } from 'vitest';
import { groupOptionPositions, strategyName, type OptionLegPosition } from '../../../../src-renderer/features/blotter/option-groups.js';

const leg = (right: 'call' | 'put', strike: number, qty: number): OptionLegPosition => ({ symbol: `X${right}${strike}`, right, strike, qty });

describe('option positions grouped by strategy', () => {
  it('names the structures the Options tab builds', () => {
    expect(strategyName([leg('put', 475, 1), leg('put', 485, -1), leg('call', 505, -1), leg('call', 515, 1)])).toBe('Iron condor');
    expect(strategyName([leg('put', 490, 1), leg('put', 500, -1), leg('call', 500, -1), leg('call', 510, 1)])).toBe('Iron butterfly');
    expect(strategyName([leg('call', 495, 1), leg('call', 505, -1)])).toBe('Call vertical');
    expect(strategyName([leg('call', 500, -2), leg('put', 500, -2)])).toBe('Short straddle');
    expect(strategyName([leg('call', 510, 1), leg('put', 490, 1)])).toBe('Long strangle');
    expect(strategyName([leg('call', 490, 1), leg('call', 500, -2), leg('call', 510, 1)])).toBe('Call butterfly');
    expect(strategyName([leg('put', 490, -1)])).toBe('Short put');
    // A condor with one wing doubled is not a condor.
    expect(strategyName([leg('put', 475, 2), leg('put', 485, -1), leg('call', 505, -1), leg('call', 515, 1)])).toBe('Custom (4 legs)');
  });

  it('groups by underlying and expiry, leaves stock out, and sums greeks in dollars per contract x 100', () => {
    const positions = [
      { symbol: 'SPY240328P00475000', qty: '2' },
      { symbol: 'SPY240328P00485000', qty: '-2' },
      { symbol: 'SPY240328C00505000', qty: '-2' },
      { symbol: 'SPY240328C00515000', qty: '2' },
      { symbol: 'SPY240419C00500000', qty: '1' },
      { symbol: 'SPY', qty: '100' },
    ];
    const greeks = new Map([
      ['SPY240328P00475000', { delta: -0.05, gamma: 0.01, theta: -0.02, vega: 0.1 }],
      ['SPY240328P00485000', { delta: -0.15, gamma: 0.02, theta: -0.05, vega: 0.2 }],
      ['SPY240328C00505000', { delta: 0.2, gamma: 0.02, theta: -0.05, vega: 0.2 }],
      ['SPY240328C00515000', { delta: 0.06, gamma: 0.01, theta: -0.02, vega: 0.1 }],
    ]);
    const groups = groupOptionPositions(positions, (s) => greeks.get(s) ?? null);
    expect(groups.map((g) => `${g.underlying} ${g.expiry} ${g.strategy}`)).toEqual(['SPY 2024-03-28 Iron condor', 'SPY 2024-04-19 Long call']);
    // Delta: 200 x (-0.05 + 0.15 - 0.20 + 0.06) = -8.
    expect(groups[0]!.greeks?.delta).toBeCloseTo(-8, 9);
    expect(groups[0]!.greeks?.gamma).toBeCloseTo(200 * (0.01 - 0.02 - 0.02 + 0.01), 9);
    expect(groups[0]!.greeks?.theta).toBeCloseTo(200 * (-0.02 + 0.05 + 0.05 - 0.02), 9);
    // No greeks for the April call: the group says so rather than showing a partial sum.
    expect(groups[1]!.greeks).toBeNull();
  });

  it('joins two expiries of one right into a calendar or diagonal, one group with both legs and their summed greeks', () => {
    const greeks = new Map([
      ['SPY240328C00500000', { delta: 0.5, gamma: 0.04, theta: -0.2, vega: 0.3 }],
      ['SPY240419C00500000', { delta: 0.52, gamma: 0.03, theta: -0.1, vega: 0.5 }],
    ]);
    const calendar = groupOptionPositions([{ symbol: 'SPY240328C00500000', qty: '-1' }, { symbol: 'SPY240419C00500000', qty: '1' }], (s) => greeks.get(s) ?? null);
    expect(calendar.map((g) => `${g.expiry} ${g.strategy} ${g.legs.map((l) => l.expiry).join(',')}`)).toEqual(['2024-03-28 / 2024-04-19 Call calendar 2024-03-28,2024-04-19']);
    // theta: 100 x (0.2 - 0.1) = +10 a day (the short near month decays faster)
    expect(calendar[0]!.greeks?.theta).toBeCloseTo(10, 9);
    const diagonal = groupOptionPositions([{ symbol: 'SPY240328P00490000', qty: '-2' }, { symbol: 'SPY240419P00480000', qty: '2' }], () => null);
    expect(diagonal.map((g) => g.strategy)).toEqual(['Put diagonal']);
    expect(groupOptionPositions([{ symbol: 'SPY240328C00500000', qty: '1' }, { symbol: 'SPY240419C00500000', qty: '-1' }], () => null)[0]!.strategy).toBe('Reverse call calendar');
    // different sizes, or a call against a put, are no time spread: one group per expiry
    expect(groupOptionPositions([{ symbol: 'SPY240328C00500000', qty: '-1' }, { symbol: 'SPY240419C00500000', qty: '2' }], () => null).map((g) => g.strategy)).toEqual(['Short call', 'Long call']);
    expect(groupOptionPositions([{ symbol: 'SPY240328C00500000', qty: '-1' }, { symbol: 'SPY240419P00500000', qty: '1' }], () => null)).toHaveLength(2);
  });

  it('names covered calls, protective puts and collars only when the shares cover the contracts, counting shares once', () => {
    const names = (positions: Array<{ symbol: string; qty: string }>) => groupOptionPositions(positions, () => null).map((g) => `${g.strategy}${g.shares ? ` (${g.shares} sh)` : ''}`);
    expect(names([{ symbol: 'AAPL', qty: '200' }, { symbol: 'AAPL240419C00190000', qty: '-2' }])).toEqual(['Covered call (200 sh)']);
    expect(names([{ symbol: 'AAPL', qty: '150' }, { symbol: 'AAPL240419C00190000', qty: '-2' }])).toEqual(['Short call']);
    expect(names([{ symbol: 'AAPL', qty: '100' }, { symbol: 'AAPL240419P00170000', qty: '1' }])).toEqual(['Protective put (100 sh)']);
    expect(names([{ symbol: 'AAPL', qty: '100' }, { symbol: 'AAPL240419P00170000', qty: '1' }, { symbol: 'AAPL240419C00190000', qty: '-1' }])).toEqual(['Collar (100 sh)']);
    // short stock covers nothing; another underlying's shares cover nothing
    expect(names([{ symbol: 'AAPL', qty: '-100' }, { symbol: 'AAPL240419C00190000', qty: '-1' }])).toEqual(['Short call']);
    expect(names([{ symbol: 'MSFT', qty: '100' }, { symbol: 'AAPL240419C00190000', qty: '-1' }])).toEqual(['Short call']);
    // 100 shares cover the March call; the April call finds none left
    expect(names([{ symbol: 'AAPL', qty: '100' }, { symbol: 'AAPL240328C00190000', qty: '-1' }, { symbol: 'AAPL240419C00195000', qty: '-1' }, { symbol: 'AAPL240419C00200000', qty: '1' }])).toEqual(['Covered call (100 sh)', 'Call vertical']);
  });
});
