import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { backtestBars, runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { LiveIndicators } from '../../../src-main/bots/live-indicators.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { INDICATORS, createIndicator } from '../../../src-main/kernel/indicators/registry.js';
import { RollingRank } from '../../../src-main/kernel/stats/rolling-rank.js';
import { STRATEGY_INDICATORS, defineStrategy, type StrategyIndicatorId } from '../../../src-main/kernel/strategy/types.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-2014.txt'), 'utf8'), 'orcl');
const bench = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), 'utf8'), 'nvda');
const IDS = Object.keys(STRATEGY_INDICATORS) as StrategyIndicatorId[];

/** Records every line of one indicator at every bar, as a strategy inside onBar sees it. */
function recorder(id: StrategyIndicatorId, params: Record<string, number>, benchmark?: string) {
  const seen: Record<string, number[]> = {};
  const strategy = defineStrategy({
    name: 'rec',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create(_p, ctx) {
      return {
        onBar(symbol) {
          if (symbol !== 'ORCL') return;
          const ind = ctx.indicators.indicator('ORCL', id, params, benchmark === undefined ? {} : { benchmark });
          for (const name of STRATEGY_INDICATORS[id]) (seen[name] ??= []).push(ind.line(name as never).value);
        },
      };
    },
  });
  return { strategy, seen };
}

describe('strategy API: every indicator of the library through the factory', () => {
  it('names exactly the registry ids plus returns, volatility and rank, with the registry outputs', () => {
    const registry = Object.fromEntries(INDICATORS.map((m) => [m.id, m.outputs]));
    expect({ ...registry, returns: ['returns'], volatility: ['volatility'], rank: ['rank'] }).toEqual(
      Object.fromEntries(IDS.map((id) => [id, [...STRATEGY_INDICATORS[id]]])),
    );
  });

  it.each(IDS.filter((id) => id !== 'correlation' && id !== 'beta'))('%s: backtest and live see the library values bar by bar', (id) => {
    const params: Record<string, number> = id === 'bollinger' ? { period: 10, k: 1.5 } : id === 'returns' ? { period: 5 } : id === 'rank' ? { period: 20 } : {};
    const { strategy, seen } = recorder(id, params);
    backtestBars(strategy, {}, 'ORCL', bars);
    const extra = id === 'returns' || id === 'volatility' || id === 'rank';
    const direct = createIndicator(extra ? 'roc' : id, id === 'returns' ? { period: 5 } : extra ? {} : params);
    const live = new LiveIndicators();
    // Half the bars before the indicator is asked for: the replay must warm it exactly.
    for (const b of bars.slice(0, 120)) live.push('ORCL', b);
    const handle = live.indicator('ORCL', id, params);
    const liveSeen: number[] = [];
    for (const b of bars.slice(120)) {
      live.push('ORCL', b);
      liveSeen.push(handle.value);
    }
    const main = STRATEGY_INDICATORS[id][0];
    expect(seen[main]!.slice(120)).toEqual(liveSeen);
    if (!extra) {
      const expected = bars.map((b) => (direct.update({ h: b.h, l: b.l, c: b.c, v: b.v }), direct.read(main)));
      expect(seen[main]).toEqual(expected);
    } else if (id === 'returns') {
      // roc(5) is the same figure in percent.
      const roc = bars.map((b) => (direct.update({ h: b.h, l: b.l, c: b.c, v: b.v }), direct.read('roc')));
      roc.forEach((r, i) => (Number.isNaN(r) ? expect(seen.returns![i]).toBeNaN() : expect(seen.returns![i]).toBeCloseTo(r / 100, 12)));
    } else if (id === 'rank') {
      const rank = new RollingRank(20);
      expect(seen.rank).toEqual(bars.map((b) => rank.update(b.c)));
    }
    expect(seen[main]!.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(100);
  });

  it('realised volatility is the annualised sample deviation of log returns', () => {
    const { strategy, seen } = recorder('volatility', { period: 20, annualisation: 252 });
    backtestBars(strategy, {}, 'ORCL', bars);
    const i = 100;
    const r = bars.slice(i - 20, i + 1).map((b, k, a) => (k === 0 ? NaN : Math.log(b.c / a[k - 1]!.c))).slice(1);
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    expect(seen.volatility![i]).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(seen.volatility![19]).toBeNaN();
    expect(seen.volatility![20]).not.toBeNaN();
  });

  it('correlation and beta compare with a benchmark symbol aligned by time', () => {
    const { strategy, seen } = recorder('correlation', { period: 20 }, 'NVDA');
    runBacktest(strategy, {}, new MarketData([toColumns('ORCL', bars), toColumns('NVDA', bench)]));
    const direct = createIndicator('correlation', { period: 20 });
    const byT = new Map(bench.map((b) => [b.t, b.c]));
    const expected = bars.map((b) => (direct.update({ h: b.h, l: b.l, c: b.c, v: b.v, benchmark: byT.get(b.t) ?? NaN }), direct.read('correlation')));
    expect(seen.correlation).toEqual(expected);
    expect(() => backtestBars(recorder('beta', {}).strategy, {}, 'ORCL', bars)).toThrow(/benchmark/);
  });

  it('refuses an out-of-range parameter and an unknown line with their names', () => {
    expect(() => backtestBars(recorder('rsi', { period: 0 }).strategy, {}, 'ORCL', bars)).toThrow(/Period must be a whole number from 1/);
    expect(() => backtestBars(recorder('rsi', { lenght: 3 }).strategy, {}, 'ORCL', bars)).toThrow(/no parameter "lenght"/);
    const live = new LiveIndicators();
    expect(() => live.indicator('ORCL', 'bollinger').line('top' as never)).toThrow(/no line "top"/);
  });

  it('keeps the bars a live indicator is replayed over to the last ones (bounded memory)', () => {
    const live = new LiveIndicators();
    const many: Bar[] = Array.from({ length: 12_000 }, (_, i) => ({ t: i * 60_000, o: 1, h: 2, l: 1, c: 1 + (i % 7), v: 10 }));
    for (const b of many) live.push('X', b);
    expect(live.indicator('X', 'sma', { period: 7 }).value).toBe(4);
  });
});
