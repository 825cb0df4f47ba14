import { describe, expect, it } from 'vitest';
import { QueueBook, queueOrder, TIF_FOK, TIF_IOC, TIF_PLAIN, type QueueEnd } from '../../../../src-main/backtest/ticks/queue-fill-model.js';

/** A book whose sink records every fill as [order, qty, price, t] and every end as [order, why, t]. */
function setup() {
  const fills: Array<[string, number, number, number]> = [];
  const ends: Array<[string, QueueEnd, number]> = [];
  const book = new QueueBook<string>({
    fill: (o, qty, price, t) => {
      fills.push([o.owner, qty, price, t]);
      return true;
    },
    end: (o, why, t) => void ends.push([o.owner, why, t]),
  });
  return { book, fills, ends };
}

const buy = (id: string, qty: number, limit: number, liveAt = 0, tif = TIF_PLAIN) => queueOrder(id, true, qty, limit, NaN, tif, liveAt);
const sell = (id: string, qty: number, limit: number, liveAt = 0, tif = TIF_PLAIN) => queueOrder(id, false, qty, limit, NaN, tif, liveAt);

describe('queue fill model (hand-worked cases)', () => {
  it('joins behind the displayed size at its price and fills in parts as prints at that price pass through the queue', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = buy('A', 100, 10);
    book.add(o);
    // It joins on the next tick against the book it was sent into: 300 shares ahead.
    book.onQuote(1, 10, 300, 10.02, 200);
    expect(o.ahead).toBe(300);
    book.onTrade(2, 10, 200); // 300 -> 100 ahead, nothing for us
    expect([o.ahead, fills.length]).toEqual([100, 0]);
    book.onTrade(3, 10, 150); // 100 ahead take 100, the next 50 are ours
    book.onTrade(4, 10.02, 500); // a print at the ask does not reach a bid
    book.onTrade(5, 10, 80); // 50 left: filled; the other 30 go to whoever is behind us
    expect(fills).toEqual([
      ['A', 50, 10, 3],
      ['A', 50, 10, 5],
    ]);
    expect(o.done).toBe(true);
  });

  it('moves up when the displayed size shrinks below its place (cancels ahead), and to the front when its level empties', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = buy('A', 100, 10);
    book.add(o);
    book.onQuote(1, 10, 400, 10.02, 200); // joins at 300 (the size it was sent into); growth is behind it
    expect(o.ahead).toBe(300);
    book.onQuote(2, 10, 350, 10.02, 200); // shrank, but not below its place: cancels behind it
    expect(o.ahead).toBe(300);
    book.onQuote(3, 10, 120, 10.02, 200); // only 120 shown: at most 120 are ahead of it
    expect(o.ahead).toBe(120);
    book.onTrade(4, 10, 150);
    expect(fills).toEqual([['A', 30, 10, 4]]);
    book.onQuote(5, 9.99, 500, 10.01, 200); // the best bid is below 10: nobody is left ahead at 10
    expect(o.ahead).toBe(0);
    book.onQuote(6, 10, 900, 10.02, 200); // the level refills behind it
    book.onTrade(7, 10, 40);
    expect(fills).toEqual([
      ['A', 30, 10, 4],
      ['A', 40, 10, 7],
    ]);
  });

  it('a sell at the ask mirrors it: behind the ask size, up on shrinking size and on an emptied level, filled by prints at its price', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = sell('S', 100, 10.02);
    book.add(o);
    book.onQuote(1, 10, 300, 10.02, 150); // joins at 200 (the quote it was sent into), then 150 shown: at most 150 ahead
    expect(o.ahead).toBe(150);
    book.onTrade(2, 10, 500); // a print at the bid does not reach an offer
    book.onTrade(3, 10.02, 100);
    expect([o.ahead, fills.length]).toEqual([50, 0]);
    book.onQuote(4, 10.01, 100, 10.03, 400); // the best ask is above 10.02: nobody is left ahead of it
    expect(o.ahead).toBe(0);
    book.onTrade(5, 10.02, 30);
    book.onQuote(6, 10.02, 50, 10.03, 400); // the bid comes up to its price: it is hit, up to the bid's size
    expect(fills).toEqual([
      ['S', 30, 10.02, 5],
      ['S', 50, 10.02, 6],
    ]);
    expect(o.remaining).toBe(20);
  });

  it('a print through its price fills it completely at its limit, whatever the queue ahead', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = sell('S', 70, 10.02);
    book.add(o);
    book.onQuote(1, 10, 300, 10.02, 200);
    expect(o.ahead).toBe(200);
    book.onTrade(2, 10.03, 1);
    expect(fills).toEqual([['S', 70, 10.02, 2]]);
  });

  it('joins behind an unknown depth below the touch, takes the displayed size as ahead once it is the touch', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = buy('A', 100, 9.98);
    book.add(o);
    book.onQuote(1, 10, 300, 10.02, 200);
    expect(o.ahead).toBe(Infinity);
    book.onTrade(2, 9.98, 1000); // unknown depth ahead: no fill
    book.onQuote(3, 9.98, 250, 10, 100);
    expect(o.ahead).toBe(250);
    book.onTrade(4, 9.98, 300);
    expect(fills).toEqual([['A', 50, 9.98, 4]]);
  });

  it('betters the bid: first in the queue, the first print at its price fills it', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.04, 200);
    const o = buy('A', 100, 10.01);
    book.add(o);
    book.onQuote(1, 10, 300, 10.04, 200);
    expect(o.ahead).toBe(0);
    book.onTrade(2, 10.01, 60);
    expect(fills).toEqual([['A', 60, 10.01, 2]]);
  });

  it('a marketable limit takes the touch up to the displayed size; the rest rests at its limit at the front', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = buy('A', 500, 10.03);
    book.add(o);
    book.onQuote(1, 10, 300, 10.04, 100); // joins against the quote it was sent into: 200 at 10.02
    expect(fills).toEqual([['A', 200, 10.02, 1]]);
    expect([o.remaining, o.ahead]).toEqual([300, 0]);
    book.onTrade(2, 10.03, 40); // first at 10.03
    book.onQuote(3, 10, 300, 10.03, 120); // the ask comes down to its limit: it is hit, up to the ask's size
    expect(fills).toEqual([
      ['A', 200, 10.02, 1],
      ['A', 40, 10.03, 2],
      ['A', 120, 10.03, 3],
    ]);
  });

  it('a market order takes each quote touch up to its size until filled; ioc cancels the rest, fok fills whole or not at all', () => {
    const { book, fills, ends } = setup();
    book.onQuote(0, 10, 100, 10.02, 200);
    const m = queueOrder('M', false, 300, NaN, NaN, TIF_PLAIN, 0);
    const i = sell('I', 500, 9.9, 0, TIF_IOC);
    const f = buy('F', 300, 10.05, 0, TIF_FOK);
    const f2 = buy('G', 150, 10.05, 0, TIF_FOK);
    for (const o of [m, i, f, f2]) book.add(o);
    book.onQuote(1, 9.99, 150, 10.02, 200);
    book.onQuote(2, 9.98, 500, 10.02, 200);
    expect(fills).toEqual([
      ['M', 100, 10, 1], // all the bid showed; the ioc behind it finds nothing left of that quote
      ['G', 150, 10.02, 1], // 150 of the 200 shown: whole
      ['M', 150, 9.99, 1], // the quote at 1 arrives after it joined: its rest takes that quote's bid
      ['M', 50, 9.98, 2],
    ]);
    expect(ends).toEqual([
      ['I', 'ioc', 1],
      ['F', 'fok', 1], // 300 wanted, 200 shown
    ]);
  });

  it('is not live before placed + latency: prints before then pass it by', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const o = buy('A', 100, 10, 50);
    book.add(o);
    book.onTrade(10, 9.9, 1000); // through its price, but it is still on its way
    book.onQuote(49, 10, 80, 10.02, 200);
    expect([o.joined, fills.length]).toEqual([false, 0]);
    book.onTrade(60, 10, 100); // joins at 80 ahead (the quote at 49), then this print: 20 for it
    expect(fills).toEqual([['A', 20, 10, 60]]);
  });

  it('a cancel takes effect after its latency: a print before then still fills; one after does not', () => {
    const { book, fills, ends } = setup();
    book.onQuote(0, 10, 0, 10.02, 200);
    const early = buy('E', 100, 10);
    const late = buy('L', 100, 10);
    book.add(early);
    book.add(late);
    book.onQuote(1, 10, 0, 10.02, 200);
    // E's cancel arrives at 12, L's at 22 (sent later, or on a slower path): the print at 15 finds E gone and L
    // still resting (its cancel arrives too late).
    early.cancelAt = 12;
    late.cancelAt = 22;
    book.onTrade(15, 10, 150);
    expect(fills).toEqual([['L', 100, 10, 15]]);
    expect(ends).toEqual([['E', 'canceled', 12]]);
    expect(late.done).toBe(true);
  });

  it('our own orders at one price share a print in the order they were placed', () => {
    const { book, fills } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    book.add(buy('A', 100, 10));
    book.add(buy('B', 100, 10));
    book.onQuote(1, 10, 300, 10.02, 200);
    book.onTrade(2, 10, 450); // 300 ahead of both; 100 to A, the last 50 to B
    expect(fills).toEqual([
      ['A', 100, 10, 2],
      ['B', 50, 10, 2],
    ]);
  });

  it('a stop triggers on a print at its price and then meets the book as a market order; a day order expires', () => {
    const { book, fills, ends } = setup();
    book.onQuote(0, 10, 300, 10.02, 200);
    const stop = queueOrder('S', false, 100, NaN, 9.95, TIF_PLAIN, 0);
    const day = queueOrder('D', true, 100, 9.5, NaN, TIF_PLAIN, 0, 1000);
    book.add(stop);
    book.add(day);
    book.onTrade(1, 9.97, 10);
    book.onQuote(2, 9.95, 60, 9.97, 200);
    expect(fills).toEqual([]);
    book.onTrade(3, 9.95, 10); // triggers; it meets the book from the next tick on
    book.onQuote(4, 9.9, 500, 9.93, 100);
    book.onQuote(1500, 9.9, 500, 9.93, 100);
    expect(fills).toEqual([
      ['S', 60, 9.95, 4], // the bid it was triggered into
      ['S', 40, 9.9, 4], // then the new quote's bid
    ]);
    expect(ends).toEqual([['D', 'expired', 1000]]);
  });

  it('a refused fill ends the order; drop forgets an order ended from outside', () => {
    const ends: string[] = [];
    const book = new QueueBook<string>({ fill: () => false, end: (o) => void ends.push(o.owner) });
    book.onQuote(0, 10, 0, 10.02, 200);
    const a = buy('A', 100, 10);
    const b = buy('B', 100, 10);
    book.add(a);
    book.add(b);
    book.drop(b);
    book.onTrade(1, 9.9, 10);
    expect([a.done, b.done, book.open, ends]).toEqual([true, true, 0, []]);
  });
});
