import { availableParallelism } from 'node:os';
import type { OptimizeResultDto, RunResultDto, RunSummaryDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { paramSpace, parseParams, type ParamSpace } from '../../kernel/strategy/params.js';
import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { openDatabase } from '../../storage/database.js';
import { STRATEGIES, strategyNames } from '../../strategies/index.js';
import { runBacktest, type BacktestResult } from '../backtest.js';
import { accountModel, type AccountModelInput, type FillModelInput } from '../fill-model.js';
import { periodsPerYear } from '../metrics.js';
import { loadMarketData } from '../load-data.js';
import type { MarketData } from '../market-data.js';
import { OBJECTIVES, best, type ComboResult, type Objective } from '../optimize/evaluate.js';
import { stabilityHeatmap } from '../optimize/heatmap.js';
import { gridCombos, type Combo } from '../optimize/search.js';
import { cscvBlocks, optimiseOverfitting, walkForwardOverfitting } from '../optimize/overfitting-summary.js';
import { runSweep, type SweepResult } from '../optimize/sweep.js';
import { adaptiveSweep } from '../optimize/adaptive-sweep.js';
import { BacktestResultsStore } from '../results-store.js';
import { walkForward } from '../walk-forward.js';
import { queuedSweep, queuedWalkForward } from '../../distributed/queued-research.js';
import { parseQueueUrl } from '../../distributed/redis/url.js';
import type { BacktestJob, JobMessage, JobPaths } from './protocol.js';

type Report = (message: JobMessage) => void;
/** The jobs that run a strategy (the others: import-job.ts, monte-carlo-job.ts). */
export type StrategyJob = Extract<BacktestJob, { kind: 'run' | 'optimize' }>;
type RunRequest = Extract<BacktestJob, { kind: 'run' }>['request'];
type OptimizeRequest = Extract<BacktestJob, { kind: 'optimize' }>['request'];
type CommonRequest = RunRequest | OptimizeRequest;

const DAY_MS = 86_400_000;

export interface JobControl {
  /** True once the caller asked to stop. */
  cancelled(): boolean;
  /** Aborted with the same request (sweeps stop their workers). */
  signal: AbortSignal;
}

/**
 * Runs one job of the Backtest tab (a backtest or an optimisation / walk-forward) and reports progress through
 * `report`. It is what the job worker thread runs; it also runs in-process for tests.
 */
export async function runJob(job: StrategyJob, control: JobControl, report: Report): Promise<RunResultDto | OptimizeResultDto> {
  const definition = strategyOf(job.request.strategy);
  report({ type: 'progress', progress: { phase: 'loading', done: 0, total: 1 } });
  const data = loadData(job.request, job.paths);
  const fill = fillOf(job.request.fill);
  const account: AccountModelInput = job.request.account;
  if (job.kind === 'run') {
    const params = parseParams(definition.params, job.request.params) as Record<string, unknown>;
    const protections = 'protections' in job.request ? job.request.protections : undefined;
    const result = runBacktest(definition, params, data, {
      fill,
      account,
      ...(protections ? { protections } : {}),
      onProgress: (done, total) => report({ type: 'progress', progress: { phase: 'running', done, total } }),
      cancelled: control.cancelled,
    });
    let id: number | null = null;
    let createdAt: number | null = null;
    if (job.request.save && !result.cancelled) {
      report({ type: 'progress', progress: { phase: 'saving', done: 0, total: 1 } });
      createdAt = Date.now();
      id = saveResult(job.paths.databaseFile, result, createdAt, job.request.label);
    }
    report({ type: 'progress', progress: { phase: 'done', done: 1, total: 1 } });
    return runResultDto(result, id, createdAt, job.request.label ?? null);
  }
  return optimize(definition, job.request, data, fill, account, job.paths, control, report);
}

function strategyOf(name: string): StrategyDefinition {
  const definition = STRATEGIES.get(name);
  if (!definition) throw new CodedError('BAD_REQUEST', `unknown strategy "${name}" (one of: ${strategyNames().join(', ')})`);
  return definition;
}

function dayStart(ymd: string | undefined): number | undefined {
  return ymd === undefined ? undefined : Date.parse(`${ymd}T00:00:00Z`);
}

function loadData(request: CommonRequest, paths: JobPaths): MarketData {
  const from = dayStart(request.from);
  const to = request.to === undefined ? undefined : dayStart(request.to)! + DAY_MS - 1;
  if (from !== undefined && to !== undefined && from > to) throw new CodedError('BAD_REQUEST', 'the start date must not be after the end date');
  const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const source = request.data;
  if (source.kind === 'file') return loadMarketData({ files: [source.path], ...(source.symbol ? { symbols: [source.symbol] } : {}), ...range });
  return loadMarketData({ symbols: [source.symbol], dataDir: paths.dataDir, timeframe: source.timeframe, ...range });
}

function fillOf(input: CommonRequest['fill']): FillModelInput {
  const { regulatoryFees, ...rest } = input;
  return { ...rest, ...(regulatoryFees ? { regulatoryFees: {} } : {}) };
}

function saveResult(databaseFile: string, result: BacktestResult, createdAt: number, label: string | undefined): number {
  const { db } = openDatabase(databaseFile);
  try {
    return new BacktestResultsStore(db).save(result, { createdAt, ...(label !== undefined ? { label } : {}) });
  } finally {
    db.close();
  }
}

function paramsDto(params: Record<string, unknown>): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
  return out;
}

export function runResultDto(result: BacktestResult, id: number | null, createdAt: number | null, label: string | null): RunResultDto {
  const summary: RunSummaryDto = {
    id,
    createdAt,
    strategy: result.strategy,
    params: paramsDto(result.params),
    symbols: result.symbols,
    from: result.from,
    to: result.to,
    bars: result.bars,
    finalValue: result.finalValue,
    metrics: result.metrics,
    label,
  };
  return {
    summary,
    fillModel: result.fillModel,
    equity: { t: Array.from(result.equity.t), value: Array.from(result.equity.value) },
    trades: result.trades,
    fills: result.fills.length,
    cancelled: result.cancelled,
    decisions: result.decisions.slice(-500),
    decisionCounts: result.decisionCounts,
    locks: result.locks,
  };
}

async function optimize(
  definition: StrategyDefinition,
  request: OptimizeRequest,
  data: MarketData,
  fill: FillModelInput,
  account: AccountModelInput,
  paths: JobPaths,
  control: JobControl,
  report: Report,
): Promise<OptimizeResultDto> {
  const started = performance.now();
  const base = parseParams(definition.params, request.params) as Combo;
  const axes = new Map(Object.entries(request.grid));
  const method = request.method ?? 'grid';
  const adaptive = method === 'pso' || method === 'anneal';
  if (adaptive && request.queue !== undefined && request.walkForward) throw new CodedError('BAD_REQUEST', 'a walk-forward with particle swarm or annealing runs on this machine only: turn off the queue or use the grid');
  // Adaptive searches start from nothing and grow the list as they go; the grid knows its list up front.
  const combos = adaptive ? [] : gridCombos(definition, axes, base);
  if (!adaptive && combos.length === 0) throw new CodedError('BAD_REQUEST', 'the grid has no valid parameter combination');
  const objective: Objective = (OBJECTIVES as readonly string[]).includes(request.objective) ? request.objective : 'sharpe';
  const workers = request.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  // With a queue, the same sweeps and windows run on its workers (src-main/distributed) with the same results.
  const queue = request.queue !== undefined ? { address: parseQueueUrl(request.queue) } : undefined;
  // The full-sample sweeps keep per-block return sums for the overfitting checks; the windows' sweeps need none.
  const budget = (request.population ?? 16) * (request.iterations ?? 20);
  const blocks = cscvBlocks(16, adaptive ? budget : combos.length);
  const sweep = (list: Combo[], from?: number, to?: number, onProgress?: (d: number, t: number) => void, withBlocks = false) =>
    queue
      ? queuedSweep({ definition, data, combos: list, fill, account, signal: control.signal, queue, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(onProgress ? { onProgress } : {}), ...(withBlocks ? { blocks } : {}) })
      : runSweep({
      definition,
      data,
      combos: list,
      workers,
      workerScript: paths.sweepWorkerScript,
      fill,
      account,
      signal: control.signal,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(onProgress ? { onProgress } : {}),
      ...(withBlocks ? { blocks } : {}),
    });
  const perYear = periodsPerYear(definition.timeframe);
  const [hx, hy] = request.heatmap ?? [...axes.keys()];
  const heatmapOf = (results: readonly ComboResult[]) => (hx && hy && hx !== hy ? stabilityHeatmap(results, hx, hy, objective) : null);
  const top = (results: readonly ComboResult[]) =>
    [...results]
      .sort((a, b) => (b.metrics[objective] ?? -Infinity) - (a.metrics[objective] ?? -Infinity) || a.index - b.index)
      .slice(0, 200)
      .map((r) => ({ params: r.params, metrics: r.metrics, finalValue: r.finalValue }));

  /** Particle swarm or annealing over the grid's parameters, each between its smallest and largest value given. */
  const searchAdaptively = async (from: number | undefined, to: number | undefined, withBlocks: boolean, progress?: (d: number, t: number) => void): Promise<SweepResult> => {
    const space = paramSpace(definition.params).flatMap((p): ParamSpace[] => {
      const values = axes.get(p.name);
      if (!values) return [p];
      if (p.kind !== 'number') return [p];
      const numbers = values.map(Number).filter(Number.isFinite);
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of numbers) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return [{ ...p, min: Math.max(p.min, lo), max: Math.min(p.max, hi) }];
    });
    return adaptiveSweep({
      method: method as 'pso' | 'anneal',
      space,
      base,
      fixed: new Set(space.map((p) => p.name).filter((name) => !axes.has(name))),
      valid: (combo) => definition.params.safeParse(combo).success,
      objective,
      sweep: (batch) => sweep(batch, from, to, undefined, withBlocks),
      iterations: request.iterations ?? 20,
      population: request.population ?? 16,
      seed: request.seed ?? 1,
      signal: control.signal,
      ...(progress ? { onIteration: progress } : {}),
    });
  };

  if (!request.walkForward) {
    const onSweep = (done: number, total: number): void => report({ type: 'progress', progress: { phase: 'optimizing', done, total } });
    const result = adaptive ? await searchAdaptively(undefined, undefined, true, onSweep) : await sweep(combos, undefined, undefined, onSweep, true);
    const winner = best(result.results, objective);
    const overfitting = optimiseOverfitting(result.results, winner, blocks, perYear);
    report({ type: 'progress', progress: { phase: 'done', done: 1, total: 1 } });
    return {
      objective,
      combinations: adaptive ? result.results.length : combos.length,
      evaluated: result.results.length,
      cancelled: result.cancelled,
      best: winner ? { params: winner.params, metrics: winner.metrics, finalValue: winner.finalValue } : null,
      top: top(result.results),
      heatmap: heatmapOf(result.results),
      overfitting,
      walkForward: null,
      seconds: (performance.now() - started) / 1000,
    };
  }
  // Walk-forward: the heatmap is the full-sample sweep's, so the stability picture covers all the data.
  const onWindow = (done: number, total: number): void => report({ type: 'progress', progress: { phase: 'walk-forward', done, total } });
  const setup = {
    definition,
    data,
    combos,
    inSample: request.walkForward.inSample,
    outOfSample: request.walkForward.outOfSample,
    anchored: request.walkForward.anchored,
    objective,
    fill,
    account,
    onWindow,
  };
  const tried = new Map<string, Combo>(combos.map((c) => [JSON.stringify(c), c]));
  const wf = queue
    ? await queuedWalkForward({ ...setup, queue, signal: control.signal })
    : await walkForward({
        ...setup,
        optimise: async (list, from, to) => {
          if (control.cancelled()) throw new CodedError('CANCELLED', 'walk-forward cancelled');
          if (!adaptive) return (await sweep(list, from, to)).results;
          const window = await searchAdaptively(from, to, false);
          for (const r of window.results) tried.set(JSON.stringify(r.params), r.params);
          return window.results;
        },
      });
  // The full-sample sweep scores every combination any window tried (the grid's, or those the searches visited).
  const full = await sweep([...tried.values()], undefined, undefined, undefined, true);
  report({ type: 'progress', progress: { phase: 'done', done: 1, total: 1 } });
  const winner = best(full.results, objective);
  const overfitting = walkForwardOverfitting(full.results, [accountModel.parse(account).cash].concat(wf.equity.map((p) => p.value)), blocks, perYear);
  return {
    objective,
    combinations: adaptive ? full.results.length : combos.length,
    evaluated: full.results.length,
    cancelled: full.cancelled,
    best: winner ? { params: winner.params, metrics: winner.metrics, finalValue: winner.finalValue } : null,
    top: top(full.results),
    heatmap: heatmapOf(full.results),
    overfitting,
    walkForward: {
      mode: wf.mode,
      windows: wf.windows,
      equity: { t: wf.equity.map((p) => p.t), value: wf.equity.map((p) => p.value) },
      metrics: wf.metrics,
    },
    seconds: (performance.now() - started) / 1000,
  };
}
