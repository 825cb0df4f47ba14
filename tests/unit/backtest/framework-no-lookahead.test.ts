import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { topN } from '../../../src-main/kernel/strategy/cross-section.js';
import { portfolioParams } from '../../../src-main/kernel/strategy/portfolio-params.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/**
 * Everything of the second strategy API at once: a weekly schedule, ctx.bars on the run's and a longer (monthly)
 * timeframe, cross-sections, insights through the volatility-targeted portfolio, protections. Replacing every bar
 * after t must leave every order sent up to t unchanged.
 */
const rotation = defineStrategy({
  name: 'rotation-probe',
  description: 'weekly: up insight on the best 1 of 3 by 20-bar return, if above its last completed monthly close',
  params: z.object({ ...portfolioParams }),
  timeframe: '1Day',
  universe: [],
  warmup: () => 21,
  create: (_p, ctx) => {
    ctx.schedule.onFirstTradingDayOfWeek(() => {
      const score = new Map<string, number>();
      for (const s of ctx.universe) {
        const b = ctx.bars(s, '1Day', 21);
        if (b.length === 21) score.set(s, b[20]!.c / b[0]!.c - 1);
      }
      const best = topN(score, 1)[0];
      if (best === undefined) return;
      const month = ctx.bars(best, '1Month', 1)[0];
      const last = ctx.bars(best, '1Day', 1)[0]!;
      const direction = month === undefined || last.c > month.c ? 'up' : 'flat';
      ctx.emitInsight({ symbol: best, direction, confidence: 0.7, horizonBars: 5, reason: `best 20-bar return ${score.get(best)!.toFixed(3)}, last monthly close ${month?.c.toFixed(4) ?? 'none'}` });
    });
    return { onCrossSection: () => undefined };
  },
});

function load(file: string, from: number, to: number): Bar[] {
  return parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file).filter((b) => b.t >= from && b.t <= to);
}

function perturbAfter(bars: Bar[], t: number, seed: number): Bar[] {
  const rand = prng(seed);
  return bars.map((b) => {
    if (b.t <= t) return b;
    const c = b.c * (0.5 + rand());
    const o = b.o * (0.5 + rand());
    return { ...b, o, c, h: Math.max(o, c) * 1.05, l: Math.min(o, c) * 0.95, v: b.v * rand() };
  });
}

describe('no lookahead through schedules, longer bars, cross-sections, insights and protections', () => {
  it('replacing every bar after t leaves every order sent up to t unchanged', () => {
    const from = Date.UTC(2010, 0, 1);
    const to = Date.UTC(2012, 11, 31);
    const files = { NVDA: 'nvda-1999-2014.txt', ORCL: 'orcl-1995-2014.txt', YHOO: 'yhoo-1996-2014.txt' };
    const base = Object.fromEntries(Object.entries(files).map(([s, f]) => [s, load(f, from, to)]));
    const options = { protections: { cooldown: { hours: 24 * 7 }, maxDrawdown: { maxDrawdown: 0.08, lookbackHours: 24 * 60, lockHours: 24 * 20 } } } as const;
    const params = z.object({ ...portfolioParams }).parse({ portfolioMethod: 'volatility', targetVolatility: 0.2 });
    const run = (bars: Record<string, Bar[]>) =>
      runBacktest(rotation as unknown as StrategyDefinition, params, new MarketData(Object.entries(bars).map(([s, b]) => toColumns(s, b))), options);
    const full = run(base);
    expect(full.orders.length).toBeGreaterThan(20);
    expect(full.locks.length).toBeGreaterThan(0);
    const times = base.NVDA!.map((b) => b.t);
    for (const [k, cut] of [0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9].entries()) {
      const t = times[Math.floor(times.length * cut)]!;
      const changed = run(Object.fromEntries(Object.entries(base).map(([s, b]) => [s, perturbAfter(b, t, 7 + k)])));
      const upTo = (orders: typeof full.orders) => orders.filter((o) => o.submittedAt <= t).map(({ state, filledQty, avgFillPrice, reason, ...sent }) => sent);
      expect(upTo(changed.orders)).toEqual(upTo(full.orders));
      expect(changed.decisions.filter((d) => d.t <= t)).toEqual(full.decisions.filter((d) => d.t <= t));
    }
  });
});
