import { describe, expect, it } from 'vitest';
import { riskLimitsSchema } from '../../../../src-shared/ipc/risk-schemas.js';
import { fromField, RISK_FIELDS, toField, usedShare } from '../../../../src-renderer/features/settings/risk-limits-model.js';

const limits = { maxOrderQty: '10000', maxOrderNotional: '250000', maxPositionQty: '20000', maxGrossExposure: '1000000', dailyLossLimit: '10000', maxDrawdown: '0.2', priceBand: '0.05' };
const usage = { largestPosition: { symbol: 'AAPL', qty: '5000' }, grossExposure: '900000.00', dayLoss: '0.00', drawdown: '0.1000', note: null };

describe('the risk limits form (model)', () => {
  it('shows fractions as percent and stores them back as fractions the contract accepts', () => {
    expect(toField('maxDrawdown', '0.2')).toBe('20');
    expect(toField('priceBand', '0.05')).toBe('5');
    expect(toField('maxOrderQty', '10000')).toBe('10000');
    const back = Object.fromEntries(RISK_FIELDS.map((f) => [f.key, fromField(f.key, toField(f.key, limits[f.key]))]));
    expect(back).toEqual(limits);
    expect(riskLimitsSchema.safeParse(back).success).toBe(true);
    // Not a number: passed on as typed, for main to refuse with its reason.
    expect(fromField('maxDrawdown', 'ten')).toBe('ten');
  });

  it('names what each limit uses now, and how much of it', () => {
    const text = Object.fromEntries(RISK_FIELDS.map((f) => [f.key, f.usage(usage)]));
    expect(text).toEqual({ maxOrderQty: 'per order', maxOrderNotional: 'per order', maxPositionQty: 'largest: 5000 AAPL', maxGrossExposure: 'now $900,000.00', dailyLossLimit: 'today $0.00', maxDrawdown: 'now 10.00%', priceBand: 'per order' });
    expect(usedShare('maxPositionQty', limits, usage)).toBe(0.25);
    expect(usedShare('maxGrossExposure', limits, usage)).toBe(0.9);
    expect(usedShare('maxDrawdown', limits, usage)).toBeCloseTo(0.5);
    expect(usedShare('maxOrderQty', limits, usage)).toBeNull();
  });
});
