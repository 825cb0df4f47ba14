import { describe, expect, it } from 'vitest';
import type { ChainRow } from '../../../../src-shared/ipc/options-schemas.js';
import { buildSurface, MONEYNESS } from '../../../../src-renderer/features/options/surface-data.js';
import { compileSizeExpr } from '../../../../scripts/vite-claygl-no-eval.js';

const row = (expiration: string, type: 'call' | 'put', strike: number, iv: number | null): ChainRow => ({
  symbol: `SPY${expiration.slice(2).replaceAll('-', '')}${type === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`,
  type,
  strike,
  expiration,
  bid: 1,
  ask: 1.1,
  bidSize: 1,
  askSize: 1,
  last: 1,
  quoteT: 0,
  volume: null,
  openInterest: null,
  iv,
  greeks: null,
  greeksSource: 'alpaca',
  inTheMoney: false,
});

describe('the IV surface from a chain snapshot', () => {
  const asOf = Date.parse('2024-03-06T20:00:00Z');
  const rows = [
    // Out of the money: puts below the spot (100), calls above. In-the-money rows carry other IVs and must be ignored.
    row('2024-03-13', 'put', 90, 0.3), row('2024-03-13', 'call', 90, 0.9),
    row('2024-03-13', 'put', 110, 0.9), row('2024-03-13', 'call', 110, 0.2),
    row('2024-04-05', 'put', 90, 0.25), row('2024-04-05', 'call', 110, 0.15),
    row('2024-05-01', 'call', 110, 0.15),
  ];

  it('grids moneyness by expiry from out-of-the-money IVs, linear between strikes and flat beyond them', () => {
    const surface = buildSurface(rows, 100, asOf, '2024-03-13');
    // The May expiry has one priced strike: left out.
    expect(surface.expiries).toEqual([{ expiry: '2024-03-13', days: 7 }, { expiry: '2024-04-05', days: 30 }]);
    expect(surface.shape).toEqual([2, MONEYNESS.length]);
    expect(surface.grid).toHaveLength(2 * MONEYNESS.length);
    const at = (days: number, m: number) => surface.grid.find((p) => p[1] === days && Math.abs(p[0] - m) < 1e-9)?.[2];
    expect(at(7, 1)).toBeCloseTo(25, 9); // halfway between 30% at 90 and 20% at 110
    expect(at(7, 0.8)).toBeCloseTo(30, 9); // flat below the lowest strike
    expect(at(30, 1.2)).toBeCloseTo(15, 9);
    expect(surface.term).toEqual([[7, 25], [30, 20]]);
    expect(surface.smile.calls).toEqual([[90, 90], [110, 20]]);
  });
});

describe("claygl's size expressions without eval", () => {
  it('computes what the expressions echarts-gl ships say', () => {
    expect(compileSizeExpr('width * dpr / 4')(800, 600, 2)).toBe(400);
    expect(compileSizeExpr(' [width * 1.0 / 16, height / 16] ')(800, 640, 1)).toEqual([50, 40]);
    expect(compileSizeExpr('(height - 2) * -1')(10, 12, 1)).toBe(-10);
    expect(() => compileSizeExpr('alert(1)')).toThrow(/Invalid expression/);
    expect(() => compileSizeExpr('width; height')).toThrow(/Invalid expression/);
  });
});
