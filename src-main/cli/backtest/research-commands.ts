import { fileURLToPath } from 'node:url';
import { paramSpace } from '../../kernel/strategy/params.js';
import { monteCarlo } from '../../backtest/monte-carlo.js';
import { runBacktest } from '../../backtest/backtest.js';
import { OBJECTIVES, best, type Objective } from '../../backtest/optimize/evaluate.js';
import { stabilityHeatmap } from '../../backtest/optimize/heatmap.js';
import { gridCombos, parseGridSpec, randomCombos, type Combo } from '../../backtest/optimize/search.js';
import { runSweep } from '../../backtest/optimize/sweep.js';
import { walkForward } from '../../backtest/walk-forward.js';
import { renderMonteCarloReport, renderOptimizeReport, renderWalkForwardReport } from '../../backtest/report-research.js';
import { resolveRunData, resolveStrategy, writeOutput } from '../backtest-command.js';
import { bad, parseAccount, parseDate, parseFillModel, positiveInt, positiveNumber, type CommandValues } from './options.js';
import { ProgressBar } from '../progress.js';
import { describeData, writeJson, type EquitySeries } from './output.js';
import { availableParallelism } from 'node:os';
import { queuedSweep, queuedWalkForward, type QueueTarget } from '../../distributed/queued-research.js';
import { parseQueueUrl } from '../../distributed/redis/url.js';
import { catalogArgs } from '../../catalog/load.js';
import { periodsPerYear } from '../../backtest/metrics.js';
import { accountModel } from '../../backtest/fill-model.js';
import type { OverfittingSummary } from '../../backtest/optimize/overfitting-summary.js';
import type { ComboResult } from '../../backtest/optimize/evaluate.js';
import type { SweepResult } from '../../backtest/optimize/sweep.js';
import { cscvBlocks, optimiseOverfitting, walkForwardOverfitting } from '../../backtest/optimize/overfitting-summary.js';
import { SweepThreadPool } from '../../distributed/thread-pool.js';
import { cliAdaptiveSweep, pinnedParams, searchMethodOf, withoutBlocks, type SearchMethod } from './search-method.js';

/** The sweep worker bundle, built beside the CLI (dist/main/backtest-worker.mjs). */
export function backtestWorkerScript(): string {
  return fileURLToPath(new URL('./backtest-worker.mjs', import.meta.url));
}

/** --queue URL: where the jobs go; the run's id is printed (stderr) so another shell can cancel it. */
function queueOf(values: CommandValues): QueueTarget | undefined {
  if (values.queue === undefined) return undefined;
  const address = parseQueueUrl(values.queue);
  // Bars from a catalog are read there by each worker (the shared bucket); other bars travel inline.
  const catalog = values.catalog !== undefined ? catalogArgs(values) : undefined;
  const from = parseDate(values.from, '--from', false);
  const to = parseDate(values.to, '--to', true);
  return {
    address,
    ...(catalog
      ? {
          catalog: {
            uri: catalog.uri,
            symbols: values.symbol ?? [],
            timeframe: values.timeframe ?? '1Day',
            ...(from !== undefined ? { from } : {}),
            ...(to !== undefined ? { to } : {}),
            ...(catalog.options.s3Endpoint !== undefined ? { s3Endpoint: catalog.options.s3Endpoint } : {}),
            ...(catalog.options.s3Region !== undefined ? { s3Region: catalog.options.s3Region } : {}),
          },
        }
      : {}),
    ...(values['queue-chunk'] !== undefined ? { chunk: positiveInt(values['queue-chunk'], '--queue-chunk', 1) } : {}),
    onQueued: (runId) => {
      if (!values.quiet) process.stderr.write(`queued as run ${runId} on ${address.display}; Ctrl-C cancels it (or: workstation queue cancel ${runId} --queue URL)\n`);
    },
  };
}

function objectiveOf(values: CommandValues): Objective {
  const objective = values.objective ?? 'sharpe';
  if (!(OBJECTIVES as readonly string[]).includes(objective)) throw bad(`--objective must be one of ${OBJECTIVES.join(', ')}, got "${objective}"`);
  return objective as Objective;
}

function combosOf(values: CommandValues, definition: ReturnType<typeof resolveStrategy>['definition'], base: Combo): Combo[] {
  const seed = positiveInt(values.seed, '--seed', 1);
  if (values.random !== undefined) return randomCombos(definition, positiveInt(values.random, '--random', 100), seed, base, pinnedParams(values));
  if (!values.grid || values.grid.length === 0) throw bad('say what to search: --grid name=FROM:TO:STEP (repeatable) or --random N');
  const combos = gridCombos(definition, parseGridSpec(values.grid, paramSpace(definition.params)), base);
  if (combos.length === 0) throw bad('the grid has no valid parameter combination');
  return combos;
}

/** The overfitting checks in one line a trader can read. */
function overfittingLine(o: OverfittingSummary): string {
  const dsr = o.deflatedSharpe === null ? 'n/a' : o.deflatedSharpe.toFixed(3);
  const pbo = o.pbo === null ? 'n/a (too few bars or configurations)' : `${o.pbo.toFixed(3)} over ${o.splits} splits of ${o.blocks} blocks`;
  const sharpe = o.sharpe === null ? 'n/a' : o.sharpe.toFixed(2);
  return `overfitting: Sharpe ${sharpe} against ${o.expectedMaxSharpe.toFixed(2)} expected from the best of ${o.trials} no-skill trials: deflated Sharpe ${dsr}; probability of backtest overfitting ${pbo}\n`;
}

export async function runResearchCommand(command: 'optimize' | 'walk-forward' | 'monte-carlo', values: CommandValues): Promise<number> {
  if (command !== 'monte-carlo' && (values.calendar !== undefined || values.weights !== undefined)) {
    // Sweep workers look a strategy up by its id, and the file would not travel with it.
    throw bad(`--calendar and --weights work with backtest and monte-carlo, not ${command} yet`);
  }
  // Sweep workers and the queue get bars only: a tick run would silently fall back to the bar rules there.
  if (values.ticks !== undefined || values['latency-ms'] !== undefined) throw bad(`--ticks and --latency-ms work with backtest, not ${command} yet`);
  const { definition, params } = resolveStrategy(values);
  const { data, sources } = await resolveRunData(values);
  if (values.equity && (!values.json || command !== 'walk-forward')) throw bad('--equity adds the equity curve to the --json file of backtest and walk-forward; give --json OUT.json too');
  const fill = parseFillModel(values);
  const account = parseAccount(values);
  const workers = positiveInt(values.workers, '--workers', Math.max(1, availableParallelism() - 1));
  // Only what was asked for is made: the JSON (the curve in it with --equity), the report.
  const out = (value: Record<string, unknown>, summary: string, report: () => string, equity?: EquitySeries): number => {
    if (values.json) writeJson(values.json, value, equity);
    if (values.report) writeOutput(values.report, report());
    if (!values.quiet) process.stdout.write(`${describeData(sources)}\n${summary}`);
    return 0;
  };
  // Adaptive searches run one sweep per iteration: warm threads and the bars shared once save a start-up each time.
  const pool = new SweepThreadPool(backtestWorkerScript());
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    if (command === 'optimize') {
      const method = searchMethodOf(values);
      const objective = objectiveOf(values);
      const queue = queueOf(values);
      const requestedBlocks = positiveInt(values['pbo-blocks'], '--pbo-blocks', 16);
      const started = performance.now();
      let search: { results: ComboResult[]; combinations: number; barEvaluations: number; cancelled: boolean; blocks: number; adaptive?: { iterations: number; population: number; trace: Array<number | null> } };
      if (method === 'pso' || method === 'anneal') {
        const progress = new ProgressBar(`optimize (${method})`, { stream: process.stderr });
        // The adaptive batch sizes are known up front: the population, fewer after repeats.
        const blocks = cscvBlocks(requestedBlocks, positiveInt(values.population, '--population', 16) * positiveInt(values.iterations, '--iterations', 20));
        const sweep = (combos: Combo[]): Promise<SweepResult> =>
          queue
            ? queuedSweep({ definition, data, combos, fill, account, signal: controller.signal, queue, blocks })
            : runSweep({ definition, data, combos, workers, workerScript: backtestWorkerScript(), threads: pool, reuse: true, fill, account, signal: controller.signal, blocks });
        const adaptive = await cliAdaptiveSweep({ method, definition, base: params as Combo, values, objective, sweep, signal: controller.signal, onIteration: (d, t) => progress.update(d, t) });
        progress.done();
        search = { results: adaptive.results, combinations: adaptive.results.length, barEvaluations: adaptive.barEvaluations, cancelled: adaptive.cancelled, blocks, adaptive };
      } else {
        const combos = combosOf(values, definition, params as Combo);
        const blocks = cscvBlocks(requestedBlocks, combos.length);
        const progress = new ProgressBar(`optimize ${combos.length} combinations`, { stream: process.stderr });
        const onProgress = (d: number, t: number): void => progress.update(d, t);
        const sweep = queue
          ? await queuedSweep({ definition, data, combos, fill, account, signal: controller.signal, onProgress, queue, blocks })
          : await runSweep({ definition, data, combos, workers, workerScript: backtestWorkerScript(), fill, account, signal: controller.signal, onProgress, blocks });
        progress.done();
        search = { results: sweep.results, combinations: combos.length, barEvaluations: sweep.barEvaluations, cancelled: sweep.cancelled, blocks };
      }
      const seconds = (performance.now() - started) / 1000;
      const top = best(search.results, objective);
      const overfitting = optimiseOverfitting(search.results, top, search.blocks, periodsPerYear(definition.timeframe));
      const results = search.results.map(withoutBlocks);
      const [hx, hy] = (values.heatmap ?? '').split(',');
      const heatmap = hx && hy ? stabilityHeatmap(results, hx, hy, objective) : undefined;
      return out(
        {
          objective,
          method,
          combinations: search.combinations,
          evaluated: results.length,
          cancelled: search.cancelled,
          best: withoutBlocks(top),
          overfitting,
          ...(search.adaptive ? { iterations: search.adaptive.iterations, population: search.adaptive.population, trace: search.adaptive.trace } : {}),
          results,
          ...(heatmap ? { heatmap } : {}),
          barEvaluations: search.barEvaluations,
          seconds,
        },
        `${results.length}/${search.combinations} combinations (${method}) on ${queue ? `the queue at ${queue.address.display}` : `${workers} workers`} in ${seconds.toFixed(2)} s` +
          `${search.cancelled ? ' (cancelled)' : ''}; best ${objective}: ${top ? `${JSON.stringify(top.params)} = ${String(top.metrics[objective])}` : 'none'}\n` +
          overfittingLine(overfitting),
        () => renderOptimizeReport({ strategy: definition.name, symbols: data.symbols, objective, combinations: search.combinations, results, ...(heatmap ? { heatmap } : {}) }),
      );
    }
    if (command === 'walk-forward') {
      const method = searchMethodOf(values);
      const adaptive = method === 'pso' || method === 'anneal';
      const combos = adaptive ? [] : combosOf(values, definition, params as Combo);
      const objective = objectiveOf(values);
      const progress = new ProgressBar('walk-forward', { stream: process.stderr });
      const setup = {
        definition,
        data,
        combos,
        inSample: positiveInt(values['in-sample'], '--in-sample', 504),
        outOfSample: positiveInt(values['out-of-sample'], '--out-of-sample', 126),
        anchored: values.anchored ?? false,
        objective,
        fill,
        account,
        onWindow: (d: number, t: number) => progress.update(d, t),
      };
      const queue = queueOf(values);
      if (queue && adaptive) throw bad(`walk-forward --method ${method} runs on local threads only; use --method grid or random with --queue`);
      // Every configuration any window tried: the overfitting checks score them all over the whole span.
      const tried = new Map<string, Combo>(combos.map((c) => [JSON.stringify(c), c]));
      const localSweep = (list: Combo[], from: number, to: number): Promise<SweepResult> =>
        runSweep({ definition, data, combos: list, workers, workerScript: backtestWorkerScript(), ...(adaptive ? { threads: pool, reuse: true } : {}), fill, account, from, to, signal: controller.signal });
      const result = queue
        ? await queuedWalkForward({ ...setup, queue, signal: controller.signal })
        : await walkForward({
            ...setup,
            optimise: async (list, from, to) => {
              if (!adaptive) return (await localSweep(list, from, to)).results;
              const window = await cliAdaptiveSweep({ method, definition, base: params as Combo, values, objective, sweep: (batch) => localSweep(batch, from, to), signal: controller.signal });
              for (const r of window.results) tried.set(JSON.stringify(r.params), r.params);
              return window.results;
            },
          });
      progress.done();
      const span = [...tried.values()];
      const blocks = cscvBlocks(positiveInt(values['pbo-blocks'], '--pbo-blocks', 16), span.length);
      const spanSweep = queue
        ? await queuedSweep({ definition, data, combos: span, fill, account, signal: controller.signal, queue, blocks })
        : await runSweep({ definition, data, combos: span, workers, workerScript: backtestWorkerScript(), fill, account, signal: controller.signal, blocks });
      const stitched = [accountModel.parse(account).cash].concat(result.equity.map((p) => p.value));
      const overfitting = walkForwardOverfitting(spanSweep.results, stitched, blocks, periodsPerYear(definition.timeframe));
      const { equity, ...rest } = result;
      return out(
        { ...rest, method, overfitting, equityPoints: equity.length },
        `${result.windows.length} ${result.mode} windows (${method}); stitched out-of-sample return ${(result.metrics.totalReturn * 100).toFixed(2)} %, max drawdown ${(result.metrics.maxDrawdown * 100).toFixed(2)} %\n` +
          overfittingLine(overfitting),
        () => renderWalkForwardReport({ strategy: definition.name, symbols: data.symbols, result }),
        values.equity ? { t: Float64Array.from(equity, (p) => p.t), value: Float64Array.from(equity, (p) => p.value) } : undefined,
      );
    }
    const backtest = runBacktest(definition, params, data, { fill, account });
    const method = values.method ?? 'bootstrap';
    if (method !== 'bootstrap' && method !== 'shuffle') throw bad(`--method must be bootstrap or shuffle, got "${method}"`);
    const loss = positiveNumber(values.loss, '--loss', 0.2);
    const mc = monteCarlo({ pnls: backtest.trades.map((t) => t.pnl), startValue: backtest.metrics.startValue, runs: positiveInt(values.runs, '--runs', 10_000), seed: positiveInt(values.seed, '--seed', 1), method, loss });
    return out(
      { ...mc, trades: backtest.closedTrades, backtestFinalValue: backtest.finalValue },
      `${mc.runs} ${method} runs over ${backtest.closedTrades} trades: median final return ${(mc.finalReturn.p50 * 100).toFixed(2)} %, ` +
        `5th percentile ${(mc.finalReturn.p5 * 100).toFixed(2)} %, median max drawdown ${(mc.maxDrawdown.p50 * 100).toFixed(2)} %, P(loss >= ${(loss * 100).toFixed(0)} %) = ${mc.probabilityOfLoss.toFixed(4)}\n`,
      () => renderMonteCarloReport({ strategy: definition.name, symbols: data.symbols, trades: backtest.closedTrades, result: mc }),
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    await pool.close();
  }
}
