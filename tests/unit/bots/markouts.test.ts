import { describe, expect, it } from 'vitest';
import { MarkoutBook } from '../../../src-main/bots/markouts.js';

describe('MarkoutBook', () => {
  it('values a fill against the mid at the fill and the first mid after the horizon', () => {
    const book = new MarkoutBook(10_000);
    book.onQuote('X', 0, 99.98, 100.02); // mid 100
    book.onFill('X', 1_000, 'buy', 100, 99.98); // bought at the bid: earned 0.02 a share against the mid
    book.onQuote('X', 5_000, 99.9, 99.94); // mid 99.92, horizon not reached
    expect(book.stats()[0]).toMatchObject({ fills: 0, pending: 1 });
    book.onQuote('X', 11_000, 99.94, 99.98); // mid 99.96, 10 s after the fill
    const [s] = book.stats();
    expect(s!.fills).toBe(1);
    expect(s!.pending).toBe(0);
    expect(s!.effectiveSpread).toBeCloseTo(0.02, 10);
    expect(s!.realisedSpread).toBeCloseTo(99.96 - 99.98, 10);
    // The mid fell 0.04 after a buy: that is what the fill lost to better-informed flow.
    expect(s!.adverseSelection).toBeCloseTo(0.04, 10);
  });

  it('weights by quantity and signs sells the other way', () => {
    const book = new MarkoutBook(1_000);
    book.onQuote('X', 0, 10, 10.02); // mid 10.01
    book.onFill('X', 0, 'sell', 300, 10.02); // sold at the ask: +0.01
    book.onFill('X', 0, 'buy', 100, 10); // bought at the bid: +0.01
    book.onQuote('X', 1_000, 10.02, 10.04); // mid 10.03: the sell lost 0.02, the buy gained 0.02
    const [s] = book.stats();
    expect(s!.qty).toBe(400);
    expect(s!.effectiveSpread).toBeCloseTo(0.01, 10);
    expect(s!.adverseSelection).toBeCloseTo((300 * 0.02 - 100 * 0.02) / 400, 10);
    expect(s!.realisedSpread).toBeCloseTo(s!.effectiveSpread - s!.adverseSelection, 10);
  });

  it('leaves out a fill with no quote seen before it, and keeps symbols apart', () => {
    const book = new MarkoutBook(1_000);
    book.onFill('A', 0, 'buy', 10, 5);
    book.onQuote('B', 0, 5, 5.02);
    book.onQuote('A', 5_000, 5, 5.02);
    const byId = Object.fromEntries(book.stats().map((s) => [s.symbol, s]));
    expect(byId.A!.fills).toBe(0);
    expect(byId.A!.pending).toBe(0);
    expect(byId.B!.fills).toBe(0);
  });
});
