import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import type { StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { parseBasketWeights } from '../../../src-main/strategies/arbitrage/basket-weights.js';
import { etfBasketArbWith } from '../../../src-main/strategies/arbitrage/etf-basket-arb.js';
import { earningsDatesFromHeadlines, parseEarningsCalendar } from '../../../src-main/strategies/stock/earnings-calendar.js';
import { earningsMomentum, earningsMomentumWith } from '../../../src-main/strategies/stock/earnings-momentum.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const load = (symbol: string, file: string) => toColumns(symbol, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file));

describe('earnings calendar file', () => {
  it('reads symbol,date lines after comments and a header, ignoring extra columns', () => {
    const text = '# from the issuer\nsymbol,date,time\norcl,2004-03-11,amc\n\nYHOO,2004-04-07\n';
    expect(parseEarningsCalendar(text)).toEqual([
      { symbol: 'ORCL', date: '2004-03-11' },
      { symbol: 'YHOO', date: '2004-04-07' },
    ]);
  });

  it('refuses a bad date with its line number', () => {
    expect(() => parseEarningsCalendar('symbol,date\nORCL,2004-3-11\n', 'cal.csv')).toThrow(/cal\.csv line 2: expected "SYMBOL,YYYY-MM-DD", got "ORCL,2004-3-11"/);
    expect(() => parseEarningsCalendar('symbol,date\n')).toThrow(/no earnings dates/);
  });

  it('guesses dates from results headlines, not previews, on the New York date', () => {
    const at = (iso: string) => Date.parse(iso);
    const dates = earningsDatesFromHeadlines([
      { headline: 'Oracle Reports Q3 Results, Beats Estimates', symbols: ['ORCL'], createdAt: at('2024-03-12T01:30:00Z') },
      { headline: 'Oracle earnings preview: what to expect', symbols: ['ORCL'], createdAt: at('2024-03-10T12:00:00Z') },
      { headline: 'Yahoo to report earnings on April 7', symbols: ['YHOO'], createdAt: at('2024-03-20T12:00:00Z') },
      { headline: 'NVIDIA third-quarter results top expectations', symbols: ['NVDA'], createdAt: at('2024-11-20T21:30:00Z') },
    ]);
    // 01:30 UTC on the 12th is still the 11th in New York.
    expect(dates).toEqual([
      { symbol: 'ORCL', date: '2024-03-11' },
      { symbol: 'NVDA', date: '2024-11-20' },
    ]);
  });

  it('a calendar listing exactly the volume-spike days gives the volume-spike run\'s orders (two ways to the same events)', () => {
    const data = new MarketData([load('ORCL', 'orcl-2003-2005.txt'), load('YHOO', 'yhoo-2003-2005.txt')]);
    const params = parseParams(earningsMomentum.params, { volumeMultiple: 2.5, holdBars: 20 });
    const spikes = runBacktest(earningsMomentum as unknown as StrategyDefinition, params, data);
    expect(spikes.orders.length).toBeGreaterThan(4);
    const events = new Set<string>();
    // Recompute every spike day the same way the strategy defines it, independently of its code.
    const lines: string[] = ['symbol,date'];
    for (const [symbol, file] of [['ORCL', 'orcl-2003-2005.txt'], ['YHOO', 'yhoo-2003-2005.txt']] as const) {
      const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
      for (let i = 50; i < bars.length; i++) {
        const avg = bars.slice(i - 50, i).reduce((s, b) => s + b.v, 0) / 50;
        if (bars[i]!.v >= 2.5 * avg) {
          lines.push(`${symbol},${bars[i]!.date}`);
          events.add(`${symbol} ${bars[i]!.date}`);
        }
      }
    }
    expect(events.size).toBeGreaterThan(5);
    const withCalendar = earningsMomentumWith(parseEarningsCalendar(lines.join('\n')));
    const calendarRun = runBacktest(withCalendar as unknown as StrategyDefinition, params, data);
    const asked = (r: typeof spikes) => r.orders.map((o) => ({ symbol: o.symbol, side: o.side, qty: o.qty, at: o.submittedAt }));
    expect(asked(calendarRun)).toEqual(asked(spikes));
    expect(calendarRun.orders[0]!.cause).toMatch(/\(calendar\)/);
    expect(spikes.orders[0]!.cause).toMatch(/\(volume spike\)/);
  });
});

describe('ETF holdings file', () => {
  it('reads fractions or percents and scales them to sum to 1', () => {
    expect(parseBasketWeights('symbol,weight\nAAPL,7.1%\nmsft,6.9\n')).toEqual([
      { symbol: 'AAPL', weight: 7.1 / 14 },
      { symbol: 'MSFT', weight: 6.9 / 14 },
    ]);
  });

  it('refuses a bad weight, a repeated symbol, and an empty file, naming the line', () => {
    expect(() => parseBasketWeights('symbol,weight\nAAPL,abc\nMSFT,1', 'w.csv')).toThrow(/w\.csv line 2: expected "SYMBOL,weight"/);
    expect(() => parseBasketWeights('AAPL,0.5\nMSFT,-1', 'w.csv')).toThrow(/w\.csv line 2/);
    expect(() => parseBasketWeights('AAPL,0.5\naapl,0.5', 'w.csv')).toThrow(/AAPL is listed twice/);
    expect(() => parseBasketWeights('# nothing\n')).toThrow(/no holdings/);
  });

  it('a holding of the file missing from the bot\'s symbols is refused with its name', () => {
    const definition = etfBasketArbWith(parseBasketWeights('NVDA,0.5\nAMZN,0.5')) as unknown as StrategyDefinition;
    const data = new MarketData([load('ORCL', 'orcl-2003-2005.txt'), load('YHOO', 'yhoo-2003-2005.txt')]);
    expect(() => runBacktest(definition, parseParams(definition.params, {}), data)).toThrow(/NVDA, AMZN in the weights file are not among the symbols after the ETF \(ORCL\)/);
  });
});
