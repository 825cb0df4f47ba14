import type { Bar } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { IndicatorComputeRequest, IndicatorComputeResponse } from '../../src-shared/ipc/services/indicators.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import { INDICATORS, IndicatorParamError, computeIndicator, indicatorMeta, resolveParams } from '../kernel/indicators/index.js';
import type { MarketDataApi } from '../market-data/types.js';

type BarsSource = Pick<MarketDataApi, 'bars' | 'computeIndicator'>;

/**
 * Series of at least this many bars are computed on the market data service's worker: the slower indicators
 * (ADX, Keltner, correlation) take tens of milliseconds over 100k bars, too long for main's shared loop, while
 * a chart's thousand bars cost less than the worker's round trip.
 */
export const OFF_MAIN_INDICATOR_BARS = 10_000;

/** The `indicators` invokes: the registry's metadata, and one indicator over bars (big series off main's loop). */
export function createIndicatorHandlers(marketData: () => BarsSource): ContractHandlers['indicators'] {
  return {
    list: () => ({ indicators: INDICATORS.map((m) => ({ ...m, params: m.params.map((p) => ({ ...p })), outputs: [...m.outputs] })) }),
    compute: async (request, { signal }) => {
      try {
        return await compute(request, marketData, signal);
      } catch (error) {
        if (error instanceof IndicatorParamError) throw new CodedError('BAD_REQUEST', error.message);
        throw error;
      }
    },
  };
}

async function compute(request: IndicatorComputeRequest, marketData: () => BarsSource, signal: AbortSignal): Promise<IndicatorComputeResponse> {
  const meta = indicatorMeta(request.indicator);
  const params = resolveParams(meta.id, request.params ?? {});
  let bars: Bar[];
  let benchmark: Bar[] | undefined = request.benchmarkBars;
  if (request.bars) {
    bars = request.bars;
  } else {
    const query = { symbol: request.symbol!, timeframe: request.timeframe!, limit: request.limit ?? 1000 };
    bars = (await marketData().bars(query, signal)).bars;
    if (meta.inputs === 'pair' && request.benchmarkSymbol) {
      benchmark = (await marketData().bars({ ...query, symbol: request.benchmarkSymbol }, signal)).bars;
    }
  }
  if (meta.inputs === 'pair') {
    if (!benchmark) throw new CodedError('BAD_REQUEST', `${meta.name} needs a benchmark: send benchmarkSymbol or benchmarkBars`);
    [bars, benchmark] = alignByTime(bars, benchmark);
  }
  const n = bars.length;
  const cols = {
    high: Float64Array.from(bars, (b) => b.h),
    low: Float64Array.from(bars, (b) => b.l),
    close: Float64Array.from(bars, (b) => b.c),
    volume: Float64Array.from(bars, (b) => b.v),
    ...(benchmark ? { benchmark: Float64Array.from(benchmark, (b) => b.c) } : {}),
  };
  const source = marketData();
  const offMain = n >= OFF_MAIN_INDICATOR_BARS ? source.computeIndicator?.(meta.id, params, cols) : undefined;
  // A worker that fails (stopped, or an older build) costs this request main's time, not an error: the
  // parameters were already checked above, so what is left to fail is the worker itself.
  const series = offMain ? await offMain.catch(() => computeIndicator(meta.id, params, cols)) : computeIndicator(meta.id, params, cols);
  const outputs: Record<string, (number | null)[]> = {};
  for (const [name, data] of Object.entries(series)) {
    const values = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const x = data[i]!;
      values[i] = Number.isFinite(x) ? x : null;
    }
    outputs[name] = values;
  }
  return { indicator: meta.id, params, t: bars.map((b) => b.t), outputs };
}

/** The bars of both series at the times both have, in time order. */
function alignByTime(a: Bar[], b: Bar[]): [Bar[], Bar[]] {
  const byTime = new Map(b.map((bar) => [bar.t, bar]));
  const left: Bar[] = [];
  const right: Bar[] = [];
  for (const bar of a) {
    const other = byTime.get(bar.t);
    if (other) {
      left.push(bar);
      right.push(other);
    }
  }
  return [left, right];
}
