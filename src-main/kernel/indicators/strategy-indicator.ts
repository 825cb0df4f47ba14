import { createIndicator, type BarIndicator, type IndicatorBarInput, type IndicatorMeta, type IndicatorParamSpec } from './registry.js';
import { RollingRank } from '../stats/rolling-rank.js';
import { RealisedVolatility, RollingReturn } from './rolling-returns.js';
import { IndicatorParamError } from './validate.js';

/**
 * Streaming indicators by id for the strategy API's factory: every indicator of the registry, plus `returns`,
 * `volatility` and `rank`, which strategies need (momentum, volatility targeting, "is this the highest close of the
 * year") but the chart's list does not show. The
 * backtest engine runs one over a symbol's columns, a live bot feeds it bar by bar: the same code, the same values.
 */
const EXTRA: readonly IndicatorMeta[] = [
  {
    id: 'returns', name: 'Rolling return (fraction)',
    params: [{ name: 'period', label: 'Period', kind: 'int', default: 20, min: 1, max: 5000, step: 1 }],
    inputs: 'close', outputs: ['returns'], pane: 'sub', levels: [0],
  },
  {
    id: 'volatility', name: 'Realised volatility (annualised)',
    params: [
      { name: 'period', label: 'Period', kind: 'int', default: 20, min: 2, max: 5000, step: 1 },
      { name: 'annualisation', label: 'Bars a year', kind: 'float', default: 252, min: 1, max: 1_000_000, step: 1 },
    ],
    inputs: 'close', outputs: ['volatility'], pane: 'sub',
  },
  {
    id: 'rank', name: 'Rolling rank of the close (0 lowest, 1 highest of its window)',
    params: [{ name: 'period', label: 'Period', kind: 'int', default: 252, min: 2, max: 5000, step: 1 }],
    inputs: 'close', outputs: ['rank'], pane: 'sub', levels: [0.5],
  },
];
const EXTRA_BY_ID = new Map(EXTRA.map((m) => [m.id, m]));

function resolveExtra(meta: IndicatorMeta, given: Readonly<Record<string, number>>): Record<string, number> {
  const known = new Set(meta.params.map((p: IndicatorParamSpec) => p.name));
  for (const name of Object.keys(given)) if (!known.has(name)) throw new IndicatorParamError(`${meta.name} has no parameter "${name}"`);
  const out: Record<string, number> = {};
  for (const p of meta.params) {
    const v = given[p.name] ?? p.default;
    if (!Number.isFinite(v) || (p.kind === 'int' && !Number.isInteger(v)) || v < p.min || v > p.max) {
      throw new IndicatorParamError(`${meta.name}: ${p.label} must be ${p.kind === 'int' ? 'a whole number' : 'a number'} from ${p.min} to ${p.max}, got ${String(v)}`);
    }
    out[p.name] = v;
  }
  return out;
}

/** A streaming indicator by strategy id: the registry's, or one of the extras. */
export function createStrategyIndicator(id: string, given: Readonly<Record<string, number>> = {}): BarIndicator {
  const meta = EXTRA_BY_ID.get(id);
  if (!meta) return createIndicator(id, given);
  const p = resolveExtra(meta, given);
  const x = id === 'returns' ? new RollingReturn(p.period!) : id === 'rank' ? new RollingRank(p.period!) : new RealisedVolatility(p.period!, p.annualisation!);
  const line = meta.outputs[0]!;
  return {
    meta,
    update: (b: IndicatorBarInput) => x.update(b.c),
    read(output: string): number {
      if (output !== line) throw new IndicatorParamError(`${meta.name} has no output "${output}"; it has ${line}`);
      return x.value;
    },
    copier(output: string): (out: Float64Array, at: number) => void {
      if (output !== line) throw new IndicatorParamError(`${meta.name} has no output "${output}"; it has ${line}`);
      return (out, at) => {
        out[at] = x.value;
      };
    },
    get ready() {
      return x.ready;
    },
    reset: () => x.reset(),
  };
}

/** Ids createStrategyIndicator knows besides the registry's. */
export const EXTRA_STRATEGY_INDICATORS: readonly IndicatorMeta[] = EXTRA;
