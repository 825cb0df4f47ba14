import { describe, expect, it } from 'vitest';
import { barsFromTicks, clipTicks } from '../../../../src-main/backtest/ticks/bars-from-ticks.js';
import { parseTickCsv, parseTickTime } from '../../../../src-main/backtest/ticks/tick-csv.js';
import { toQuoteColumns, toTradeColumns } from '../../../../src-main/backtest/market-data.js';
import { tickSymbol } from '../../../../src-main/cli/backtest/ticks.js';

const T = Date.UTC(2024, 2, 1, 14, 30);

describe('quote and trade files', () => {
  it('reads times as epoch ms or ISO (no zone: UTC) and tells quotes from trades by the header', () => {
    expect(parseTickTime('2024-03-01T14:30:00.125Z')).toBe(T + 125);
    expect(parseTickTime('2024-03-01 14:30:00.125')).toBe(T + 125);
    expect(parseTickTime('2024-03-01T15:30:00+01:00')).toBe(T);
    expect(parseTickTime(String(T))).toBe(T);
    expect(parseTickTime('yesterday')).toBeNaN();
    const q = parseTickCsv(`T,Bid,BidSize,Ask,AskSize\r\n${T},10,300,10.02,200\r\n\r\n2024-03-01T14:30:01Z,10.01,100,10.02,50\r\n`, 'q.csv');
    expect(q.kind).toBe('quotes');
    if (q.kind === 'quotes') expect([...q.quotes.t, ...q.quotes.bid, ...q.quotes.askSize]).toEqual([T, T + 1000, 10, 10.01, 200, 50]);
    const tr = parseTickCsv(`t,price,size\n${T},10,0\n`, 't.csv');
    expect(tr.kind === 'trades' && [...tr.trades.size]).toEqual([0]);
  });

  it('refuses bad rows with the file and line', () => {
    expect(() => parseTickCsv(`t,price,size\n${T},10\n`, 'a.csv')).toThrow('a.csv:2: expected 3 values');
    expect(() => parseTickCsv(`t,price,size\n${T},0,5\n`, 'a.csv')).toThrow('a.csv:2: price must be a number above 0');
    expect(() => parseTickCsv(`t,bid,bidSize,ask,askSize\n${T},10,1,10.02,1\n${T},10.03,1,10.02,1\n`, 'b.csv')).toThrow('b.csv:3: the bid 10.03 is above the ask 10.02');
    expect(() => parseTickCsv(`t,price,size\nnoon,10,5\n`, 'a.csv')).toThrow(/a\.csv:2: time "noon" is neither/);
  });

  it('names the symbol by the part before the kind', () => {
    expect(['/x/aapl-quotes.csv', 'AAPL.trades.csv', 'brk.b_quotes.csv', 'msft-2024-quotes.csv'].map(tickSymbol)).toEqual(['AAPL', 'AAPL', 'BRK.B', 'MSFT']);
  });

  it('makes bars from quote midpoints and trade prices, volume from trades; clips ticks to a range', () => {
    const ticks = {
      quotes: toQuoteColumns([
        { t: T, bid: 10, bidSize: 1, ask: 10.2, askSize: 1 },
        { t: T + 30_000, bid: 10.2, bidSize: 1, ask: 10.4, askSize: 1 },
        { t: T + 120_000, bid: 9.9, bidSize: 1, ask: 10.1, askSize: 1 },
      ]),
      trades: toTradeColumns([
        { t: T + 10_000, price: 9.95, size: 40 },
        { t: T + 30_000, price: 10.35, size: 10 },
      ]),
    };
    const b = barsFromTicks('X', ticks);
    // Minute 0: 10.1 (mid), 9.95 (trade), 10.3 (mid), 10.35 (trade at the same time as the quote, after it).
    expect([...b.t]).toEqual([T, T + 120_000]);
    expect([b.o[0], b.h[0], b.l[0], b.c[0], b.v[0]]).toEqual([10.1, 10.35, 9.95, 10.35, 50]);
    expect([b.o[1], b.c[1], b.v[1]]).toEqual([10, 10, 0]);
    const cut = clipTicks(ticks, T + 10_000, T + 30_000);
    expect([[...cut.quotes!.t], [...cut.trades!.t]]).toEqual([[T + 30_000], [T + 10_000, T + 30_000]]);
    expect(() => barsFromTicks('X', ticks, '1Day')).toThrow(/not 1Day/);
  });
});
