import { describe, expect, it } from 'vitest';
import { NEVER_READ, refreshFailed, refreshed, staleLabel } from '../../../../src-renderer/components/freshness.js';

describe('panel freshness', () => {
  const at = (hms: string): number => Date.parse(`2026-11-27T${hms}Z`);

  it('is current after a good read, and stale since the first failed refresh until the next good one', () => {
    let f = refreshed(at('14:00:00'));
    expect(staleLabel(f, 'utc')).toBeUndefined();
    f = refreshFailed(f, at('14:00:03'), 'no answer from the broker: socket hang up');
    f = refreshFailed(f, at('14:00:06'), 'no answer from the broker: read ECONNRESET');
    expect(staleLabel(f, 'utc')).toBe('stale since 14:00:03');
    expect(f).toMatchObject({ readAt: at('14:00:00'), error: 'no answer from the broker: read ECONNRESET' });
    expect(staleLabel(refreshed(at('14:00:09')), 'utc')).toBeUndefined();
  });

  it("says the time on the exchange's clock, labelled ET, when given the market clock's offset", () => {
    const f = refreshFailed(refreshed(at('14:00:00')), at('14:00:03'), 'socket hang up');
    // 14:00:03 UTC is 09:00:03 in New York in November; a demo clock two hours ahead reads 11:00:03.
    expect(staleLabel(f, { exchangeOffsetMs: 0 })).toBe('stale since 09:00:03 ET');
    expect(staleLabel(f, { exchangeOffsetMs: 2 * 3_600_000 })).toBe('stale since 11:00:03 ET');
  });

  it('a panel that never read anything is stale from its first failure', () => {
    expect(staleLabel(refreshFailed(NEVER_READ, at('09:30:01'), 'orders not started'), 'utc')).toBe('stale since 09:30:01');
  });
});
