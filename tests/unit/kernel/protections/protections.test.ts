import { describe, expect, it } from 'vitest';
import { ProtectionEngine } from '../../../../src-main/kernel/protections/protection-engine.js';
import { protectionSettings, type ProtectionLock } from '../../../../src-main/kernel/protections/settings.js';
import { TradeTracker } from '../../../../src-main/kernel/protections/trade-tracker.js';

const H = 3_600_000;

describe('TradeTracker', () => {
  it('closes a trade at the flat with its profit over the entry cost, partial exits summed, fees counted', () => {
    const t = new TradeTracker();
    expect(t.fill('A', 'buy', 10, 100, 0, 0, false)).toBeUndefined();
    expect(t.fill('A', 'buy', 10, 110, 0, 1, false)).toBeUndefined();
    expect(t.fill('A', 'sell', 5, 120, 0, 2, false)).toBeUndefined();
    const closed = t.fill('A', 'sell', 15, 94.5, 1, 3, true)!;
    // Entry 105; pnl = 5*15 + 15*(-10.5) - 1 = -83.5 over a basis of 2100.
    expect(closed.profit).toBeCloseTo(-83.5 / 2100, 12);
    expect(closed.stopOut).toBe(true);
    // A flip closes the long and opens a short of the rest.
    t.fill('B', 'buy', 10, 10, 0, 0, false);
    expect(t.fill('B', 'sell', 15, 12, 0, 1, false)!.profit).toBeCloseTo(0.2, 12);
    expect(t.fill('B', 'buy', 5, 11, 0, 2, false)!.profit).toBeCloseTo(1 / 12, 12);
  });
});

describe('ProtectionEngine', () => {
  it('cooldown locks the symbol after an exit, for its hours, and the trader may lift it', () => {
    const made: ProtectionLock[] = [];
    const p = new ProtectionEngine(protectionSettings.parse({ cooldown: { hours: 2 } }), (l) => made.push(l));
    p.onTrade({ symbol: 'A', closedAt: 10 * H, profit: 0.01, stopOut: false });
    expect(p.lockFor('A', 10 * H)).toMatchObject({ protection: 'cooldown', until: 12 * H });
    expect(p.lockFor('B', 10 * H)).toBeUndefined();
    expect(p.lockFor('A', 12 * H)).toBeUndefined();
    expect(made).toHaveLength(1);
    p.onTrade({ symbol: 'A', closedAt: 20 * H, profit: 0.01, stopOut: false });
    const id = p.locks(20 * H)[0]!.id;
    expect(p.lift(id, 20.5 * H)!.liftedAt).toBe(20.5 * H);
    expect(p.lockFor('A', 21 * H)).toBeUndefined();
  });

  it('stop-loss guard: N stop-outs within the window lock the symbol, or the bot with scope bot', () => {
    const p = new ProtectionEngine(protectionSettings.parse({ stoplossGuard: { trades: 2, lookbackHours: 24, lockHours: 6 } }));
    p.onTrade({ symbol: 'A', closedAt: 0, profit: -0.02, stopOut: true });
    p.onTrade({ symbol: 'B', closedAt: 1 * H, profit: -0.02, stopOut: true });
    expect(p.locks(1 * H)).toEqual([]);
    p.onTrade({ symbol: 'A', closedAt: 30 * H, profit: -0.02, stopOut: true });
    // The first A stop-out is outside the 24 h window.
    expect(p.locks(30 * H)).toEqual([]);
    p.onTrade({ symbol: 'A', closedAt: 31 * H, profit: -0.02, stopOut: true });
    expect(p.lockFor('A', 31 * H)).toMatchObject({ protection: 'stoploss-guard', until: 37 * H });
    const bot = new ProtectionEngine(protectionSettings.parse({ stoplossGuard: { trades: 2, lookbackHours: 24, lockHours: 6, scope: 'bot' } }));
    bot.onTrade({ symbol: 'A', closedAt: 0, profit: -0.02, stopOut: true });
    bot.onTrade({ symbol: 'B', closedAt: 1 * H, profit: -0.02, stopOut: true });
    expect(bot.lockFor('ANY', 2 * H)).toMatchObject({ scope: '*' });
  });

  it('max drawdown locks the bot when equity falls the limit from its peak in the window', () => {
    const p = new ProtectionEngine(protectionSettings.parse({ maxDrawdown: { maxDrawdown: 0.1, lookbackHours: 48, lockHours: 24 } }));
    p.onEquity(0, 100);
    p.onEquity(1 * H, 120);
    p.onEquity(2 * H, 109);
    expect(p.lockFor('A', 2 * H)).toBeUndefined();
    p.onEquity(3 * H, 107.9);
    expect(p.lockFor('A', 3 * H)).toMatchObject({ protection: 'max-drawdown', scope: '*', until: 27 * H });
  });

  it('low profit locks a symbol whose recent trades made under the minimum', () => {
    const p = new ProtectionEngine(protectionSettings.parse({ lowProfit: { minProfit: 0, trades: 2, lookbackHours: 100, lockHours: 10 } }));
    p.onTrade({ symbol: 'A', closedAt: 0, profit: -0.05, stopOut: false });
    expect(p.lockFor('A', 0)).toBeUndefined();
    p.onTrade({ symbol: 'A', closedAt: 1 * H, profit: 0.03, stopOut: false });
    expect(p.lockFor('A', 1 * H)).toMatchObject({ protection: 'low-profit' });
    expect(p.lockFor('A', 1 * H)!.reason).toContain('-2.00%');
  });
});
