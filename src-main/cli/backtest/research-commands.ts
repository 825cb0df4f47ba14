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
  if (values.random !== undefined) {
    const fixed = new Set(Object.keys(Object.fromEntries((values.param ?? []).map((p) => [p.split('=')[0]!, 1]))));
    return randomCombos(definition, positiveInt(values.random, '--random', 100), seed, base, fixed);
  }
  if (!values.grid || values.grid.length === 0) throw bad('say what to search: --grid name=FROM:TO:STEP (repeatable) or --random N');
  const combos = gridCombos(definition, parseGridSpec(values.grid, paramSpace(definition.params)), base);
  if (combos.length === 0) throw bad('the grid has no valid parameter combination');
  return combos;
}

export async function runResearchCommand(command: 'optimize' | 'walk-forward' | 'monte-carlo', values: CommandValues): Promise<number> {
  if (command !== 'monte-carlo' && (values.calendar !== undefined || values.weights !== undefined)) {
    // Sweep workers look a strategy up by its id, and the file would not travel with it.
    throw bad(`--calendar and --weights work with backtest and monte-carlo, not ${command} yet`);
  }
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
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    if (command === 'optimize') {
      const combos = combosOf(values, definition, params as Combo);
      const objective = objectiveOf(values);
      const progress = new ProgressBar(`optimize ${combos.length} combinations`, { stream: process.stderr });
      const started = performance.now();
      const queue = queueOf(values);
      const onProgress = (d: number, t: number): void => progress.update(d, t);
      const sweep = queue
        ? await queuedSweep({ definition, data, combos, fill, account, signal: controller.signal, onProgress, queue })
        : await runSweep({ definition, data, combos, workers, workerScript: backtestWorkerScript(), fill, account, signal: controller.signal, onProgress });
      progress.done();
      const seconds = (performance.now() - started) / 1000;
      const top = best(sweep.results, objective);
      const [hx, hy] = (values.heatmap ?? '').split(',');
      const heatmap = hx && hy ? stabilityHeatmap(sweep.results, hx, hy, objective) : undefined;
      return out(
        { objective, combinations: combos.length, evaluated: sweep.results.length, cancelled: sweep.cancelled, best: top, results: sweep.results, ...(heatmap ? { heatmap } : {}), barEvaluations: sweep.barEvaluations, seconds },
        `${sweep.results.length}/${combos.length} combinations on ${queue ? `the queue at ${queue.address.display}` : `${workers} workers`} in ${seconds.toFixed(2)} s` +
          `${sweep.cancelled ? ' (cancelled)' : ''}; best ${objective}: ${top ? `${JSON.stringify(top.params)} = ${String(top.metrics[objective])}` : 'none'}\n`,
        () => renderOptimizeReport({ strategy: definition.name, symbols: data.symbols, objective, combinations: combos.length, results: sweep.results, ...(heatmap ? { heatmap } : {}) }),
      );
    }
    if (command === 'walk-forward') {
      const combos = combosOf(values, definition, params as Combo);
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
      const result = queue
        ? await queuedWalkForward({ ...setup, queue, signal: controller.signal })
        : await walkForward({
            ...setup,
            optimise: async (list, from, to) => (await runSweep({ definition, data, combos: list, workers, workerScript: backtestWorkerScript(), fill, account, from, to, signal: controller.signal })).results,
          });
      progress.done();
      const { equity, ...rest } = result;
      return out(
        { ...rest, equityPoints: equity.length },
        `${result.windows.length} ${result.mode} windows; stitched out-of-sample return ${(result.metrics.totalReturn * 100).toFixed(2)} %, max drawdown ${(result.metrics.maxDrawdown * 100).toFixed(2)} %\n`,
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
  }
}
