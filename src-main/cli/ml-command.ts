// `workstation ml ...`: train, evaluate, predict, export, backtest and list models from the command line. Training
// runs on the ML worker thread and inference on the ONNX worker thread, as in the app.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { TIMEFRAMES } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { backtestBars, runBacktest } from '../backtest/backtest.js';
import { loadData } from '../backtest/load-data.js';
import type { MarketData } from '../backtest/market-data.js';
import type { QueueTarget } from '../distributed/queued-research.js';
import { barSeries } from '../ml/bar-series.js';
import { parseParams } from '../kernel/strategy/params.js';
import { buildDataset } from '../ml/dataset.js';
import { dissimilarity } from '../ml/dissimilarity.js';
import { score, MODEL_KINDS, type ModelKind, type TrainSpec } from '../ml/eval/train-model.js';
import { FeaturePipeline, featureSet, FEATURE_SETS } from '../ml/features/feature-sets.js';
import { InferenceClient } from '../ml/inference/inference-client.js';
import { LABEL_KINDS, type LabelKind } from '../ml/labels.js';
import { predictorToOnnx } from '../ml/onnx/predictor-export.js';
import { predictorSteps, predictWindows } from '../ml/predictor.js';
import type { ModelCard } from '../ml/registry/model-card.js';
import { MODEL_FILE, ModelStore, readCard, readPredictor, writeBundle } from '../ml/registry/model-store.js';
import { evaluateInWorker, trainInWorker } from '../ml/train-client.js';
import { searchGbdt, type SearchResult } from '../ml/eval/search.js';
import type { LabelSpec } from '../ml/dataset.js';
import { trainSpecOf } from '../ml/train-pipeline.js';
import { trainModel, type TrainRunner } from '../ml/train-pipeline.js';
import { sequenceDataset } from '../ml/nets/sequences.js';
import { resolveDataDir } from '../services/data-dir.js';
import { createMlSignal } from '../strategies/ml/ml-signal.js';
import type { SignalModel } from '../strategies/ml/signal-model.js';

export const ML_HELP = `workstation ml <command> [options]

  train     --model gbdt|forest|lstm|transformer|ensemble (--data FILE ... | --symbol SYM ...) --out DIR [--horizon N]
            [--label direction|return|triple-barrier] [--features basic|all|news] [--folds N] [--embargo F] [--permute-labels]
            [--seed N] [--trees N] [--depth N] [--learning-rate X] [--early-stopping ROUNDS (0: off)] [--threads N]
            [--steps N] [--units N] [--epochs N] [--batch-size N] [--name NAME] [--register] [--json REPORT]
            Builds features and labels, scores the model by purged walk-forward cross-validation (per fold and
            out of sample: AUC, accuracy, log-loss; IC for --label return), fits it on all rows and writes
            DIR/model.onnx, DIR/card.json and DIR/trees.json (predictor.json for ensemble and networks).
            lstm and transformer (tfjs, CPU backend) read windows of --steps feature rows (default 16) and need a
            0/1 label; --units is the LSTM's units or the transformer's width. ensemble averages boosted trees and a
            random forest, exported as one ONNX graph. --permute-labels trains on shuffled labels: a control that must
            show no edge (AUC near 0.5). --register also saves it in the model registry of the data folder.
            --queue redis://HOST:PORT/DB sends each cross-validation fold as a job to \`workstation worker\`
            processes (the final fit runs here meanwhile); the report and model equal the local run's.
            --threads: threads building boosted trees' histograms (default min(2, cores)); the model is the same.
  evaluate  --model DIR|NAME (--data FILE ... | --symbol SYM ...) [--json REPORT]   scores a trained model on other bars
  predict   --model DIR|NAME (--data FILE ... | --symbol SYM ...) --json OUT [--cpu]
            ONNX predictions per bar (onnxruntime-node on a worker; CUDA when present, --cpu to refuse it), with the
            dissimilarity index and a flag per row; the provider used is reported.
  search    (--data FILE ... | --symbol SYM ...) [--trials N] [--seed N] [--horizon N] [--label ...] [--features SET]
            [--folds N] [--json REPORT] [--queue redis://HOST:PORT/DB]   random search over boosted-tree settings
            (depth, leaves, learning rate, trees, subsampling), each scored by the purged folds; the winner's AUC is
            reported deflated for the number of trials (minus what the best of as many no-skill trials would reach).
            --queue sends one job per trial to \`workstation worker\` processes; the report equals the local one.
  export    --model DIR --out FILE.onnx      writes the ONNX file again from trees.json or predictor.json
  backtest  --model DIR|NAME (--data FILE ... | --symbol SYM ...) [--exchange-url URL] [--json REPORT]
            the ml-signal strategy on that model. A model with news features reads the run's headlines from the
            local exchange at --exchange-url (key pair from the environment, as \`workstation exchange\` prints it);
            without it its news features are 0 and the report says so.
  models    [--json FILE]                    the registry: shipped models and the data folder's

  Common: --timeframe TF (default 1Day), --data-dir DIR (for --symbol and the registry).
  --catalog URI (a folder or s3://bucket/prefix; --s3-endpoint URL, --s3-region R) reads --symbol SYM from the
  Parquet catalog instead of history.sqlite (train, evaluate, predict, search, backtest).
`;

const OPTIONS = {
  model: { type: 'string' }, data: { type: 'string', multiple: true }, symbol: { type: 'string', multiple: true }, out: { type: 'string' },
  horizon: { type: 'string' }, label: { type: 'string' }, features: { type: 'string' }, folds: { type: 'string' }, embargo: { type: 'string' },
  'permute-labels': { type: 'boolean' }, seed: { type: 'string' }, threads: { type: 'string' }, trees: { type: 'string' }, depth: { type: 'string' }, 'learning-rate': { type: 'string' }, 'early-stopping': { type: 'string' },
  name: { type: 'string' }, register: { type: 'boolean' }, json: { type: 'string' }, timeframe: { type: 'string' }, 'data-dir': { type: 'string' },
  steps: { type: 'string' }, units: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' },
  cpu: { type: 'boolean' }, trials: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  catalog: { type: 'string' }, 's3-endpoint': { type: 'string' }, 's3-region': { type: 'string' }, queue: { type: 'string' },
  'exchange-url': { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];
const bad = (m: string) => new CodedError('BAD_REQUEST', m);

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (e) {
    throw bad(`${e instanceof Error ? e.message : String(e)} (see: workstation ml --help)`);
  }
}

function int(v: string | undefined, flag: string, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw bad(`--${flag} must be a whole number of at least ${min}, got "${v}"`);
  return n;
}

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw bad(`--${flag} must be a number, got "${v}"`);
  return n;
}

function timeframeOf(v: Values): Timeframe {
  const tf = v.timeframe ?? '1Day';
  if (!(TIMEFRAMES as readonly string[]).includes(tf)) throw bad(`--timeframe must be one of ${TIMEFRAMES.join(', ')}`);
  return tf as Timeframe;
}

interface RunBars {
  data: MarketData;
  /** Set when the bars came from --catalog: queue workers read the same range there instead of from Redis. */
  catalog?: QueueTarget['catalog'];
}

/** The bars: --data files, or --symbol from the Parquet catalog (--catalog) or the history store. */
async function runBars(v: Values): Promise<RunBars> {
  const files = v.data ?? [];
  const symbols = v.symbol ?? [];
  const timeframe = timeframeOf(v);
  if (v.catalog !== undefined) {
    if (files.length > 0) throw bad('--catalog reads --symbol SYM from the catalog; --data files are read without it');
    // Loaded only here: the catalog's Parquet and S3 code costs every other ml command nothing.
    const { catalogArgs, loadCatalogData } = await import('../catalog/load.js');
    const target = catalogArgs(v)!;
    const { data } = await loadCatalogData({ catalog: target.uri, options: target.options, symbols, timeframe });
    const { s3Endpoint, s3Region } = target.options;
    return { data, catalog: { uri: target.uri, symbols, timeframe, ...(s3Endpoint !== undefined ? { s3Endpoint } : {}), ...(s3Region !== undefined ? { s3Region } : {}) } };
  }
  if (files.length === 0 && symbols.length === 0) throw bad('give the bars: --data FILE (repeatable) or --symbol SYM (from the history store, or the catalog with --catalog)');
  return { data: loadData({ files, symbols, timeframe, ...(files.length === 0 ? { dataDir: resolveDataDir(v['data-dir']) } : {}) }).data };
}

async function series(v: Values): Promise<Array<{ symbol: string; bars: Bar[] }>> {
  return barSeries((await runBars(v)).data);
}

function store(v: Values): ModelStore {
  const shipped = resolve(process.env.WORKSTATION_APP_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'models');
  return new ModelStore({ user: join(resolveDataDir(v['data-dir']), 'models'), shipped });
}

/** A model folder (with card.json) or a registry name (`name` or `name@version`). */
function modelDir(v: Values): string {
  if (!v.model) throw bad('--model DIR (a folder with card.json) or a registry name is required');
  try {
    readCard(v.model);
    return v.model;
  } catch (e) {
    if (/[\\/]/.test(v.model)) throw e;
    return store(v).get(v.model).dir;
  }
}

export function signalModel(dir: string): SignalModel {
  const card = readCard(dir);
  return { name: card.name, version: card.version, featureSet: card.featureSet, features: card.features.map((f) => f.name), horizon: card.label.horizon, predictor: readPredictor(dir), dissimilarity: card.dissimilarity };
}

function writeJson(file: string | undefined, doc: unknown): void {
  if (!file) return;
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

const fmt = (x: number | null | undefined, d = 4) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '-');

function metricsLine(m: Record<string, number | null | undefined>): string {
  return 'auc' in m ? `AUC ${fmt(m.auc)}  accuracy ${fmt(m.accuracy)}  log-loss ${fmt(m.logLoss)}  base rate ${fmt(m.baseRate, 3)}  rows ${m.rows}` : `IC ${fmt(m.ic)}  RMSE ${fmt(m.rmse, 6)}  rows ${m.rows}`;
}

async function train(v: Values): Promise<number> {
  const kind = v.model ?? 'gbdt';
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw bad(`--model must be one of ${MODEL_KINDS.join(', ')}`);
  if (!v.out) throw bad('--out DIR is required (model.onnx and card.json are written there)');
  const label = (v.label ?? 'direction') as LabelKind;
  if (!(LABEL_KINDS as readonly string[]).includes(label)) throw bad(`--label must be one of ${LABEL_KINDS.join(', ')}`);
  const set = v.features ?? 'basic';
  if (!(FEATURE_SETS as readonly string[]).includes(set)) throw bad(`--features must be one of ${FEATURE_SETS.join(', ')}`);
  const trees = v.trees === undefined ? undefined : int(v.trees, 'trees', 0);
  const depth = v.depth === undefined ? undefined : int(v.depth, 'depth', 0);
  const lr = num(v['learning-rate'], 'learning-rate');
  const early = v['early-stopping'] === undefined ? undefined : int(v['early-stopping'], 'early-stopping', 0, 0);
  const embargo = num(v.embargo, 'embargo');
  const net = {
    ...(v.steps !== undefined ? { steps: int(v.steps, 'steps', 16) } : {}), ...(v.units !== undefined ? { units: int(v.units, 'units', 16) } : {}),
    ...(v.epochs !== undefined ? { epochs: int(v.epochs, 'epochs', 5) } : {}), ...(v['batch-size'] !== undefined ? { batchSize: int(v['batch-size'], 'batch-size', 64) } : {}),
    ...(lr !== undefined ? { learningRate: lr } : {}),
  };
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let lastLine = 0;
  const bars = await runBars(v);
  const labelSpec: LabelSpec = { kind: label, horizon: int(v.horizon, 'horizon', 5) };
  const local: TrainRunner = (ds, spec, onProgress) => trainInWorker(ds, spec, { signal: controller.signal, ...(onProgress ? { onProgress } : {}) });
  try {
    const { bundle, evaluation } = await trainModel(
      {
        name: v.name ?? 'model',
        series: barSeries(bars.data),
        timeframe: timeframeOf(v),
        featureSet: set,
        label: labelSpec,
        model: kind as ModelKind,
        folds: int(v.folds, 'folds', 5),
        ...(embargo !== undefined ? { embargo } : {}),
        permuteLabels: v['permute-labels'] ?? false,
        seed: int(v.seed, 'seed', 1, 0),
        ...(v.threads !== undefined ? { threads: int(v.threads, 'threads', 2) } : {}),
        gbdt: { ...(trees ? { trees } : {}), ...(depth ? { maxDepth: depth, maxLeaves: 2 ** depth } : {}), ...(lr !== undefined ? { learningRate: lr } : {}), ...(early !== undefined ? { earlyStopping: early } : {}) },
        forest: { ...(trees ? { trees } : {}), ...(depth ? { maxDepth: depth } : {}) },
        net,
      },
      v.queue !== undefined ? await trainOnQueue(v, bars, set, labelSpec, controller.signal) : local,
      (p) => {
        if (v.quiet || !process.stderr.isTTY || Date.now() - lastLine < 500) return;
        lastLine = Date.now();
        process.stderr.write(`\r${p.phase === 'fold' ? `fold ${p.fold}/${p.folds}` : 'final fit'}: ${kind === 'lstm' || kind === 'transformer' ? 'epoch' : 'round'} ${p.round}/${p.rounds}   `);
      },
    );
    if (!v.quiet && process.stderr.isTTY) process.stderr.write('\n');
    writeBundle(resolve(v.out), bundle);
    const registered = v.register ? store(v).save(bundle) : undefined;
    const report = { model: bundle.card.name, algorithm: bundle.card.algorithm, permutedLabels: bundle.card.training.permutedLabels, rows: bundle.card.training.rows, out: resolve(v.out), ...(registered ? { registered: `${registered.card.name}@${registered.card.version}` } : {}), oos: evaluation?.oos ?? null, foldMean: evaluation?.foldMean ?? null, folds: evaluation?.folds ?? [], importance: bundle.card.importance };
    writeJson(v.json, report);
    if (!v.quiet) {
      const lines = [`${bundle.card.algorithm} on ${bundle.card.training.rows} rows (${bundle.card.training.symbols.join(', ')}, ${bundle.card.training.from}..${bundle.card.training.to})${bundle.card.training.permutedLabels ? ' with PERMUTED labels (control)' : ''}`];
      for (const f of evaluation?.folds ?? []) lines.push(`  fold ${f.fold}: train ${f.trainRows} (purged ${f.purged}, embargoed ${f.embargoed}), trees ${f.trees}: ${metricsLine(f.metrics as unknown as Record<string, number>)}`);
      if (evaluation) {
        lines.push(`  out of sample: ${metricsLine(evaluation.oos as unknown as Record<string, number>)}`);
        lines.push(`  mean over folds: ${metricsLine({ ...evaluation.foldMean, rows: evaluation.oos.rows })}`);
      }
      lines.push(`  top features: ${bundle.card.importance.slice(0, 5).map((i) => `${i.feature} ${(100 * i.share).toFixed(1)}%`).join(', ')}`);
      lines.push(`  wrote ${join(v.out, MODEL_FILE)}${registered ? `; registered as ${registered.card.name}@${registered.card.version}` : ''}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/**
 * ml train --queue: the evaluation's folds as queue jobs (src-main/ml/queued-train.ts) while the final fit runs
 * here; Ctrl-C cancels the run (the remaining jobs are removed) and nothing is written.
 */
async function trainOnQueue(v: Values, bars: RunBars, set: string, label: LabelSpec, signal: AbortSignal): Promise<TrainRunner> {
  const [{ parseQueueUrl }, { queuedEvaluation }] = await Promise.all([import('../distributed/redis/url.js'), import('../ml/queued-train.js')]);
  const address = parseQueueUrl(v.queue!);
  return async (ds, spec, onProgress) => {
    const queued = queuedEvaluation({
      queue: {
        address,
        ...(bars.catalog ? { catalog: bars.catalog } : {}),
        onQueued: (runId) => {
          if (!v.quiet) process.stderr.write(`queued as run ${runId} on ${address.display}; Ctrl-C cancels it (or: workstation queue cancel ${runId} --queue URL)\n`);
        },
      },
      data: bars.data,
      featureSet: set,
      label,
      dataset: ds,
      spec,
      signal,
      onFold: (fold, done, total) => {
        if (!v.quiet) process.stderr.write(`fold ${fold} evaluated (${done}/${total} done)\n`);
      },
    });
    // The final fit does not wait for the folds; a failed or cancelled queue run stops it.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort);
    queued.catch(onAbort);
    try {
      const [evaluation, final] = await Promise.all([queued, trainInWorker(ds, spec, { evaluate: false, signal: stop.signal, ...(onProgress ? { onProgress } : {}) })]);
      return { evaluation, final: final.final };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
}

async function search(v: Values): Promise<number> {
  const label = (v.label ?? 'direction') as LabelKind;
  if (label === 'return' || !(LABEL_KINDS as readonly string[]).includes(label)) throw bad('--label must be direction or triple-barrier for a search (it ranks by AUC)');
  const set = v.features ?? 'basic';
  if (!(FEATURE_SETS as readonly string[]).includes(set)) throw bad(`--features must be one of ${FEATURE_SETS.join(', ')}`);
  const labelSpec = { kind: label, horizon: int(v.horizon, 'horizon', 5) };
  const bars = await runBars(v);
  const ds = buildDataset(barSeries(bars.data), featureSet(set), labelSpec);
  if (ds.rows < 200) throw bad(`only ${ds.rows} rows have every feature and a label; give more bars`);
  const trials = int(v.trials, 'trials', 20);
  const base = trainSpecOf({ name: 'search', series: [], timeframe: timeframeOf(v), featureSet: set, label: labelSpec, model: 'gbdt', folds: int(v.folds, 'folds', 5), seed: int(v.seed, 'seed', 1, 0) });
  const r = v.queue !== undefined
    ? await searchOnQueue(v, bars, set, labelSpec, base, trials)
    : await searchGbdt(trials, base.seed, async (params, trial) => {
        const e = await evaluateInWorker(ds, { ...base, gbdt: params });
        if (!v.quiet) process.stderr.write(`trial ${trial}/${trials}: AUC ${fmt((e.oos as { auc?: number }).auc)}  ${JSON.stringify(params)}\n`);
        return e;
      });
  writeJson(v.json, { rows: ds.rows, trials: r.trials, best: r.best, deflatedAuc: r.deflatedAuc, expectedMaxNoSkill: r.expectedMaxNoSkill });
  if (!v.quiet) process.stdout.write(`best of ${trials} trials: AUC ${fmt(r.best.auc)} (trial ${r.best.trial}: ${JSON.stringify(r.best.params)}); the best of ${trials} no-skill trials would reach ${fmt(r.expectedMaxNoSkill)}, so deflated AUC ${fmt(r.deflatedAuc)}\n`);
  return 0;
}

/**
 * The search's trials as queue jobs (src-main/ml/queued-search.ts): Ctrl-C cancels the run (the remaining jobs are
 * removed) and nothing is written.
 */
async function searchOnQueue(v: Values, bars: RunBars, set: string, label: LabelSpec, base: TrainSpec, trials: number): Promise<SearchResult> {
  const [{ parseQueueUrl }, { queuedSearch }] = await Promise.all([import('../distributed/redis/url.js'), import('../ml/queued-search.js')]);
  const address = parseQueueUrl(v.queue!);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await queuedSearch({
      queue: {
        address,
        ...(bars.catalog ? { catalog: bars.catalog } : {}),
        onQueued: (runId) => {
          if (!v.quiet) process.stderr.write(`queued as run ${runId} on ${address.display}; Ctrl-C cancels it (or: workstation queue cancel ${runId} --queue URL)\n`);
        },
      },
      data: bars.data,
      featureSet: set,
      label,
      base,
      trials,
      signal: controller.signal,
      onTrial: (trial, auc, done, total) => {
        if (!v.quiet) process.stderr.write(`trial ${trial} (${done}/${total} done): AUC ${fmt(auc)}\n`);
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
  }
}

async function labelledRows(card: ModelCard, v: Values) {
  return buildDataset(await series(v), featureSet(card.featureSet), { kind: card.label.kind, horizon: card.label.horizon });
}

async function evaluateCommand(v: Values): Promise<number> {
  const dir = modelDir(v);
  const card = readCard(dir);
  const predictor = readPredictor(dir);
  const sd = sequenceDataset(await labelledRows(card, v), predictorSteps(predictor));
  const ds = sd.ds;
  const p = predictWindows(predictor, sd.seq, ds.rows, sd.steps * ds.names.length);
  const m = score(card.objective, ds.y, p);
  writeJson(v.json, { model: `${card.name}@${card.version}`, rows: ds.rows, oos: m });
  if (!v.quiet) process.stdout.write(`${card.name}@${card.version} on ${ds.rows} rows: ${metricsLine(m as unknown as Record<string, number>)}\n`);
  return 0;
}

async function predict(v: Values): Promise<number> {
  const dir = modelDir(v);
  const card = readCard(dir);
  if (!v.json) throw bad('--json OUT is required (the predictions are written there)');
  const defs = featureSet(card.featureSet);
  const steps = card.input?.steps ?? 1;
  // each prediction reads its symbol's last `steps` complete feature rows (one row for trees)
  const rows: Array<{ symbol: string; t: string; row: number[]; window: number[] }> = [];
  for (const s of await series(v)) {
    const pipe = new FeaturePipeline(defs);
    const recent: number[][] = [];
    for (const b of s.bars) {
      const r = pipe.update(b);
      if (!r.every(Number.isFinite)) continue;
      recent.push(Array.from(r));
      if (recent.length > steps) recent.shift();
      if (recent.length === steps) rows.push({ symbol: s.symbol, t: new Date(b.t).toISOString(), row: recent[steps - 1]!, window: recent.flat() });
    }
  }
  if (rows.length === 0) throw bad(`no bar has the ${steps > 1 ? `${steps} complete feature rows` : 'complete features'} the model needs; give more bars`);
  const client = new InferenceClient({ preferCuda: !v.cpu });
  try {
    const info = await client.load('m', join(dir, MODEL_FILE));
    const x = Float64Array.from(rows.flatMap((r) => r.window));
    const { y, ms } = await client.predictShaped('m', x, steps > 1 ? [rows.length, steps, defs.length] : [rows.length, defs.length]);
    const out = rows.map((r, i) => {
      const di = dissimilarity(card.dissimilarity, r.row);
      return { symbol: r.symbol, t: r.t, prediction: y[i]!, dissimilarity: di, flagged: di > card.dissimilarity.threshold };
    });
    writeJson(v.json, { model: `${card.name}@${card.version}`, output: card.output, provider: info.provider, ...(info.cudaUnavailable ? { cudaUnavailable: info.cudaUnavailable } : {}), ms, predictions: out });
    if (!v.quiet) process.stdout.write(`${out.length} predictions on ${info.provider}${info.cudaUnavailable ? ` (${info.cudaUnavailable})` : ''} in ${ms.toFixed(1)} ms; ${out.filter((o) => o.flagged).length} flagged as unlike the training data\n`);
    return 0;
  } finally {
    await client.close();
  }
}

function exportCommand(v: Values): number {
  if (!v.model || !v.out) throw bad('export needs --model DIR and --out FILE.onnx');
  const card = readCard(v.model);
  const predictor = readPredictor(v.model);
  const bytes = predictorToOnnx(predictor, { name: card.name, features: card.features.map((f) => f.name).join(','), label: `${card.label.kind}:${card.label.horizon}`, steps: String(predictorSteps(predictor)) });
  mkdirSync(dirname(resolve(v.out)), { recursive: true });
  writeFileSync(v.out, bytes);
  if (!v.quiet) process.stdout.write(`wrote ${v.out} (${bytes.length} bytes)\n`);
  return 0;
}

async function backtestCommand(v: Values): Promise<number> {
  const dir = modelDir(v);
  const definition = createMlSignal(signalModel(dir));
  const market = (await runBars(v)).data;
  const data = barSeries(market);
  const params = parseParams(definition.params, {});
  // A model trained with news features gets the run's headlines (or a note that its news features are 0).
  const { news, note } = (definition.needs ?? []).includes('news') ? await (await import('./ml-news.js')).mlBacktestNews(v['exchange-url'], market) : { news: undefined, note: null };
  const options = news ? { news } : {};
  const r = data.length === 1 ? backtestBars(definition, params, data[0]!.symbol, data[0]!.bars, options) : runBacktest(definition, params, market, options);
  const doc = { model: dir, bars: r.bars, orders: r.orders.length, closedTrades: r.closedTrades, finalValue: r.finalValue, metrics: r.metrics, ...(news ? { headlines: news.length } : {}), ...(note ? { note } : {}) };
  writeJson(v.json, doc);
  if (note && !v.quiet) process.stderr.write(`${note}\n`);
  if (!v.quiet) process.stdout.write(`ml-signal: ${r.orders.length} orders, ${r.closedTrades} closed trades, final value ${r.finalValue.toFixed(2)}, total return ${fmt(r.metrics.totalReturn)}, Sharpe ${fmt(r.metrics.sharpe, 2)}, max drawdown ${fmt(r.metrics.maxDrawdown)}\n`);
  return 0;
}

function modelsCommand(v: Values): number {
  const list = store(v).list().map((m) => ({ name: m.card.name, version: m.card.version, source: m.source, algorithm: m.card.algorithm, label: m.card.label, featureSet: m.card.featureSet, symbols: m.card.training.symbols, from: m.card.training.from, to: m.card.training.to, oos: m.card.evaluation?.oos ?? null, created: m.card.created, dir: m.dir }));
  if (v.json !== undefined) writeJson(v.json, { models: list });
  else process.stdout.write(list.length === 0 ? 'no models\n' : `${list.map((m) => `${m.name}@${m.version}  [${m.source}]  ${m.algorithm}  ${m.label.kind}/${m.label.horizon}  ${m.symbols.join(',')} ${m.from}..${m.to}  OOS AUC ${fmt(m.oos?.auc ?? null)}`).join('\n')}\n`);
  return 0;
}

export async function runMlCommand(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parse(rest);
  if (!command || values.help || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(ML_HELP);
    return 0;
  }
  switch (command) {
    case 'train': return train(values);
    case 'evaluate': return evaluateCommand(values);
    case 'predict': return predict(values);
    case 'export': return exportCommand(values);
    case 'backtest': return backtestCommand(values);
    case 'models': return modelsCommand(values);
    case 'search': return search(values);
    default: throw bad(`unknown ml command "${command}" (see: workstation ml --help)`);
  }
}
