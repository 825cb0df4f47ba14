import { describe, expect, it } from 'vitest';
import { isLinkChoice, LinkBus } from '../../../../src-renderer/app/linking/link-bus.js';

describe('link groups', () => {
  it('sends a symbol to the other tabs of its group only, never back to the tab that chose it', () => {
    const bus = new LinkBus();
    const heard: string[] = [];
    bus.subscribe('red', (e) => e.source !== 'chart' && heard.push(`chart:${e.symbol}`));
    bus.subscribe('red', (e) => e.source !== 'ticket' && heard.push(`ticket:${e.symbol}`));
    bus.subscribe('blue', (e) => heard.push(`blue:${e.symbol}`));
    bus.publish('red', 'MSFT', 'watchlist');
    bus.publish('red', 'MSFT', 'watchlist');
    bus.publish('red', 'SPY', 'chart');
    expect(heard).toEqual(['chart:MSFT', 'ticket:MSFT', 'ticket:SPY']);
    expect(bus.symbolOf('red')).toBe('SPY');
    expect(bus.symbolOf('blue')).toBeUndefined();
  });

  it("'none' is a tab on its own: it neither sends nor hears", () => {
    const bus = new LinkBus();
    const heard: string[] = [];
    bus.subscribe('none', (e) => heard.push(e.symbol));
    bus.publish('none', 'AAPL', 'chart');
    expect(heard).toEqual([]);
    expect(bus.symbolOf('none')).toBeUndefined();
  });

  it('accepts only known groups from a saved layout', () => {
    expect(['red', 'amber', 'none'].every(isLinkChoice)).toBe(true);
    expect([undefined, 'purple', 3, null].some(isLinkChoice)).toBe(false);
  });
});
