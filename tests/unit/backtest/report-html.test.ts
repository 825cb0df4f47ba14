import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src-main/backtest/report-html.js';
import { run } from './helpers.js';

describe('HTML report', () => {
  it('renders a million-point equity curve (no spread of the curve into Math.min/max)', () => {
    const base = run([[10, 11, 9, 10], [10, 11, 9, 10.5]], {}).result;
    const n = 1_000_000;
    const t = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = Date.UTC(2020, 0, 1) + i * 60_000;
      value[i] = 100_000 + 5_000 * Math.sin(i / 1000);
    }
    const html = renderReport({ ...base, equity: { t, value } });
    expect(html).toContain('<svg');
    // The axis labels are the curve's extremes.
    expect(html).toContain('>105000<');
    expect(html).toContain('>95000<');
  });
});
