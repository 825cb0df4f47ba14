import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { cointegratedMinuteBars, splice, tickData, tickStream, type TickStream } from '../../support/tick-stream.js';

const MINUTE = 60_000;
const LATE = Date.UTC(2024, 0, 16, 19, 30);
const OPENS = [Date.UTC(2024, 0, 16, 14, 30), Date.UTC(2024, 0, 17, 14, 30), Date.UTC(2024, 0, 18, 14, 30)];

type Run = ReturnType<typeof runBacktest>;
/** What was asked before t: the orders sent, without what became of them. */
function decisionsBefore(result: Run, t: number) {
  return result.orders.filter((o) => o.submittedAt < t).map(({ state: _s, filledQty: _f, avgFillPrice: _a, reason: _r, ...asked }) => asked);
}

function checkCuts(run: (cut: number | undefined) => Run, cuts: readonly number[]): void {
  const base = run(undefined);
  expect(base.orders.length).toBeGreaterThan(6);
  let differed = 0;
  for (const cut of cuts) {
    const changed = run(cut);
    expect(decisionsBefore(base, cut).length).toBeGreaterThan(0);
    expect(decisionsBefore(changed, cut)).toEqual(decisionsBefore(base, cut));
    expect(changed.fills.filter((f) => f.t < cut)).toEqual(base.fills.filter((f) => f.t < cut));
    if (JSON.stringify(changed.orders) !== JSON.stringify(base.orders)) differed++;
  }
  // The garbage changed later decisions: the strategy reads the data, so the test could fail.
  expect(differed).toBe(cuts.length);
}

describe('microstructure strategies: no lookahead on ticks', () => {
  // Every quote, trade and bar from the cut on comes from another seed at another price level.
  const cuts = [30, 45, 60, 75].map((m) => LATE + m * MINUTE);
  const streams = (seed: number, price: number, flowLead: number): TickStream => tickStream({ seed, start: LATE, minutes: 90, price, vol: 0.0001, flowLead });
  const garbage = (seed: number, price: number): TickStream => tickStream({ seed: seed + 1000, start: LATE, minutes: 90, price: price * 1.03, vol: 0.0004, flowLead: -3 });

  it.each([
    ['market-making', {}, 1_000_000],
    ['order-flow-imbalance', { allowShort: 'true' }, 100_000],
  ] as const)('%s: garbage quotes, trades and bars from t on change no order sent and no fill before t', (name, raw, cash) => {
    const definition = STRATEGIES.get(name)!;
    const params = parseParams(definition.params, raw);
    const a = streams(31, 100, 2);
    const b = streams(32, 60, 2);
    checkCuts(
      (cut) =>
        runBacktest(
          definition,
          params,
          tickData(cut === undefined ? [['AAA', a], ['BBB', b]] : [['AAA', splice(a, garbage(31, 100), cut)], ['BBB', splice(b, garbage(32, 60), cut)]]),
          { account: { cash, allowShort: true } },
        ),
      cuts,
    );
  });

  it('intraday-stat-arb: garbage bars from t on change no order sent and no fill before t', () => {
    const definition = STRATEGIES.get('intraday-stat-arb')!;
    const params = parseParams(definition.params, { entryZ: 1.25, exitZ: 0.25 });
    const { a, b } = cointegratedMinuteBars(3, OPENS);
    const garbageAfter = (bars: readonly Bar[], cut: number, seed: number): Bar[] => {
      const rand = prng(seed);
      return bars.map((x) => {
        if (x.t < cut) return x;
        const c = x.c * (0.97 + 0.06 * rand());
        return { ...x, o: c, h: c * 1.001, l: c * 0.999, c, v: x.v * 2 * rand() };
      });
    };
    const dayCuts = [OPENS[0]! + 300 * MINUTE, OPENS[1]! + 100 * MINUTE, OPENS[1]! + 250 * MINUTE, OPENS[2]! + 200 * MINUTE];
    checkCuts(
      (cut) =>
        runBacktest(
          definition,
          params,
          new MarketData(cut === undefined ? [toColumns('AAA', a), toColumns('BBB', b)] : [toColumns('AAA', garbageAfter(a, cut, 1)), toColumns('BBB', garbageAfter(b, cut, 2))]),
          { account: { cash: 100_000, allowShort: true } },
        ),
      dayCuts,
    );
  });

  it('intraday-stat-arb is flat at every session close (nothing held overnight)', () => {
    const definition = STRATEGIES.get('intraday-stat-arb')!;
    const { a, b } = cointegratedMinuteBars(3, OPENS);
    const r = runBacktest(definition, parseParams(definition.params, { entryZ: 1.25, exitZ: 0.25 }), new MarketData([toColumns('AAA', a), toColumns('BBB', b)]), { account: { cash: 100_000, allowShort: true } });
    for (const open of OPENS) {
      const close = open + 390 * MINUTE;
      const held = new Map<string, number>();
      for (const f of r.fills.filter((x) => x.t < close)) held.set(f.symbol, (held.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.qty : -f.qty));
      expect([...held.values()].every((q) => q === 0), new Date(close).toISOString()).toBe(true);
      // It traded in that session.
      expect(r.fills.some((f) => f.t >= open && f.t < close)).toBe(true);
    }
    expect(r.orders.some((o) => /before the session ends/.test(o.cause ?? ''))).toBe(true);
  });
});
