import { describe, expect, it } from 'vitest';
import { KEY, MIN, setup } from './harness.js';
import { S1, S2 } from './fake-market.js';

/**
 * A simulated clock may jump over whole sessions (the demo's nights and weekends, a test's jump): an option
 * expiring inside the jump settles at its own session's close, like one the clock walked through.
 */
describe('option expiry when the clock jumps over an expiration close', () => {
  const D1C100 = 'AAPL240624C00100000';
  const D2C100 = 'AAPL240625C00100000';
  const D2P100 = 'AAPL240625P00100000';

  it('settles every close passed in one advance, in order: both days exercised or expired at their own close', () => {
    const t = setup({ schedule: (task) => task() });
    t.market.setQuote('AAPL', 104.9, 105.1, t.now());
    for (const symbol of [D1C100, D2C100, D2P100]) t.market.setOption(symbol, 'AAPL', 5.0, 5.2, t.now());
    for (const symbol of [D1C100, D2C100, D2P100]) t.broker.submitOrder(KEY, { symbol, qty: '1', side: 'buy', type: 'market', time_in_force: 'day' });
    expect(Object.keys(t.state().positions).sort()).toEqual([D1C100, D2C100, D2P100].sort());
    t.market.trade('AAPL', 105, S1.close - 10 * MIN);
    // one advance from inside the first session to after the second session's close
    t.at(S2.close + MIN);
    t.broker.sync();
    const activities = t.broker
      .account(KEY)
      .activities.filter((a) => a.activity_type !== 'FILL')
      .map((a) => `${a.date} ${a.activity_type} ${a.symbol} ${a.qty}`);
    expect(activities).toEqual([
      `2024-06-24 OPEXC ${D1C100} -1`,
      '2024-06-24 OPTRD AAPL 100',
      `2024-06-25 OPEXC ${D2C100} -1`,
      '2024-06-25 OPTRD AAPL 100',
      `2024-06-25 OPEXP ${D2P100} -1`,
    ]);
    expect(t.state().positions).toEqual({ AAPL: '200' });
  });
});
