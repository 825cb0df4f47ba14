import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './harness.js';

/**
 * The watchdog's backfill runs every few seconds while orders are open and the stream is quiet; a pass that finds
 * nothing new must not log (the report: "orders backfill done" 249 times, hiding the rest of the log).
 */
describe('backfill logging', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a routine pass that adds no fill leaves no log line; the passes still run', async () => {
    const placed = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'ticket');
    expect(placed.ok).toBe(true);
    let passes = 0;
    const listOrders = h.venue.listOrders.bind(h.venue);
    h.venue.listOrders = (query) => {
      passes++;
      return listOrders(query);
    };
    // The harness's watchdog ticks every 200 ms and calls a stream quiet after 1 s: several passes in a few seconds.
    await waitFor(() => passes >= 6, 'three watchdog backfills (two order lists each)', 20_000);
    const routine = h.log.lines.filter((l) => l.message === 'backfill done' && (l.fields as { reason?: string } | undefined)?.reason === 'quiet stream with open orders');
    expect(routine).toEqual([]);
  });
});
