import { z } from 'zod';
import { defineStrategy, type Indicator, type IndicatorRequest, type StrategyContext } from '../../kernel/strategy/types.js';
import { PositionKeeper } from './position-keeper.js';

const params = z.object({
  variant: z.enum(['bollinger', 'ibs']).default('bollinger').describe('bollinger: lower band with RSI confirmation; ibs: internal bar strength'),
  period: z.number().int().min(5).max(200).default(20).describe('Bollinger window (bars)'),
  k: z.number().min(0.5).max(4).default(2).describe('band width in standard deviations'),
  rsiPeriod: z.number().int().min(2).max(50).default(14).describe('RSI window (bars)'),
  rsiEntry: z.number().min(5).max(50).default(30).describe('buy only while RSI is below this'),
  ibsEntry: z.number().min(0).max(0.5).default(0.2).describe('ibs variant: buy when (C-L)/(H-L) is below this'),
  ibsExit: z.number().min(0.5).max(1).default(0.8).describe('ibs variant: sell when (C-L)/(H-L) is above this'),
  allocation: z.number().min(0.05).max(1).default(0.95).describe('fraction of equity put in one position'),
});
type Params = z.output<typeof params>;

/**
 * Long-only mean reversion on one symbol at a time (each symbol of the run on its own). Bollinger variant
 * (NautilusTrader's bb_mean_reversion example): buy when the close is below the lower band and RSI confirms the
 * oversold reading; sell when the close is back at the middle band. IBS variant (LEAN's
 * GlobalEquityMeanReversionIBSAlpha): buy a close near the bar's low, sell a close near its high.
 * Orders are market orders sent at the bar's close (they fill at the next bar in a backtest).
 */
export const meanReversion = defineStrategy({
  name: 'mean-reversion',
  description: 'Long-only mean reversion: buy below the lower Bollinger band with RSI oversold, sell at the middle band (ibs variant: internal bar strength)',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 1,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) => (p.variant === 'ibs' ? 1 : Math.max(p.period, p.rsiPeriod + 1)),
  indicators: (p: Params): IndicatorRequest[] =>
    p.variant === 'ibs'
      ? []
      : [
          { kind: 'indicator', id: 'bollinger', params: { period: p.period, k: p.k } },
          { kind: 'indicator', id: 'rsi', params: { period: p.rsiPeriod } },
        ],
  create(p: Params, ctx: StrategyContext) {
    const keeper = new PositionKeeper(ctx);
    type Lines = { middle: Indicator; lower: Indicator; rsi: Indicator };
    const lines = new Map<string, Lines>();
    const linesOf = (symbol: string): Lines => {
      let l = lines.get(symbol);
      if (l === undefined) {
        const bands = ctx.indicators.indicator(symbol, 'bollinger', { period: p.period, k: p.k });
        l = { middle: bands.line('middle'), lower: bands.line('lower'), rsi: ctx.indicators.indicator(symbol, 'rsi', { period: p.rsiPeriod }) };
        lines.set(symbol, l);
      }
      return l;
    };
    return {
      onBar(symbol, bar) {
        const held = ctx.portfolio.position(symbol);
        if (p.variant === 'ibs') {
          const range = bar.h - bar.l;
          const ibs = range > 0 ? (bar.c - bar.l) / range : 0.5;
          if (held === 0 && ibs < p.ibsEntry) keeper.buy(symbol, keeper.sharesFor(p.allocation, bar.c));
          else if (held > 0 && ibs > p.ibsExit) keeper.sell(symbol);
          return;
        }
        const l = linesOf(symbol);
        if (!l.lower.ready || !l.rsi.ready) return;
        if (held === 0 && bar.c < l.lower.value && l.rsi.value < p.rsiEntry) keeper.buy(symbol, keeper.sharesFor(p.allocation, bar.c));
        else if (held > 0 && bar.c >= l.middle.value) keeper.sell(symbol);
      },
      onFill: (fill) => keeper.onFill(fill),
      onOrderUpdate: (update) => keeper.onOrderUpdate(update),
    };
  },
});
