import { z } from 'zod';
import { defineStrategy, type Indicator } from '../kernel/strategy/types.js';

const params = z
  .object({
    fast: z.number().int().min(1).max(500).default(10).describe('fast SMA window (bars)'),
    slow: z.number().int().min(2).max(1000).default(30).describe('slow SMA window (bars)'),
    size: z.number().int().min(1).max(1_000_000).default(100).describe('shares bought on an up-cross'),
    joinTrend: z.boolean().default(false).describe('on the first bar with both averages ready, buy if fast is above slow (join the trend under way) instead of waiting for the next up-cross'),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });

/**
 * The reference strategy and the engine's acceptance test. Long only: on an up-cross while flat, buy `size` at
 * market; on a down-cross while long, sell the whole position at market. A cross is a change of sign of
 * fast - slow against its last non-zero sign, so an exact tie is not a cross and does not erase the side.
 * With `joinTrend`, the first sign it sees counts as a cross from nothing: a flat bot buys when fast is above slow,
 * at its start where the averages are already warm (a live bot's warm-up history, which onBar never sees), else on
 * its first ready bar. The demo's stock bot uses it, so it orders at its start rather than after each symbol's next
 * cross. Off by default: backtests and every other bot are unchanged.
 */
export const smaCross = defineStrategy({
  name: 'sma-cross',
  description: 'Long-only moving-average crossover (fast/slow SMA of the close, fixed share size)',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 1,
  params: params as unknown as z.ZodObject<{ fast: z.ZodDefault<z.ZodNumber>; slow: z.ZodDefault<z.ZodNumber>; size: z.ZodDefault<z.ZodNumber>; joinTrend: z.ZodDefault<z.ZodBoolean> }>,
  timeframe: '1Day',
  universe: [],
  warmup: (p) => p.slow,
  indicators: (p) => [
    { kind: 'sma', period: p.fast },
    { kind: 'sma', period: p.slow },
  ],
  create(p, ctx) {
    if (p.fast >= p.slow) throw new Error(`sma-cross: fast (${p.fast}) must be shorter than slow (${p.slow})`);
    type SymbolState = { fast: Indicator; slow: Indicator; side: number };
    const state = new Map<string, SymbolState>();
    // One-entry cache in front of the map: consecutive bars of one symbol skip the hash lookup.
    let lastSymbol = '';
    let last: SymbolState | undefined;
    const decide = (symbol: string): void => {
      let s = symbol === lastSymbol ? last : state.get(symbol);
      if (s === undefined) {
        s = { fast: ctx.indicators.sma(symbol, p.fast), slow: ctx.indicators.sma(symbol, p.slow), side: 0 };
        state.set(symbol, s);
      }
      lastSymbol = symbol;
      last = s;
      const diff = s.fast.value - s.slow.value;
      // NaN while either window is still filling (not ready); an exact tie is not a cross.
      if (diff === 0 || diff !== diff) return;
      const side = diff > 0 ? 1 : -1;
      const previous = s.side;
      s.side = side;
      if (previous === side || (previous === 0 && !(p.joinTrend && side > 0))) return;
      const held = ctx.portfolio.position(symbol);
      if (side > 0 && held === 0) ctx.submit(ctx.orders.market(symbol, 'buy', p.size));
      else if (side < 0 && held > 0) ctx.submit(ctx.orders.market(symbol, 'sell', held));
    };
    return {
      // A live bot's averages are warm from history at its start (a backtest's are empty, so this does nothing
      // there): joining the trend then, on the last completed bar, rather than at the first live bar's close.
      ...(p.joinTrend ? { onStart: () => ctx.universe.forEach(decide) } : {}),
      onBar: decide,
    };
  },
});
