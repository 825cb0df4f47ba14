import { describe, expect, it } from 'vitest';
import { applyStatus, applyTrades, emptyRow } from '../../../../src-renderer/features/watchlist/watch-rows.js';

const status = (source: 'demo-exchange' | 'synthetic' | 'history-store', stale: boolean) => ({ symbol: 'SPY', source, stale, lastMessageAt: null });

describe('watch rows: data source through a stream outage', () => {
  it('shows the fallback source its values came from, and the live source again once main says fresh', () => {
    let row = applyTrades(emptyRow('SPY'), [{ t: 1, price: 500, size: 10, source: 'demo-exchange' }]);
    expect(row.source).toBe('demo-exchange');
    // Down: stale first (values are still the last live ones), then synthetic values arrive, labelled.
    row = applyStatus(row, status('demo-exchange', true));
    expect(row).toMatchObject({ source: 'demo-exchange', stale: true });
    row = applyTrades(row, [{ t: 2, price: 501, size: 5, source: 'synthetic' }]);
    row = applyStatus(row, status('synthetic', true));
    expect(row).toMatchObject({ source: 'synthetic', stale: true, last: 501 });
    // Back and backfilled: fresh from the exchange, before the next trade.
    row = applyStatus(row, status('demo-exchange', false));
    expect(row).toMatchObject({ source: 'demo-exchange', stale: false });
  });

  it('keeps a fallback source while the symbol is still stale, and a live row\'s source whatever a status says', () => {
    const cached = applyTrades(emptyRow('SPY'), [{ t: 1, price: 500, size: 0, source: 'history-store' }]);
    expect(applyStatus(cached, status('demo-exchange', true)).source).toBe('history-store');
    const live = applyTrades(emptyRow('SPY'), [{ t: 1, price: 500, size: 1, source: 'demo-exchange' }]);
    expect(applyStatus(live, status('history-store', true)).source).toBe('demo-exchange');
    expect(applyStatus(emptyRow('SPY'), status('synthetic', true)).source).toBe('synthetic');
  });
});
