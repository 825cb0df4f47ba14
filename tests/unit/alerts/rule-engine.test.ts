import { describe, expect, it } from 'vitest';
import type { AlertCondition, AlertRule } from '../../../src-shared/ipc/alerts-schemas.js';
import { AlertRuleEngine } from '../../../src-main/alerts/rule-engine.js';

const rule = (id: string, condition: AlertCondition, enabled = true): AlertRule => ({ id, name: id, condition, enabled, webhookUrl: null, repeat: 'cooldown', cooldownSeconds: 0, createdAt: 0, updatedAt: 0 });
const MIN = 60_000;

describe('AlertRuleEngine', () => {
  it('fires a price-above rule on the trade that crosses, once, and re-arms below the level', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('up', { kind: 'price-above', symbol: 'AAPL', level: 100 })]);
    expect(engine.onTrade('AAPL', 99, 1)).toEqual([]);
    const fired = engine.onTrade('AAPL', 100.5, 2);
    expect(fired.map((f) => [f.rule.id, f.eventKey, f.value])).toEqual([['up', 'cross-up@2', 100.5]]);
    expect(fired[0]!.message).toBe('AAPL crossed above 100.00 at 100.50');
    expect(engine.onTrade('AAPL', 101, 3)).toEqual([]);
    expect(engine.onTrade('AAPL', 100.2, 4)).toEqual([]);
    // Hovering around the level: back below, but not past the re-arm band (0.1%), so no new firing.
    expect(engine.onTrade('AAPL', 99.95, 5)).toEqual([]);
    expect(engine.onTrade('AAPL', 100.05, 6)).toEqual([]);
    expect(engine.onTrade('AAPL', 99.9, 7)).toEqual([]);
    expect(engine.onTrade('AAPL', 100, 8).map((f) => f.eventKey)).toEqual(['cross-up@8']);
  });

  it('does not fire on the first trade already beyond the level, nor for other symbols or disabled rules', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('up', { kind: 'price-above', symbol: 'AAPL', level: 100 }), rule('off', { kind: 'price-above', symbol: 'AAPL', level: 100 }, false)]);
    expect(engine.onTrade('AAPL', 150, 1)).toEqual([]);
    expect(engine.onTrade('MSFT', 99, 2)).toEqual([]);
    expect(engine.onTrade('MSFT', 101, 3)).toEqual([]);
    expect(engine.symbols()).toEqual(['AAPL']);
  });

  it('fires a price-below rule on a downward cross', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('down', { kind: 'price-below', symbol: 'SPY', level: 500 })]);
    engine.onTrade('SPY', 501, 1);
    expect(engine.onTrade('SPY', 499.99, 2).map((f) => f.message)).toEqual(['SPY crossed below 500.00 at 499.99']);
  });

  it('fires a percent move within its window once, then measures from the price it fired at', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('move', { kind: 'percent-move', symbol: 'NVDA', percent: 2, windowMinutes: 5 })]);
    expect(engine.onTrade('NVDA', 100, 0)).toEqual([]);
    expect(engine.onTrade('NVDA', 101.9, 1 * MIN)).toEqual([]);
    const fired = engine.onTrade('NVDA', 102, 2 * MIN);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.value).toBeCloseTo(2, 10);
    // Still 2% above the window's oldest price, but no new move since it fired.
    expect(engine.onTrade('NVDA', 102.1, 3 * MIN)).toEqual([]);
    // A fall of 2% from where it fired is a new move.
    expect(engine.onTrade('NVDA', 99.9, 4 * MIN).map((f) => f.value! < 0)).toEqual([true]);
  });

  it('forgets prices older than the window', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('move', { kind: 'percent-move', symbol: 'NVDA', percent: 2, windowMinutes: 1 })]);
    engine.onTrade('NVDA', 100, 0);
    expect(engine.onTrade('NVDA', 103, 2 * MIN)).toEqual([]);
  });

  it('order rules fire once per order, whatever the repeats of its updates', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('fill', { kind: 'order-filled' }), rule('rej', { kind: 'order-rejected' })]);
    const order = { clientOrderId: 'ws-1', symbol: 'AAPL', filledQty: '0', filledAvgPrice: null, rejectMessage: null };
    expect(engine.onOrder({ ...order, status: 'new' }, 1)).toEqual([]);
    expect(engine.onOrder({ ...order, status: 'partially_filled', filledQty: '1' }, 2)).toEqual([]);
    const fired = engine.onOrder({ ...order, status: 'filled', filledQty: '3', filledAvgPrice: '190.1' }, 3);
    expect(fired.map((f) => [f.rule.id, f.eventKey, f.message])).toEqual([['fill', 'filled:ws-1', 'AAPL ws-1 filled 3 at 190.1']]);
    expect(engine.onOrder({ ...order, status: 'filled', filledQty: '3' }, 4)).toEqual([]);
    expect(engine.onOrder({ ...order, clientOrderId: 'ws-2', status: 'rejected', rejectMessage: 'insufficient buying power' }, 5).map((f) => f.message)).toEqual([
      'AAPL ws-2 rejected: insufficient buying power',
    ]);
  });

  it('risk rules fire on a change of state only', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('risk', { kind: 'risk-state' })]);
    expect(engine.onRisk({ state: 'ACTIVE', reason: '' }, 1)).toEqual([]);
    expect(engine.onRisk({ state: 'ACTIVE', reason: '' }, 2)).toEqual([]);
    expect(engine.onRisk({ state: 'HALTED', reason: 'kill switch' }, 3).map((f) => f.message)).toEqual(['risk state ACTIVE → HALTED: kill switch']);
    expect(engine.onRisk({ state: 'HALTED', reason: 'kill switch' }, 4)).toEqual([]);
    // A halt as the very first event is a change from the normal state.
    const fresh = new AlertRuleEngine();
    fresh.setRules([rule('risk', { kind: 'risk-state' })]);
    expect(fresh.onRisk({ state: 'HALTED', reason: 'kill switch' }, 1)).toHaveLength(1);
  });

  it('data rules fire when the connection drops and when a symbol goes stale', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('dc', { kind: 'disconnect' }), rule('stale', { kind: 'data-stale', symbol: 'AAPL' })]);
    const fresh = { symbol: 'AAPL', stale: false, lastMessageAt: 1 };
    expect(engine.onStatus({ at: 1, connection: 'connected', symbols: [fresh] })).toEqual([]);
    const dropped = engine.onStatus({ at: 2, connection: 'reconnecting', symbols: [{ ...fresh, stale: true }] });
    expect(dropped.map((f) => f.rule.id).sort()).toEqual(['dc', 'stale']);
    expect(engine.onStatus({ at: 3, connection: 'reconnecting', symbols: [{ ...fresh, stale: true }] })).toEqual([]);
  });
});
