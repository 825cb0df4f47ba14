import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { defineStrategy } from '../../../src-main/kernel/strategy/types.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/** A busier strategy: limit, stop and market orders from indicator values, so more of the engine is exercised. */
const busy = defineStrategy({
  name: 'busy',
  description: 'test',
  params: z.object({}),
  timeframe: '1Day',
  universe: [],
  warmup: () => 5,
  create(_p, ctx) {
    return {
      onBar(symbol, bar) {
        const sma = ctx.indicators.sma(symbol, 5);
        if (!sma.ready) return;
        const held = ctx.portfolio.position(symbol);
        if (held === 0 && bar.c < sma.value) ctx.submit(ctx.orders.limit(symbol, 'buy', 10, bar.c * 0.99, 'day'));
        else if (held > 0 && bar.c > sma.value * 1.02) ctx.submit(ctx.orders.stop(symbol, 'sell', held, bar.c * 0.98, 'gtc'));
      },
    };
  },
});

function perturbAfter(bars: Bar[], t: number, seed: number): Bar[] {
  const rand = prng(seed);
  return bars.map((b, i) => {
    if (i <= t) return b;
    const c = b.c * (0.5 + rand());
    const o = b.o * (0.5 + rand());
    return { ...b, o, c, h: Math.max(o, c) * (1 + rand() * 0.1), l: Math.min(o, c) * (1 - rand() * 0.1), v: b.v * rand() };
  });
}

/** Decisions made at or before bar t: the orders sent, with what they asked. */
function decisionsUpTo(result: ReturnType<typeof backtestBars>, barTime: number) {
  return result.orders.filter((o) => o.submittedAt <= barTime).map(({ state: _s, filledQty: _f, avgFillPrice: _a, reason: _r, ...asked }) => asked);
}

describe('golden rule: no lookahead', () => {
  const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'yhoo-2003-2005.txt'), 'utf8'), 'yhoo');
  it.each([
    ['sma-cross', smaCross, { fast: 5, slow: 15, size: 100 }],
    ['busy', busy, {}],
  ] as const)('%s: changing every bar after t never changes a decision at or before t', (_name, strategy, params) => {
    const base = backtestBars(strategy, params, 'YHOO', bars);
    expect(base.orders.length).toBeGreaterThan(4);
    for (const [n, t] of [50, 200, 377, 600, 740].entries()) {
      const changed = backtestBars(strategy, params, 'YHOO', perturbAfter(bars, t, n + 1));
      const at = bars[t]!.t;
      expect(decisionsUpTo(changed, at)).toEqual(decisionsUpTo(base, at));
      // Fills at or before t and the equity up to t are untouched too.
      expect(changed.fills.filter((f) => f.t <= at)).toEqual(base.fills.filter((f) => f.t <= at));
      expect(changed.equity.value.slice(0, t + 1)).toEqual(base.equity.value.slice(0, t + 1));
      // ...and the perturbation did change something later (the test could fail).
      expect(changed.equity.value.slice(t + 1)).not.toEqual(base.equity.value.slice(t + 1));
    }
  });
});
