import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { defineStrategy, type Indicator, type IndicatorRequest, type StrategyContext } from '../../kernel/strategy/types.js';
import { PositionKeeper } from './position-keeper.js';

const params = z.object({
  variant: z.enum(['donchian', 'dual-thrust']).default('donchian').describe('donchian: channel breakout; dual-thrust: range breakout from the open'),
  entryPeriod: z.number().int().min(5).max(250).default(20).describe('donchian: buy a close above the high of this many bars before'),
  exitPeriod: z.number().int().min(2).max(250).default(10).describe('donchian: sell a close below the low of this many bars before'),
  lookback: z.number().int().min(1).max(50).default(4).describe('dual-thrust: bars the range is measured over'),
  k1: z.number().min(0.1).max(2).default(0.63).describe('dual-thrust: buy above open + k1 x range'),
  k2: z.number().min(0.1).max(2).default(0.63).describe('dual-thrust: sell below open - k2 x range'),
  allocation: z.number().min(0.05).max(1).default(0.95).describe('fraction of equity put in one position'),
});
type Params = z.output<typeof params>;

type Past = Pick<Bar, 'h' | 'l' | 'c'>;

interface SymbolState {
  entry: { upper: Indicator } | undefined;
  exit: { lower: Indicator } | undefined;
  /** Channel values after the previous bar: a breakout is a close beyond the bars before it. */
  prevUpper: number;
  prevLower: number;
  /** dual-thrust: the last `lookback` bars before this one (kept by the strategy, so it trades `lookback` bars after a live start). */
  past: Past[];
}

/**
 * Long-only breakout on each symbol of the run. Donchian (the turtle rule): buy a close above the highest high
 * of the `entryPeriod` bars before it, sell a close below the lowest low of the `exitPeriod` bars before it.
 * Dual Thrust (LEAN's VIXDualThrustAlpha): range = max(HH - LC, HC - LL) over the `lookback` bars before; buy a
 * bar closing above its open + k1 x range, sell one closing below its open - k2 x range. Market orders at the close.
 */
export const breakout = defineStrategy({
  name: 'breakout',
  description: 'Long-only breakout: Donchian channel (buy above the N-bar high, sell below the M-bar low) or Dual Thrust by parameter',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 1,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) => (p.variant === 'dual-thrust' ? p.lookback + 1 : Math.max(p.entryPeriod, p.exitPeriod) + 1),
  indicators: (p: Params): IndicatorRequest[] =>
    p.variant === 'dual-thrust'
      ? []
      : [
          { kind: 'indicator', id: 'donchian', params: { period: p.entryPeriod } },
          { kind: 'indicator', id: 'donchian', params: { period: p.exitPeriod } },
        ],
  create(p: Params, ctx: StrategyContext) {
    const keeper = new PositionKeeper(ctx);
    const states = new Map<string, SymbolState>();
    const stateOf = (symbol: string): SymbolState => {
      let s = states.get(symbol);
      if (s === undefined) {
        const donchian = p.variant === 'donchian';
        s = {
          entry: donchian ? { upper: ctx.indicators.indicator(symbol, 'donchian', { period: p.entryPeriod }).line('upper') } : undefined,
          exit: donchian ? { lower: ctx.indicators.indicator(symbol, 'donchian', { period: p.exitPeriod }).line('lower') } : undefined,
          prevUpper: NaN,
          prevLower: NaN,
          past: [],
        };
        states.set(symbol, s);
      }
      return s;
    };

    const donchianBar = (symbol: string, bar: Readonly<Bar>, s: SymbolState): void => {
      const held = ctx.portfolio.position(symbol);
      if (held === 0 && bar.c > s.prevUpper) keeper.buy(symbol, keeper.sharesFor(p.allocation, bar.c));
      else if (held > 0 && bar.c < s.prevLower) keeper.sell(symbol);
      s.prevUpper = s.entry!.upper.value;
      s.prevLower = s.exit!.lower.value;
    };

    const dualThrustBar = (symbol: string, bar: Readonly<Bar>, s: SymbolState): void => {
      if (s.past.length === p.lookback) {
        let hh = -Infinity;
        let ll = Infinity;
        let hc = -Infinity;
        let lc = Infinity;
        for (const b of s.past) {
          hh = Math.max(hh, b.h);
          ll = Math.min(ll, b.l);
          hc = Math.max(hc, b.c);
          lc = Math.min(lc, b.c);
        }
        const range = Math.max(hh - lc, hc - ll);
        const held = ctx.portfolio.position(symbol);
        if (held === 0 && bar.c > bar.o + p.k1 * range) keeper.buy(symbol, keeper.sharesFor(p.allocation, bar.c));
        else if (held > 0 && bar.c < bar.o - p.k2 * range) keeper.sell(symbol);
      }
      s.past.push({ h: bar.h, l: bar.l, c: bar.c });
      if (s.past.length > p.lookback) s.past.shift();
    };

    return {
      onBar(symbol, bar) {
        const s = stateOf(symbol);
        if (p.variant === 'dual-thrust') dualThrustBar(symbol, bar, s);
        else donchianBar(symbol, bar, s);
      },
      onFill: (fill) => keeper.onFill(fill),
      onOrderUpdate: (update) => keeper.onOrderUpdate(update),
    };
  },
});
