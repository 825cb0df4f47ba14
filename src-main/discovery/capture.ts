import type { InsightInput } from '../kernel/strategy/insight.js';
import type { StrategyContext, StrategyDefinition } from '../kernel/strategy/types.js';
import type { MarketData } from '../backtest/market-data.js';
import { startEngine } from '../backtest/engine.js';
import { MAX_BAR_SPAN_MS } from '../history/timeframes.js';
import type { Signal } from './signal.js';

export interface CaptureOptions {
  /** Horizon given to order signals, in bars (insights bring their own). */
  orderHorizonBars: number;
}

/** Index of the last bar at or before `t` (-1: none). */
export function barAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Runs one strategy over the bars it is given (a shadow run: ample cash, shorts allowed, so its own state follows
 * its signals) and records every view it expressed: each insight as emitted, and each order that opens, adds to
 * or reverses a position as an order signal (an order that only reduces or closes is an exit, not a view). The run
 * sees only `data`: whatever is not in it cannot leak in.
 */
export function captureSignals(definition: StrategyDefinition, params: unknown, data: MarketData, options: CaptureOptions): Signal[] {
  return startCapture(definition, params, data, options).advance();
}

/** A capture kept warm: each advance runs the timestamps appended to `data` since the last and answers their signals. */
export interface SignalCapture {
  advance(): Signal[];
}

/** captureSignals started, not run: the live scanner advances it on each close over growing data. */
export function startCapture(definition: StrategyDefinition, params: unknown, data: MarketData, options: CaptureOptions): SignalCapture {
  let signals: Signal[] = [];
  const timeframe = definition.timeframe;
  const record = (ctx: StrategyContext, symbol: string, fields: Omit<Signal, 'strategy' | 'symbol' | 'generatedAt' | 'barIndex'>): void => {
    const s = data.symbolIndex(symbol);
    if (s < 0) return;
    const now = ctx.clock.now();
    const barIndex = barAtOrBefore(data.columns[s]!.t, now);
    if (barIndex < 0) return;
    signals.push({ strategy: definition.name, symbol, generatedAt: now, barIndex, ...fields });
  };
  const wrapped: StrategyDefinition = {
    ...definition,
    create(p, ctx) {
      const spy: StrategyContext = {
        ...ctx,
        emitInsight(input: InsightInput) {
          ctx.emitInsight(input);
          if (input.direction === 'flat') return;
          const horizonBars = input.horizonBars ?? Math.max(1, Math.ceil((input.horizonMs ?? 0) / MAX_BAR_SPAN_MS[timeframe]));
          record(ctx, input.symbol, {
            direction: input.direction,
            rawConfidence: input.confidence,
            ...(input.magnitude !== undefined ? { magnitude: input.magnitude } : {}),
            horizonBars,
            reason: input.reason,
            source: 'insight',
          });
        },
        submit(intent, reason) {
          const id = ctx.submit(intent, reason);
          const qty = Number(intent.qty ?? NaN);
          if (intent.symbol === undefined || !(qty > 0)) return id;
          const held = ctx.portfolio.position(intent.symbol);
          const after = held + (intent.side === 'buy' ? qty : -qty);
          // A view is a position that grows or flips; shrinking towards zero is an exit.
          const opens = Math.abs(after) > Math.abs(held) || Math.sign(after) === -Math.sign(held);
          if (!opens || after === 0) return id;
          record(ctx, intent.symbol, {
            direction: after > 0 ? 'up' : 'down',
            rawConfidence: 0.5,
            horizonBars: options.orderHorizonBars,
            reason: reason ?? `${definition.name}: ${intent.side} ${intent.symbol} (an order; the strategy gives no reason)`,
            source: 'order',
          });
          return id;
        },
      };
      return definition.create(p, spy);
    },
  };
  const session = startEngine(wrapped, params, data, { record: false, account: { cash: 1e9, allowShort: true, leverage: 4 } });
  return {
    advance() {
      session.advance();
      const out = signals;
      signals = [];
      return out;
    },
  };
}
