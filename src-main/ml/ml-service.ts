import { join } from 'node:path';
import { TIMEFRAMES, type Bar, type Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { MlModelSummary, MlPredictResponse, mlTrainRequest } from '../../src-shared/ipc/ml-schemas.js';
import type { EventHub } from '../ipc/event-hub.js';
import type { Logger } from '../logging/logger.js';
import type { MarketDataApi } from '../market-data/types.js';
import { healthOf, type Service } from '../services/service.js';
import type { z } from 'zod';
import { dissimilarity } from './dissimilarity.js';
import { FeaturePipeline, featureSet, setLookback, usesNews } from './features/feature-sets.js';
import type { ScoredHeadline } from './features/feature.js';
import { newsForFeatures } from './news-for-features.js';
import { InferenceClient } from './inference/inference-client.js';
import { MODEL_FILE, ModelStore, type StoredModel } from './registry/model-store.js';
import { trainInWorker } from './train-client.js';
import { trainModel } from './train-pipeline.js';

/**
 * The ML tab's side in main: the registry (the app's shipped models and the trader's under the data folder),
 * training on the current mode's bars in the training worker (one job at a time; progress as `ml.progress`
 * events; the call's cancel stops the worker at its next round or batch), and predictions for a list of symbols
 * from their latest bars through the ONNX inference worker. Nothing heavy runs on main's loop: features for a
 * prediction are a few hundred bars per symbol, the rest is in the workers.
 */
export interface MlServiceOptions {
  log: Logger;
  hub: EventHub;
  dataDir: string;
  /** The app's models/ folder (read-only). */
  shippedDir?: string;
  marketData: () => MarketDataApi;
  trainWorkerScript?: string;
  inferenceWorkerScript?: string;
}

type TrainInput = z.output<typeof mlTrainRequest>;

export class MlService implements Service {
  readonly name = 'ml';
  private readonly store: ModelStore;
  private inference: InferenceClient | undefined;
  /** Inference keys already loaded: model folder -> key. */
  private readonly loaded = new Set<string>();
  private training: string | null = null;
  private lastProvider: string | null = null;

  constructor(private readonly options: MlServiceOptions) {
    this.store = new ModelStore({ user: join(options.dataDir, 'models'), ...(options.shippedDir ? { shipped: options.shippedDir } : {}) });
  }

  start(): void {}

  async stop(): Promise<void> {
    const client = this.inference;
    this.inference = undefined;
    this.loaded.clear();
    await client?.close();
  }

  health() {
    const detail = `${this.store.list().length} model(s)${this.training ? `; training ${this.training}` : ''}${this.lastProvider ? `; inference on ${this.lastProvider}` : ''}`;
    return healthOf(this.name, 'ok', detail);
  }

  models(): MlModelSummary[] {
    return this.store.list().map(summaryOf);
  }

  async train(r: TrainInput, signal: AbortSignal): Promise<MlModelSummary> {
    if (this.training) throw new CodedError('UNAVAILABLE', `a model (${this.training}) is training; wait for it or cancel it first`);
    if ((r.model === 'lstm' || r.model === 'transformer') && r.label === 'return') throw new CodedError('BAD_REQUEST', `the ${r.model} predicts a probability: choose the direction or triple-barrier label`);
    this.training = r.name;
    const jobId = r.jobId ?? null;
    const progress = (phase: 'data' | 'fold' | 'final', fold: number, folds: number, round: number, rounds: number) => this.options.hub.publish('ml.progress', { jobId, phase, fold, folds, round, rounds });
    try {
      const series: Array<{ symbol: string; bars: Bar[]; news?: ScoredHeadline[] }> = [];
      const withNews = usesNews(featureSet(r.featureSet));
      for (const [i, symbol] of r.symbols.entries()) {
        progress('data', i + 1, r.symbols.length, 0, 0);
        const got = await this.options.marketData().bars({ symbol, timeframe: r.timeframe, limit: r.bars }, signal);
        if (!withNews) {
          series.push({ symbol, bars: got.bars });
          continue;
        }
        const { news, note } = await newsForFeatures(this.options.marketData(), symbol, got.bars, signal);
        if (note) this.options.log.warn('ml', note);
        series.push({ symbol, bars: got.bars, news });
      }
      if (signal.aborted) throw new CodedError('CANCELLED', 'training was cancelled');
      const { bundle } = await trainModel(
        {
          name: r.name, series, timeframe: r.timeframe, featureSet: r.featureSet, label: { kind: r.label, horizon: r.horizon }, model: r.model, folds: r.folds,
          ...(r.trees ? { gbdt: { trees: r.trees }, forest: { trees: r.trees } } : {}),
          net: { ...(r.epochs ? { epochs: r.epochs } : {}), ...(r.steps ? { steps: r.steps } : {}) },
        },
        (ds, spec, onProgress) => trainInWorker(ds, spec, { signal, ...(onProgress ? { onProgress } : {}), ...(this.options.trainWorkerScript ? { workerScript: this.options.trainWorkerScript } : {}) }),
        (p) => progress(p.phase, p.fold, p.folds, p.round, p.rounds),
      );
      const saved = this.store.save(bundle);
      this.options.log.info('ml', `trained ${saved.card.name}@${saved.card.version} (${saved.card.algorithm})`, { oos: saved.card.evaluation?.oos ?? null });
      return summaryOf(saved);
    } finally {
      this.training = null;
    }
  }

  async predict(ref: string, symbols: string[], signal: AbortSignal): Promise<MlPredictResponse> {
    const model = this.store.get(ref);
    const card = model.card;
    const timeframe = (TIMEFRAMES as readonly string[]).includes(card.timeframe) ? (card.timeframe as Timeframe) : '1Day';
    const defs = featureSet(card.featureSet);
    const steps = card.input?.steps ?? 1;
    const f = defs.length;
    const need = setLookback(defs) + steps + 5;
    const rows: Array<{ symbol: string; t: number; last: Float64Array; window: Float64Array }> = [];
    const skipped: MlPredictResponse['skipped'] = [];
    for (const symbol of symbols) {
      if (signal.aborted) throw new CodedError('CANCELLED', 'prediction was cancelled');
      let bars: Bar[];
      try {
        bars = (await this.options.marketData().bars({ symbol, timeframe, limit: need + 20 }, signal)).bars;
      } catch (e) {
        skipped.push({ symbol, reason: e instanceof Error ? e.message : String(e) });
        continue;
      }
      let context = {};
      if (usesNews(defs)) {
        const { news, note } = await newsForFeatures(this.options.marketData(), symbol, bars, signal);
        if (note) this.options.log.warn('ml', note);
        context = { news };
      }
      const pipe = new FeaturePipeline(defs, context);
      const window = new Float64Array(steps * f);
      let filled = 0;
      for (const b of bars) {
        const row = pipe.update(b);
        if (!row.every(Number.isFinite)) {
          filled = 0;
          continue;
        }
        window.copyWithin(0, f);
        window.set(row, (steps - 1) * f);
        filled++;
      }
      if (filled < steps || bars.length === 0) skipped.push({ symbol, reason: `${bars.length} ${timeframe} bars: the model needs about ${need} for its features` });
      else rows.push({ symbol, t: bars[bars.length - 1]!.t, last: window.slice((steps - 1) * f), window });
    }
    if (rows.length === 0) return { model: `${card.name}@${card.version}`, output: card.output, provider: this.lastProvider ?? 'none', ms: 0, predictions: [], skipped };
    const client = (this.inference ??= new InferenceClient(this.options.inferenceWorkerScript ? { workerScript: this.options.inferenceWorkerScript } : {}));
    const key = model.dir;
    let info: { provider: string; cudaUnavailable?: string } | undefined;
    if (!this.loaded.has(key)) {
      info = await client.load(key, join(model.dir, MODEL_FILE));
      this.loaded.add(key);
      this.lastProvider = info.provider;
    }
    const x = new Float64Array(rows.length * steps * f);
    rows.forEach((r, i) => x.set(r.window, i * steps * f));
    const { y, ms } = await client.predictShaped(key, x, steps > 1 ? [rows.length, steps, f] : [rows.length, f]);
    const probability = card.output === 'probability';
    return {
      model: `${card.name}@${card.version}`,
      output: card.output,
      provider: this.lastProvider ?? 'cpu',
      ...(info?.cudaUnavailable ? { cudaUnavailable: info.cudaUnavailable } : {}),
      ms,
      predictions: rows.map((r, i) => {
        const di = dissimilarity(card.dissimilarity, r.last);
        return { symbol: r.symbol, t: r.t, value: y[i]!, confidence: probability ? Math.abs(y[i]! - 0.5) * 2 : null, dissimilarity: di, flagged: di > card.dissimilarity.threshold };
      }),
      skipped,
    };
  }
}

function summaryOf(m: StoredModel): MlModelSummary {
  const c = m.card;
  const e = c.evaluation;
  return {
    ref: `${c.name}@${c.version}`, name: c.name, version: c.version, source: m.source, algorithm: c.algorithm, ...(c.members ? { members: c.members } : {}),
    objective: c.objective, output: c.output, timeframe: c.timeframe, featureSet: c.featureSet, features: c.features.map((f) => f.name), steps: c.input?.steps ?? 1,
    label: c.label, symbols: c.training.symbols, from: c.training.from, to: c.training.to, rows: c.training.rows, permutedLabels: c.training.permutedLabels, created: c.created,
    method: e?.method ?? null, oos: e?.oos ?? null, foldMean: e?.foldMean ?? null,
    folds: (e?.folds ?? []).map((f) => ({ fold: f.fold, from: f.from, to: f.to, trainRows: f.trainRows, testRows: f.testRows, purged: f.purged, embargoed: f.embargoed, metrics: f.metrics })),
    importance: c.importance, importanceMethod: c.importanceMethod ?? (c.algorithm === 'lstm' || c.algorithm === 'transformer' ? 'permutation' : 'split gain'), calibration: e?.calibration ?? [],
  };
}
