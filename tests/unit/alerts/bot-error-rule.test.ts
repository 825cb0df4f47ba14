import { describe, expect, it } from 'vitest';
import { AlertRuleEngine } from '../../../src-main/alerts/rule-engine.js';
import { alertCondition, type AlertRule } from '../../../src-shared/ipc/alerts-schemas.js';

const rule = (id: string, condition: AlertRule['condition'], enabled = true): AlertRule => ({ id, name: id, condition, enabled, webhookUrl: null, repeat: 'cooldown', cooldownSeconds: 0, createdAt: 0, updatedAt: 0 });

describe('bot-error alert rule', () => {
  it('fires for a bot entering error or paused, with one event key per entry, and not for other states', () => {
    const engine = new AlertRuleEngine();
    engine.setRules([rule('bots', { kind: 'bot-error' }), rule('fills', { kind: 'order-filled' }), rule('off', { kind: 'bot-error' }, false)]);
    const bot = { id: 'bot-1', name: 'AAPL cross', reason: null };
    expect(engine.onBot({ ...bot, state: 'running', stateSince: 1 })).toEqual([]);
    expect(engine.onBot({ ...bot, state: 'halted', reason: 'kill switch', stateSince: 2 })).toEqual([]);
    const error = engine.onBot({ ...bot, state: 'error', reason: 'boom', stateSince: 3 });
    expect(error.map((c) => [c.rule.id, c.kind, c.eventKey, c.message])).toEqual([['bots', 'bot-error', 'bot:bot-1:error@3', 'bot AAPL cross stopped on an error: boom']]);
    const paused = engine.onBot({ ...bot, state: 'paused', reason: '40310000: trading is suspended', stateSince: 9 });
    expect(paused.map((c) => c.eventKey)).toEqual(['bot:bot-1:paused@9']);
    expect(paused[0]!.message).toMatch(/paused: 40310000/);
    // The same publication again (a repeated state event) carries the same key: the store keeps one firing.
    expect(engine.onBot({ ...bot, state: 'paused', reason: 'x', stateSince: 9 })[0]!.eventKey).toBe('bot:bot-1:paused@9');
  });

  it('is a condition the contract accepts, with no fields', () => {
    expect(alertCondition.parse({ kind: 'bot-error' })).toEqual({ kind: 'bot-error' });
    expect(alertCondition.safeParse({ kind: 'bot-error', symbol: 'AAPL' }).success).toBe(false);
  });
});
