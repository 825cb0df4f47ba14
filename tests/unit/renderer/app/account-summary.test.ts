import { describe, expect, it } from 'vitest';
import { summariseAccount, type AccountWire } from '../../../../src-renderer/app/account-strip/account-summary.js';

const account = (equity: string, lastEquity: string, positions = 0): AccountWire => ({
  status: 'ACTIVE',
  cash: '1000',
  buyingPower: '250000.5',
  equity,
  lastEquity,
  longMarketValue: '0',
  shortMarketValue: '0',
  tradingBlocked: false,
  marks: Array.from({ length: positions }, (_, i) => ({ symbol: `S${i}`, currentPrice: null, marketValue: null, unrealizedPl: null })),
});

describe('the toolbar account strip', () => {
  it("day P&L is equity against last_equity, in dollars and percent of last_equity, signed", () => {
    expect(summariseAccount(account('101234.56', '100000', 3))).toEqual({ equity: '101,234.56', dayPl: '+1,234.56', dayPlPercent: '+1.23%', daySign: 'up', buyingPower: '250,000.50', positions: 3 });
    const down = summariseAccount(account('99500', '100000'));
    expect([down.dayPl, down.dayPlPercent, down.daySign]).toEqual(['-500.00', '-0.50%', 'down']);
  });

  it('a flat day has no sign, and a new account (last_equity 0) no percent', () => {
    const flat = summariseAccount(account('100000', '100000'));
    expect([flat.dayPl, flat.daySign]).toEqual(['0.00', 'flat']);
    expect(summariseAccount(account('0', '0')).dayPlPercent).toBe('—');
  });
});
