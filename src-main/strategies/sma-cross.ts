import { z } from 'zod';
import { defineStrategy, type Indicator } from '../kernel/strategy/types.js';

const params = z
  .object({
    fast: z.number().int().min(1).max(500).default(10).describe('fast SMA window (bars)'),
    slow: z.number().int().min(2).max(1000).default(30).describe('slow SMA window (bars)'),
    size: z.number().int().min(1).max(1_000_000).default(100).describe('shares bought on an up-cross'),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });

/**
 * The reference strategy and the engine's acceptance test. Long only: on an up-cross while flat, buy `size` at
 * market; on a down-cross while long, sell the whole position at market. A cross is a change of sign of
 * fast - slow against its last non-zero sign, so an exact tie is not a cross and does not erase the side.
 */
export const smaCross = defineStrategy({
  name: 'sma-cross',
  description: 'Long-only moving-average crossover (fast/slow SMA of the close, fixed share size)',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 1,
  params: params as unknown as z.ZodObject<{ fast: z.ZodDefault<z.ZodNumber>; slow: z.ZodDefault<z.ZodNumber>; size: z.ZodDefault<z.ZodNumber> }>,
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
    return {
      onBar(symbol) {
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
        if (previous === 0 || previous === side) return;
        const held = ctx.portfolio.position(symbol);
        if (side > 0 && held === 0) ctx.submit(ctx.orders.market(symbol, 'buy', p.size));
        else if (side < 0 && held > 0) ctx.submit(ctx.orders.market(symbol, 'sell', held));
      },
    };
  },
});
