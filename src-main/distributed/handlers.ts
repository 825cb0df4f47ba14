import { CodedError } from '../../src-shared/ipc/errors.js';
import { runResultDto } from '../backtest/jobs/run-job.js';
import { runBacktest } from '../backtest/backtest.js';
import type { MarketData } from '../backtest/market-data.js';
import { runSweep, type SweepThreads } from '../backtest/optimize/sweep.js';
import { walkForwardFold } from '../backtest/walk-forward.js';
import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { STRATEGIES, strategyNames } from '../strategies/index.js';
import { backtestPayload, foldPayload, sweepChunkPayload, type DataRef, type SweepChunkResult } from './protocol.js';

export interface JobContext {
  /** Aborted when the run is cancelled or the worker stops. */
  signal: AbortSignal;
  /** The bars a job refers to (cached per worker: every chunk of a run shares them). */
  data(ref: DataRef): Promise<MarketData>;
  /** The sweep worker bundle: the evaluations run in a thread, so this process keeps renewing its job locks. */
  sweepWorkerScript: string;
  /** Warm sweep threads (one per job slot); without it each sweep starts its own. */
  threads?: SweepThreads;
}

/** Runs one job's payload (validated by the handler) and returns its result, or undefined when it was cancelled. */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown>;

const HANDLERS = new Map<string, JobHandler>();

/**
 * Adds a job kind (the ML module registers its cross-validation folds and searches here). A kind's name is part of
 * the wire format: workers of an older build answer an unknown kind with a clear, final error.
 */
export function registerJobKind(kind: string, handler: JobHandler): void {
  if (!/^[a-z0-9-]{1,64}$/.test(kind)) throw new Error(`job kind "${kind}" must be 1-64 lowercase letters, digits or -`);
  HANDLERS.set(kind, handler);
}

export function jobHandler(kind: string): JobHandler | undefined {
  return HANDLERS.get(kind);
}

export function jobKinds(): string[] {
  return [...HANDLERS.keys()];
}

function strategyOf(name: string): StrategyDefinition {
  const definition = STRATEGIES.get(name);
  if (!definition) throw new CodedError('BAD_REQUEST', `this worker does not know strategy "${name}" (it knows ${strategyNames().join(', ')}); update the worker`);
  return definition;
}

/** A chunk of an optimisation: the same evaluation as the local sweep (one thread here, so the same numbers). */
registerJobKind('sweep-chunk', async (raw, context): Promise<SweepChunkResult | undefined> => {
  const job = sweepChunkPayload.parse(raw);
  const definition = strategyOf(job.strategy);
  const data = await context.data(job.data);
  const sweep = await runSweep({
    definition,
    data,
    combos: job.combos,
    workers: 1,
    workerScript: context.sweepWorkerScript,
    ...(context.threads ? { threads: context.threads } : {}),
    reuse: true,
    fill: job.fill,
    account: job.account,
    signal: context.signal,
    ...(job.from !== undefined ? { from: job.from } : {}),
    ...(job.to !== undefined ? { to: job.to } : {}),
    ...(job.blocks !== undefined ? { blocks: job.blocks } : {}),
  });
  if (sweep.cancelled) return undefined;
  return {
    items: sweep.results.map((r) => ({ index: job.offset + r.index, metrics: { ...r.metrics }, finalValue: r.finalValue, ...(r.blocks ? { blocks: r.blocks } : {}) })),
    barEvaluations: sweep.barEvaluations,
  };
});

/** One walk-forward window: its in-sample optimisation and the winner's out-of-sample run. */
registerJobKind('walk-forward-fold', async (raw, context) => {
  const job = foldPayload.parse(raw);
  const definition = strategyOf(job.strategy);
  const data = await context.data(job.data);
  let cancelled = false;
  const fold = await walkForwardFold(
    {
      definition,
      data,
      combos: job.combos,
      objective: job.objective,
      fill: job.fill,
      account: job.account,
      optimise: async (list, from, to) => {
        const sweep = await runSweep({ definition, data, combos: list, workers: 1, workerScript: context.sweepWorkerScript, ...(context.threads ? { threads: context.threads } : {}), reuse: true, fill: job.fill, account: job.account, from, to, signal: context.signal });
        cancelled ||= sweep.cancelled;
        return sweep.results;
      },
    },
    job.window,
  );
  return cancelled ? undefined : fold;
});

/** One backtest (the Backtest tab's run): the result as the tab shows it. */
registerJobKind('backtest', async (raw, context) => {
  const job = backtestPayload.parse(raw);
  const definition = strategyOf(job.strategy);
  const data = await context.data(job.data);
  let aborted = false;
  context.signal.addEventListener('abort', () => (aborted = true), { once: true });
  const result = runBacktest(definition, job.params, data, { fill: job.fill, account: job.account, cancelled: () => aborted });
  return result.cancelled ? undefined : runResultDto(result, null, null, null);
});
