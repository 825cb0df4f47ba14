import { describe, expect, it } from 'vitest';
import { DiscoveryTally, type TalliedOpportunity } from '../../../src-main/discovery/discovery-tally.js';

const row = (symbol: string, strategy: string, generatedAt: number, direction: 'up' | 'down' = 'up'): TalliedOpportunity => ({ symbol, strategy, direction, generatedAt });
/** 2024-03-06 10:00 and 23:30 in New York (EST, UTC-5), and 00:30 the next New York day. */
const MORNING = Date.parse('2024-03-06T15:00:00Z');
const LATE = Date.parse('2024-03-07T04:30:00Z');
const NEXT_DAY = Date.parse('2024-03-07T05:30:00Z');

describe('opportunities discovered today', () => {
  it('counts a signal once however many scans publish it, and each distinct symbol, strategy, direction and signal', () => {
    const tally = new DiscoveryTally();
    const first = [row('AAPL', 'rsi', 1), row('MSFT', 'rsi', 1)];
    tally.record(first, MORNING);
    tally.record(first, MORNING + 60_000);
    expect(tally.count(MORNING + 60_000)).toBe(2);
    // The same symbol from another strategy, the other direction, or a newer signal are new opportunities.
    tally.record([row('AAPL', 'rsi', 1), row('AAPL', 'swing', 1), row('AAPL', 'rsi', 1, 'down'), row('AAPL', 'rsi', 2)], MORNING + 120_000);
    expect(tally.count(MORNING + 120_000)).toBe(5);
  });

  it('keeps the count through the New York evening (past UTC midnight) and starts again on the next New York date', () => {
    const tally = new DiscoveryTally();
    tally.record([row('AAPL', 'rsi', 1), row('MSFT', 'rsi', 1)], MORNING);
    expect(tally.count(LATE)).toBe(2);
    expect(tally.count(NEXT_DAY)).toBe(0);
    // Seen again on the new day: counted on that day.
    tally.record([row('AAPL', 'rsi', 1)], NEXT_DAY);
    expect(tally.count(NEXT_DAY)).toBe(1);
  });
});
