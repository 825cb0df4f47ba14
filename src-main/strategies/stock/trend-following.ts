import { z } from 'zod';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { defineStrategy, type Indicator, type IndicatorRequest, type StrategyContext } from '../../kernel/strategy/types.js';
import { PositionKeeper } from './position-keeper.js';

const params = z.object({
  lookback: z.number().int().min(20).max(504).default(252).describe('momentum window: long while the return over this many bars is positive'),
  volPeriod: z.number().int().min(10).max(252).default(60).describe('bars of log returns behind the realised volatility'),
  targetVol: z.number().min(0.02).max(1).default(0.15).describe('annualised volatility the position is sized to'),
  maxAllocation: z.number().min(0.05).max(1).default(1).describe('largest fraction of equity in one symbol'),
  filter: z.enum(['none', 'ema', 'macd']).default('ema').describe('trend filter: fast EMA above slow EMA, or MACD above its signal'),
  emaFast: z.number().int().min(5).max(200).default(50).describe('ema filter: fast window'),
  emaSlow: z.number().int().min(10).max(400).default(200).describe('ema filter: slow window'),
  macdFast: z.number().int().min(2).max(50).default(12).describe('macd filter: fast EMA'),
  macdSlow: z.number().int().min(5).max(100).default(26).describe('macd filter: slow EMA'),
  macdSignal: z.number().int().min(2).max(50).default(9).describe('macd filter: signal EMA'),
  rebalanceBars: z.number().int().min(1).max(63).default(21).describe('bars between re-sizings while long'),
  rebalanceBand: z.number().min(0).max(1).default(0.25).describe('re-size only when the position is off its target by more than this fraction'),
});
type Params = z.output<typeof params>;

interface SymbolState {
  momentum: Indicator;
  vol: Indicator;
  filter: () => boolean | undefined;
  long: boolean;
  sinceRebalance: number;
}

/**
 * Long-only time-series momentum with volatility targeting (Moskowitz, Ooi, Pedersen 2012): long while the
 * symbol's own return over `lookback` bars is positive and the trend filter agrees (fast EMA over slow EMA, or
 * MACD over its signal line: LEAN's EmaCrossAlphaModel and MACDTrendAlgorithm), flat otherwise. The position is
 * targetVol / realised volatility of equity (capped by maxAllocation and the cash there is), re-sized every
 * `rebalanceBars` bars when it has drifted more than `rebalanceBand` from target. Market orders at the close.
 */
export const trendFollowing = defineStrategy({
  name: 'trend-following',
  description: 'Long-only time-series momentum sized to a volatility target, with an EMA or MACD trend filter',
  family: 'stock',
  needs: ['bars'],
  minSymbols: 1,
  params,
  timeframe: '1Day',
  universe: [],
  warmup: (p: Params) =>
    Math.max(p.lookback + 1, p.volPeriod + 1, p.filter === 'ema' ? p.emaSlow : p.filter === 'macd' ? p.macdSlow + p.macdSignal : 0),
  indicators: (p: Params): IndicatorRequest[] => [
    { kind: 'indicator', id: 'returns', params: { period: p.lookback } },
    { kind: 'indicator', id: 'volatility', params: { period: p.volPeriod, annualisation: 252 } },
    ...(p.filter === 'ema'
      ? ([
          { kind: 'indicator', id: 'ema', params: { period: p.emaFast } },
          { kind: 'indicator', id: 'ema', params: { period: p.emaSlow } },
        ] as const)
      : p.filter === 'macd'
        ? ([{ kind: 'indicator', id: 'macd', params: { fast: p.macdFast, slow: p.macdSlow, signal: p.macdSignal } }] as const)
        : []),
  ],
  create(p: Params, ctx: StrategyContext) {
    if (p.filter === 'ema' && p.emaFast >= p.emaSlow) {
      throw new CodedError('BAD_REQUEST', `trend-following: emaFast (${p.emaFast}) must be shorter than emaSlow (${p.emaSlow})`);
    }
    if (p.filter === 'macd' && p.macdFast >= p.macdSlow) {
      throw new CodedError('BAD_REQUEST', `trend-following: macdFast (${p.macdFast}) must be shorter than macdSlow (${p.macdSlow})`);
    }
    const keeper = new PositionKeeper(ctx);
    const states = new Map<string, SymbolState>();
    const filterFor = (symbol: string): (() => boolean | undefined) => {
      if (p.filter === 'ema') {
        const fast = ctx.indicators.indicator(symbol, 'ema', { period: p.emaFast });
        const slow = ctx.indicators.indicator(symbol, 'ema', { period: p.emaSlow });
        return () => (fast.ready && slow.ready ? fast.value > slow.value : undefined);
      }
      if (p.filter === 'macd') {
        const macd = ctx.indicators.indicator(symbol, 'macd', { fast: p.macdFast, slow: p.macdSlow, signal: p.macdSignal });
        const signal = macd.line('signal');
        return () => (macd.ready && signal.ready ? macd.value > signal.value : undefined);
      }
      return () => true;
    };
    const stateOf = (symbol: string): SymbolState => {
      let s = states.get(symbol);
      if (s === undefined) {
        s = {
          momentum: ctx.indicators.indicator(symbol, 'returns', { period: p.lookback }),
          vol: ctx.indicators.indicator(symbol, 'volatility', { period: p.volPeriod, annualisation: 252 }),
          filter: filterFor(symbol),
          long: false,
          sinceRebalance: 0,
        };
        states.set(symbol, s);
      }
      return s;
    };
    /** Moves the position toward `fraction` of equity at `price`; `always` ignores the band (an entry). */
    const resize = (symbol: string, fraction: number, price: number, always: boolean): void => {
      const held = ctx.portfolio.position(symbol);
      const target = Math.floor((ctx.portfolio.equity() * fraction) / price);
      const diff = target - held;
      if (diff === 0 || (!always && Math.abs(diff) <= p.rebalanceBand * Math.max(target, held))) return;
      if (diff > 0) keeper.buy(symbol, Math.min(diff, Math.floor(ctx.portfolio.cash() / price)));
      else keeper.sell(symbol, -diff);
    };
    return {
      onBar(symbol, bar) {
        const s = stateOf(symbol);
        const filterOk = s.filter();
        if (!s.momentum.ready || !s.vol.ready || filterOk === undefined) return;
        const wantLong = s.momentum.value > 0 && filterOk;
        const fraction = Math.min(p.maxAllocation, s.vol.value > 0 ? p.targetVol / s.vol.value : p.maxAllocation);
        if (wantLong !== s.long) {
          s.long = wantLong;
          s.sinceRebalance = 0;
          if (wantLong) resize(symbol, fraction, bar.c, true);
          else keeper.sell(symbol);
          return;
        }
        if (!s.long) {
          // A sale refused or lost on the way (busy, rejected) is retried while the signal stays flat.
          if (ctx.portfolio.position(symbol) > 0) keeper.sell(symbol);
          return;
        }
        if (++s.sinceRebalance >= p.rebalanceBars) {
          s.sinceRebalance = 0;
          resize(symbol, fraction, bar.c, false);
        }
      },
      onFill: (fill) => keeper.onFill(fill),
      onOrderUpdate: (update) => keeper.onOrderUpdate(update),
    };
  },
});
