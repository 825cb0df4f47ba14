import { z } from 'zod';
import { defineStrategy, type Indicator, type IndicatorRequest, type StrategyContext } from '../../kernel/strategy/types.js';
import { PositionKeeper } from './position-keeper.js';

const params = z.object({
  period: z.number().int().min(5).max(200).default(20).describe('Bollinger window (bars)'),
  k: z.number().min(0.5).max(4).default(2).describe('band width in standard deviations'),
  entryB: z.number().min(-1).max(0.5).default(0).describe('buy when %B = (C - lower) / (upper - lower) is below this'),
  takeProfit: z.number().min(0.005).max(0.5).default(0.04).describe('upper barrier: sell at this gain from the entry price'),
  stopLoss: z.number().min(0.005).max(0.5).default(0.03).describe('lower barrier: sell at this loss from the entry price'),
  maxBars: z.number().int().min(1).max(250).default(10).describe('time barrier: sell after holding this many bars'),
  trailingStop: z.number().min(0).max(0.5).default(0.02).describe('sell at this drop from the highest close since entry (0: off)'),
  trailingActivation: z.number().min(0).max(0.5).default(0.015).describe('the trailing stop arms once the gain reaches this'),
  cooldownBars: z.number().int().min(0).max(50).default(2).describe('bars to wait after an exit before the next entry'),
  allocation: z.number().min(0.05).max(1).default(0.95).describe('fraction of equity put in one position'),
});
type Params = z.output<typeof params>;

interface SymbolState {
  upper: Indicator;
  lower: Indicator;
  barsHeld: number;
  highWater: number;
  cooldown: number;
  exiting: boolean;
}

/**
 * Long-only swing trades on each symbol: enter when Bollinger %B is below `entryB` (the close under the lower band
 * by default), leave by the first of four barriers (the triple barrier of Hummingbot's directional controllers,
 * with a trailing stop): take profit, stop loss, time limit, trailing stop. Barriers are checked on each bar's
 * close against the average fill price; exits are market orders, then a cooldown before the next entry.
 */
export const swing = defineStrategy({
  name: 'swing',
  description: 'Long-only swing trades: Bollinger %B entries, triple-barrier exits (take profit, stop loss, time limit, trailing stop)',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 1,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) => p.period,
  indicators: (p: Params): IndicatorRequest[] => [{ kind: 'indicator', id: 'bollinger', params: { period: p.period, k: p.k } }],
  create(p: Params, ctx: StrategyContext) {
    const keeper = new PositionKeeper(ctx);
    const states = new Map<string, SymbolState>();
    const stateOf = (symbol: string): SymbolState => {
      let s = states.get(symbol);
      if (s === undefined) {
        const bands = ctx.indicators.indicator(symbol, 'bollinger', { period: p.period, k: p.k });
        s = { upper: bands.line('upper'), lower: bands.line('lower'), barsHeld: 0, highWater: -Infinity, cooldown: 0, exiting: false };
        states.set(symbol, s);
      }
      return s;
    };
    const barrier = (s: SymbolState, entry: number, close: number): string | undefined => {
      const gain = close / entry - 1;
      if (gain >= p.takeProfit) return 'take profit';
      if (gain <= -p.stopLoss) return 'stop loss';
      if (s.barsHeld >= p.maxBars) return 'time limit';
      if (p.trailingStop > 0 && s.highWater >= entry * (1 + p.trailingActivation) && close <= s.highWater * (1 - p.trailingStop)) return 'trailing stop';
      return undefined;
    };
    return {
      onBar(symbol, bar) {
        const s = stateOf(symbol);
        const held = ctx.portfolio.position(symbol);
        if (held > 0) {
          s.barsHeld++;
          s.highWater = Math.max(s.highWater, bar.c);
          let entry = keeper.entryPrice(symbol);
          // A position the strategy did not fill itself (a restart): measure from the first close it sees.
          if (entry !== entry) entry = s.highWater;
          const reason = barrier(s, entry, bar.c);
          if (reason !== undefined && keeper.sell(symbol)) {
            s.exiting = true;
            ctx.log.info(`exit: ${reason}`, { symbol, entry, close: bar.c, bars: s.barsHeld });
          }
          return;
        }
        if (s.exiting || s.barsHeld > 0) {
          s.exiting = false;
          s.barsHeld = 0;
          s.highWater = -Infinity;
          s.cooldown = p.cooldownBars;
        }
        if (s.cooldown > 0) {
          s.cooldown--;
          return;
        }
        if (!s.upper.ready || !s.lower.ready) return;
        const width = s.upper.value - s.lower.value;
        if (!(width > 0)) return;
        const percentB = (bar.c - s.lower.value) / width;
        if (percentB < p.entryB) keeper.buy(symbol, keeper.sharesFor(p.allocation, bar.c));
      },
      onFill: (fill) => keeper.onFill(fill),
      onOrderUpdate: (update) => keeper.onOrderUpdate(update),
    };
  },
});
