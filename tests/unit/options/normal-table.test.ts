import { describe, expect, it } from 'vitest';
import { normCdf, normPdf } from '../../../src-shared/options/normal.js';
import { normCdfFast, normPdfFast } from '../../../src-shared/options/normal-table.js';

describe('tabulated normal CDF and density (the American pricer inner loops)', () => {
  it('is within 3e-9 absolute of Cody over the whole line, including the grid points and the tails', () => {
    let worstCdf = 0;
    let worstPdf = 0;
    for (let x = -12; x <= 12; x += 0.000713) {
      worstCdf = Math.max(worstCdf, Math.abs(normCdfFast(x) - normCdf(x)));
      worstPdf = Math.max(worstPdf, Math.abs(normPdfFast(x) - normPdf(x)));
    }
    for (let i = -240; i <= 240; i++) expect(normCdfFast(i / 32)).toBeCloseTo(normCdf(i / 32), 12);
    expect(worstCdf).toBeLessThan(3e-9);
    expect(worstPdf).toBeLessThan(3e-9);
  });

  it('is monotone where the CDF is and passes NaN through', () => {
    let last = 0;
    for (let x = -8; x <= 8; x += 0.001) {
      const v = normCdfFast(x);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    expect(normCdfFast(Number.NaN)).toBeNaN();
    expect(normPdfFast(Number.NaN)).toBeNaN();
  });
});
