import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { BarColumns } from '../../../src-main/backtest/market-data.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { IncrementalScanner } from '../../../src-main/discovery/incremental-scan.js';
import { scan, type ScanOutput, type ScanStrategy } from '../../../src-main/discovery/scanner.js';
import type { ScoredOutcome } from '../../../src-main/discovery/signal.js';
import { UniverseBars } from '../../../src-main/discovery/universe-bars.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { STRATEGIES, strategyNames } from '../../../src-main/strategies/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2021, 0, 4);
const SYMBOLS = ['SPY', 'AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG'];

/** Weekday daily bars: random walks that share a market factor (so pairs and baskets co-move), with a few jumps. */
function series(total: number): Map<string, Bar[]> {
  const rand = prng(7);
  const days: number[] = [];
  for (let d = T0; days.length < total; d += DAY) if (new Date(d).getUTCDay() % 6 !== 0) days.push(d);
  const market = days.map(() => (rand() + rand() + rand() - 1.5) * 0.02);
  const out = new Map<string, Bar[]>();
  SYMBOLS.forEach((symbol, k) => {
    let price = 50 + 20 * k;
    const beta = 0.6 + 0.1 * k;
    out.set(
      symbol,
      days.map((t, i) => {
        const o = price;
        const jump = rand() < 0.02 ? (rand() - 0.5) * 0.2 : 0;
        price *= Math.exp(beta * market[i]! + (rand() + rand() + rand() - 1.5) * 0.02 + jump);
        const c = price;
        return { t, o, h: Math.max(o, c) * (1 + 0.01 * rand()), l: Math.min(o, c) * (1 - 0.01 * rand()), c, v: 1e5 + 1e6 * rand() };
      }),
    );
  });
  return out;
}

const strategies: ScanStrategy[] = strategyNames().map((name) => {
  const definition = STRATEGIES.get(name)!;
  return { definition, params: parseParams(definition.params, {}) };
});

const key = (o: ScoredOutcome): string => `${o.strategy}|${o.symbol}|${o.generatedAt}|${o.direction}|${o.source}`;
const sortedOutcomes = (list: readonly ScoredOutcome[]): ScoredOutcome[] => list.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

function expectSame(incremental: ScanOutput, full: ScanOutput, everyOutcome: readonly ScoredOutcome[]): void {
  expect(incremental.asOf).toBe(full.asOf);
  expect(incremental.skipped).toEqual(full.skipped);
  expect(incremental.opportunities).toEqual(full.opportunities);
  expect(incremental.calibration).toEqual(full.calibration);
  expect(sortedOutcomes(everyOutcome)).toEqual(sortedOutcomes(full.outcomes));
}

describe('incremental scanner', () => {
  it('equals a scan from scratch of the same bars at every close, for every strategy', () => {
    const INITIAL = 270;
    const CLOSES = 8;
    const bars = series(INITIAL + CLOSES);
    const universe = new UniverseBars();
    const toColumns = (symbol: string, list: readonly Bar[]): BarColumns => {
      const col = (f: keyof Bar) => Float64Array.from(list, (b) => b[f]);
      return { symbol, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
    };
    universe.load(SYMBOLS.map((s) => toColumns(s, bars.get(s)!.slice(0, INITIAL))));
    const scanner = new IncrementalScanner(() => universe.columns(), { strategies });
    let everyOutcome: ScoredOutcome[] = [];
    const first = scanner.scan();
    everyOutcome.push(...first.outcomes);
    expectSame(first, scan({ columns: universe.columns(), strategies }), everyOutcome);
    const seen = new Set([...first.opportunities, ...first.outcomes].map((o) => o.strategy));
    const lists = [JSON.stringify(first.opportunities)];
    for (let i = INITIAL; i < INITIAL + CLOSES; i++) {
      for (const symbol of SYMBOLS) {
        // One symbol misses a close (a halt): its timestamp then has fewer bars than the others.
        if (symbol === 'DDD' && i === INITIAL + 2) continue;
        const bar = bars.get(symbol)![i]!;
        if (universe.add(symbol, bar)) scanner.add(symbol, bar);
      }
      const result = scanner.scan();
      everyOutcome.push(...result.outcomes);
      const full = scan({ columns: universe.columns(), strategies });
      expectSame(result, full, everyOutcome);
      for (const o of [...result.opportunities, ...result.outcomes]) seen.add(o.strategy);
      lists.push(JSON.stringify(result.opportunities));
    }
    // Built once: every close after the first went through the warm runs, not a rebuild.
    expect(scanner.rebuilds).toBe(1);
    // The lists moved from close to close: equal answers are not the same answer repeated.
    expect(new Set(lists).size).toBeGreaterThan(CLOSES / 2);
    // The comparison covered strategies of every kind (bar, cross-sectional, pair, basket, ML, ensemble, microstructure).
    console.log(`strategies with signals: ${[...seen].sort().join(', ')}; without: ${strategyNames().filter((n) => !seen.has(n)).join(', ')}`);
    expect(seen.size).toBeGreaterThanOrEqual(12);

    // A corrected bar at the last timestamp: the runs have passed it, so the scanner builds again and still agrees.
    const last = bars.get('AAA')![INITIAL + CLOSES - 1]!;
    const corrected = { ...last, c: last.c * 1.2, h: last.h * 1.2 };
    expect(universe.add('AAA', corrected)).toBe(true);
    scanner.add('AAA', corrected);
    const again = scanner.scan();
    everyOutcome = again.outcomes;
    expectSame(again, scan({ columns: universe.columns(), strategies }), everyOutcome);
    expect(scanner.rebuilds).toBe(2);
  });

  it('a strategy that says the same thing twice at a bar: its record keeps one outcome per key, as the full scan does', () => {
    // Two insights of one symbol, time and direction: the record keeps the second in the first one's place.
    const twice = defineStrategy({
      name: 'twice',
      description: 'test: two insights under one key on every other bar',
      params: z.object({}),
      timeframe: '1Day',
      universe: [],
      warmup: () => 1,
      create(_p, ctx) {
        let n = 0;
        return {
          onBar(symbol) {
            n++;
            if (n % 2 !== 0) return;
            ctx.emitInsight({ symbol, direction: 'up', confidence: 0.55, magnitude: 0.01, horizonBars: 2, reason: 'first' });
            ctx.emitInsight({ symbol, direction: 'up', confidence: 0.6 + 0.3 * ((n >> 1) % 2), magnitude: 0.02, horizonBars: 2, reason: 'second' });
          },
        };
      },
    }) as unknown as StrategyDefinition;
    const list: ScanStrategy[] = [{ definition: twice, params: {} }, strategies.find((s) => s.definition.name === 'sma-cross')!];
    const bars = series(80);
    const universe = new UniverseBars();
    const toColumns = (symbol: string, rows: readonly Bar[]): BarColumns => {
      const col = (f: keyof Bar) => Float64Array.from(rows, (b) => b[f]);
      return { symbol, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
    };
    universe.load(SYMBOLS.map((s) => toColumns(s, bars.get(s)!.slice(0, 70))));
    const scanner = new IncrementalScanner(() => universe.columns(), { strategies: list });
    const everyOutcome = [...scanner.scan().outcomes];
    for (let i = 70; i < 80; i++) {
      for (const symbol of SYMBOLS) if (universe.add(symbol, bars.get(symbol)![i]!)) scanner.add(symbol, bars.get(symbol)![i]!);
      const result = scanner.scan({ withReliability: true });
      everyOutcome.push(...result.outcomes);
      const full = scan({ columns: universe.columns(), strategies: list, withReliability: true });
      expect(result.opportunities).toEqual(full.opportunities);
      expect(result.calibration).toEqual(full.calibration);
    }
    // The duplicates were there to be kept out: more outcomes scored than keys in the record.
    const twiceOutcomes = everyOutcome.filter((o) => o.strategy === 'twice');
    expect(new Set(twiceOutcomes.map(key)).size).toBeLessThan(twiceOutcomes.length);
  });

  it('a scanner not told of a close answers the older list, which the full scan does not give', () => {
    const bars = series(262);
    const universe = new UniverseBars();
    universe.load(
      SYMBOLS.map((s) => {
        const list = bars.get(s)!.slice(0, 255);
        const col = (f: keyof Bar) => Float64Array.from(list, (b) => b[f]);
        return { symbol: s, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
      }),
    );
    const scanner = new IncrementalScanner(() => universe.columns(), { strategies });
    scanner.scan();
    for (let i = 255; i < 262; i++) for (const s of SYMBOLS) universe.add(s, bars.get(s)![i]!);
    // The bars reached the universe but not the scanner (stale state): the comparison must see it.
    const stale = scanner.scan();
    const full = scan({ columns: universe.columns(), strategies });
    expect(stale.asOf).not.toBe(full.asOf);
    expect(stale.opportunities).not.toEqual(full.opportunities);
  });
});
