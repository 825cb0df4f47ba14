import { describe, expect, it } from 'vitest';
import { BROKER_ORDER_STATUSES, canTransition, isTerminal } from '../../../../src-shared/domain/order-status.js';

describe('order state machine', () => {
  it('follows Alpaca’s lifecycle', () => {
    expect(canTransition('pending_new', 'new')).toBe(true);
    expect(canTransition('new', 'partially_filled')).toBe(true);
    expect(canTransition('partially_filled', 'filled')).toBe(true);
    expect(canTransition('pending_cancel', 'filled')).toBe(true);
    expect(canTransition('pending_replace', 'new')).toBe(true);
    expect(canTransition('new', 'replaced')).toBe(true);
  });

  it('nothing leaves a terminal status, and a fill is never undone', () => {
    for (const terminal of ['filled', 'canceled', 'expired', 'replaced', 'rejected'] as const) {
      expect(isTerminal(terminal)).toBe(true);
      for (const next of BROKER_ORDER_STATUSES) if (next !== terminal) expect(canTransition(terminal, next)).toBe(false);
    }
    expect(canTransition('partially_filled', 'new')).toBe(false);
    expect(canTransition('new', 'pending_new')).toBe(false);
  });

  it('local states: journaled may become anything the broker says; nothing returns to journaled or unknown', () => {
    expect(canTransition('journaled', 'unknown')).toBe(true);
    expect(canTransition('unknown', 'filled')).toBe(true);
    expect(canTransition('new', 'unknown')).toBe(false);
    expect(canTransition('unknown', 'journaled')).toBe(false);
  });
});
