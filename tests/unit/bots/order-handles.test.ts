import { describe, expect, it } from 'vitest';
import { OrderHandles } from '../../../src-main/bots/order-handles.js';

describe('OrderHandles', () => {
  it('maps local and client ids both ways; a second local id (a refused replace) names the same order', () => {
    const h = new OrderHandles();
    h.bind('b-1', 'c1');
    h.bind('b-2', 'c1');
    expect(h.localOf('c1')).toBe('b-2');
    expect(h.clientOf('b-1')).toBe('c1');
    expect(h.clientOf('b-2')).toBe('c1');
    expect(h.open).toBe(1);
  });

  it('delivers a state once, and counts an order settled from a final state on', () => {
    const h = new OrderHandles();
    h.bind('b-1', 'c1');
    expect(h.deliver('c1', 'new', 'new|0')).toBe(true);
    expect(h.deliver('c1', 'new', 'new|0')).toBe(false);
    expect(h.deliver('c1', 'partially_filled', 'partially_filled|5')).toBe(true);
    expect(h.isSettled('c1')).toBe(false);
    expect(h.deliver('c1', 'filled', 'filled|10')).toBe(true);
    expect(h.isSettled('c1')).toBe(true);
    expect(h.open).toBe(0);
  });

  it('forgets settled orders once `retain` more have settled, open ones never, and all of an order\'s local ids with it', () => {
    const h = new OrderHandles(3);
    h.bind('open-1', 'c0');
    h.deliver('c0', 'new', 'new|0');
    for (let i = 1; i <= 10; i++) {
      h.bind(`b-${i}`, `c${i}`);
      if (i === 1) h.bind('b-1-replaced-refused', 'c1');
      h.deliver(`c${i}`, 'new', 'new|0');
      h.deliver(`c${i}`, i % 2 === 0 ? 'filled' : 'canceled', `done|${i}`);
    }
    // The last three settled are still known (a late fill finds its local id); the older ones are gone.
    expect(h.size).toBe(1 + 3);
    expect(['c8', 'c9', 'c10'].map((c) => h.localOf(c))).toEqual(['b-8', 'b-9', 'b-10']);
    expect(h.localOf('c1')).toBeUndefined();
    expect(h.clientOf('b-1')).toBeUndefined();
    expect(h.clientOf('b-1-replaced-refused')).toBeUndefined();
    expect(h.localOf('c0')).toBe('open-1');
    expect(h.open).toBe(1);
  });

  it('an order reported again after a final state (a race) is open again and not forgotten meanwhile', () => {
    const h = new OrderHandles(1);
    h.bind('b-1', 'c1');
    h.deliver('c1', 'canceled', 'canceled|0');
    h.deliver('c1', 'partially_filled', 'partially_filled|3');
    expect(h.isSettled('c1')).toBe(false);
    h.bind('b-2', 'c2');
    h.deliver('c2', 'filled', 'filled|1');
    h.bind('b-3', 'c3');
    h.deliver('c3', 'filled', 'filled|1');
    expect(h.localOf('c1')).toBe('b-1');
    expect(h.localOf('c2')).toBeUndefined();
    expect(h.open).toBe(1);
  });
});
