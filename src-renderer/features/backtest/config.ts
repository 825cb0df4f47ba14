import type { ParamSpecDto, RunRequest, StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import type { Timeframe } from '../../../src-shared/domain/bar.js';

/** What the form holds, as the user typed it. */
export interface RunConfig {
  strategy: string;
  params: Record<string, string>;
  dataKind: 'file' | 'symbol';
  path: string;
  symbol: string;
  /** The stored series' timeframe (symbol data). */
  timeframe: Timeframe;
  from: string;
  to: string;
  marketFill: 'next-open' | 'close';
  slippageBps: string;
  commission: 'none' | 'per-share' | 'per-order' | 'percent';
  commissionAmount: string;
  regulatoryFees: boolean;
  cash: string;
}

export const INITIAL_CONFIG: RunConfig = {
  strategy: '',
  params: {},
  dataKind: 'symbol',
  path: '',
  symbol: '',
  timeframe: '1Day',
  from: '',
  to: '',
  marketFill: 'next-open',
  slippageBps: '0',
  commission: 'none',
  commissionAmount: '0',
  regulatoryFees: false,
  cash: '100000',
};

/** A parameter set (an optimisation's row) as the form holds it. */
export function paramsText(params: Readonly<Record<string, number | string | boolean>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}

export function defaultParams(strategy: StrategyInfoDto | undefined): Record<string, string> {
  return Object.fromEntries((strategy?.params ?? []).map((p) => [p.name, String(p.default)]));
}

function paramValue(spec: ParamSpecDto, text: string): number | string | boolean {
  if (spec.kind === 'number') return Number(text);
  if (spec.kind === 'boolean') return text === 'true';
  return text;
}

/** The request body shared by runs and optimisations (without the job id); errors in words for the form. */
export function requestOf(config: RunConfig, strategy: StrategyInfoDto | undefined): { body?: Omit<RunRequest, 'jobId'>; error?: string } {
  if (!strategy) return { error: 'choose a strategy' };
  const params: Record<string, number | string | boolean> = {};
  for (const spec of strategy.params) {
    const text = config.params[spec.name] ?? String(spec.default);
    const value = paramValue(spec, text);
    if (typeof value === 'number' && !Number.isFinite(value)) return { error: `${spec.name} must be a number` };
    params[spec.name] = value;
  }
  if (config.dataKind === 'file' && config.path.trim() === '') return { error: 'give a CSV file path the host can read' };
  if (config.dataKind === 'symbol' && config.symbol.trim() === '') return { error: 'give a symbol from the history store' };
  const cash = Number(config.cash);
  if (!(cash > 0)) return { error: 'starting cash must be a positive number' };
  const bps = Number(config.slippageBps);
  const amount = Number(config.commissionAmount);
  if (!(bps >= 0) || !(amount >= 0)) return { error: 'slippage and commission must be numbers of 0 or more' };
  const commission =
    config.commission === 'none'
      ? ({ kind: 'none' } as const)
      : config.commission === 'per-share'
        ? ({ kind: 'per-share', perShare: amount } as const)
        : config.commission === 'per-order'
          ? ({ kind: 'per-order', perOrder: amount } as const)
          : ({ kind: 'percent', percent: amount } as const);
  return {
    body: {
      strategy: strategy.name,
      params,
      data: config.dataKind === 'file' ? { kind: 'file', path: config.path.trim() } : { kind: 'symbol', symbol: config.symbol.trim().toUpperCase(), timeframe: config.timeframe },
      ...(config.from ? { from: config.from } : {}),
      ...(config.to ? { to: config.to } : {}),
      fill: { marketFill: config.marketFill, slippage: bps > 0 ? { kind: 'fixed-bps', bps } : { kind: 'none' }, commission, regulatoryFees: config.regulatoryFees },
      account: { cash },
    },
  };
}
