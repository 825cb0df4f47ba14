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
});
