import { createHash } from 'node:crypto';
import type { ScoredHeadline } from './features/feature.js';
import { createRequire } from 'node:module';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { APP_VERSION } from '../version.js';
import { buildDataset, type Dataset, type LabelSpec } from './dataset.js';
import { fitDissimilarity } from './dissimilarity.js';
import { isNetworkKind, TRAIN_DEFAULTS, type EvaluationReport, type ModelKind, type Progress, type TrainSpec } from './eval/train-model.js';
import { featureSet, setLookback } from './features/feature-sets.js';
import { sequenceDataset } from './nets/sequences.js';
import { netParams, type NetParams } from './nets/train-network.js';
import { predictorOpsets, predictorToOnnx } from './onnx/predictor-export.js';
import { predictorSteps } from './predictor.js';
import type { ModelCard } from './registry/model-card.js';
import type { ModelBundle } from './registry/model-store.js';
import type { TrainJobResult } from './train-client.js';
import type { ForestParams } from './trees/forest.js';
import type { GbdtParams } from './trees/gbdt.js';

/**
 * From bars to a registry bundle: features and labels, the purged walk-forward evaluation and the final fit (by
 * `run`: the training worker, or in-process in tests), the ONNX file, and the card that says what it all was.
 */
export interface ModelTrainingRequest {
  name: string;
  /** Each symbol's bars, and its scored headlines where the feature set reads news. */
  series: ReadonlyArray<{ symbol: string; bars: readonly Readonly<Bar>[]; news?: readonly ScoredHeadline[] }>;
  timeframe: Timeframe;
  featureSet: string;
  label: LabelSpec;
  model: ModelKind;
  folds?: number;
  embargo?: number;
  permuteLabels?: boolean;
  seed?: number;
  gbdt?: Partial<GbdtParams>;
  forest?: Partial<ForestParams>;
  net?: Partial<NetParams>;
}

export type TrainRunner = (dataset: Dataset, spec: TrainSpec, onProgress?: (p: Progress) => void) => Promise<TrainJobResult>;

export interface TrainedBundle {
  bundle: ModelBundle;
  evaluation: EvaluationReport | null;
  dataset: Dataset;
}

export function trainSpecOf(r: ModelTrainingRequest): TrainSpec {
  return {
    ...TRAIN_DEFAULTS,
    model: r.model,
    objective: r.label.kind === 'return' ? 'l2' : 'logloss',
    ...(r.folds !== undefined ? { folds: r.folds } : {}),
    ...(r.embargo !== undefined ? { embargo: r.embargo } : {}),
    ...(r.permuteLabels !== undefined ? { permuteLabels: r.permuteLabels } : {}),
    ...(r.seed !== undefined ? { seed: r.seed } : {}),
    ...(r.gbdt ? { gbdt: r.gbdt } : {}),
    ...(r.forest ? { forest: r.forest } : {}),
    ...(r.net ? { net: r.net } : {}),
  };
}

/** Ten equal-width bins of out-of-sample probability: each bin's mean prediction beside the observed rate. */
export function calibrationBins(y: ArrayLike<number>, p: ArrayLike<number>): Array<{ from: number; to: number; rows: number; predicted: number | null; observed: number | null }> {
  const bins = Array.from({ length: 10 }, (_, b) => ({ from: b / 10, to: (b + 1) / 10, rows: 0, sumP: 0, sumY: 0 }));
  for (let i = 0; i < y.length; i++) {
    const q = p[i]!;
    if (q !== q) continue;
    const bin = bins[Math.min(9, Math.max(0, Math.floor(q * 10)))]!;
    bin.rows++;
    bin.sumP += q;
    bin.sumY += y[i]! > 0.5 ? 1 : 0;
  }
  return bins.map((b) => ({ from: b.from, to: b.to, rows: b.rows, predicted: b.rows ? b.sumP / b.rows : null, observed: b.rows ? b.sumY / b.rows : null }));
}

export function dataHash(ds: Dataset): string {
  const h = createHash('sha256');
  h.update(ds.names.join(','));
  h.update(new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength));
  h.update(new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength));
  h.update(new Uint8Array(ds.start.buffer, ds.start.byteOffset, ds.start.byteLength));
  return `sha256:${h.digest('hex')}`;
}

function packageVersion(name: string): string {
  try {
    const req = createRequire(import.meta.url);
    return (req(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const numbers = (m: object): Record<string, number | null> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' && Number.isFinite(v) ? v : null]));

export async function trainModel(r: ModelTrainingRequest, run: TrainRunner, onProgress?: (p: Progress) => void): Promise<TrainedBundle> {
  const defs = featureSet(r.featureSet);
  const dataset = buildDataset(r.series, defs, r.label);
  if (isNetworkKind(r.model) && r.label.kind === 'return') throw new CodedError('BAD_REQUEST', `the ${r.model} predicts a probability: use --label direction or triple-barrier`);
  if (dataset.rows < 200) throw new CodedError('BAD_REQUEST', `only ${dataset.rows} rows have every feature and a label; give more bars (the "${r.featureSet}" features need ${setLookback(defs)} bars of history, the label ${r.label.horizon} ahead)`);
  const spec = trainSpecOf(r);
  const result = await run(dataset, spec, onProgress);
  const predictor = result.final.predictor;
  const evaluation = result.evaluation;
  // a network's rows are those with a full window: the card describes what it was really trained on
  const used = isNetworkKind(r.model) ? sequenceDataset(dataset, netParams(spec).steps).ds : dataset;
  const steps = predictorSteps(predictor);
  const paramsOf = () => (spec.model === 'gbdt' ? { gbdt: spec.gbdt ?? {} } : spec.model === 'forest' ? { forest: spec.forest ?? {} } : spec.model === 'ensemble' ? { gbdt: spec.gbdt ?? {}, forest: spec.forest ?? {} } : { net: netParams(spec) });
  const card: ModelCard = {
    name: r.name,
    version: 1,
    created: new Date().toISOString(),
    algorithm: r.model,
    ...(steps > 1 ? { input: { steps } } : {}),
    ...(r.model === 'ensemble' ? { members: ['gbdt', 'forest'] } : {}),
    objective: spec.objective,
    output: spec.objective === 'l2' ? 'value' : 'probability',
    timeframe: r.timeframe,
    featureSet: r.featureSet,
    features: defs.map((d) => ({ name: d.name, lookback: d.lookback, ...(d.missing ? { missing: d.missing } : {}) })),
    label: { kind: r.label.kind, horizon: r.label.horizon },
    training: {
      symbols: r.series.map((s) => s.symbol),
      from: day(used.start[0]!),
      to: day(used.start[used.rows - 1]!),
      rows: used.rows,
      dataHash: dataHash(used),
      permutedLabels: spec.permuteLabels,
      params: { seed: spec.seed, folds: spec.folds, embargo: spec.embargo, ...paramsOf() },
    },
    evaluation: evaluation
      ? {
          method: `purged walk-forward, ${spec.folds} folds, embargo ${spec.embargo}`,
          folds: evaluation.folds.map((f) => ({ fold: f.fold, trainRows: f.trainRows, testRows: f.testRows, purged: f.purged, embargoed: f.embargoed, from: day(f.testStart), to: day(f.testEnd), trees: f.trees, metrics: numbers(f.metrics) })),
          oos: numbers(evaluation.oos),
          foldMean: numbers(evaluation.foldMean),
          ...(spec.objective === 'logloss' ? { calibration: calibrationBins(used.y, evaluation.predictions) } : {}),
        }
      : null,
    importance: defs.map((d, j) => ({ feature: d.name, share: result.final.importance[j] ?? 0 })).sort((a, b) => b.share - a.share),
    importanceMethod: isNetworkKind(r.model) ? 'permutation' : 'split gain',
    libraries: {
      workstation: APP_VERSION, 'onnxruntime-node': packageVersion('onnxruntime-node'), 'onnx-proto': packageVersion('onnx-proto'), onnxOpsets: predictorOpsets(predictor),
      ...(isNetworkKind(r.model) ? { '@tensorflow/tfjs': packageVersion('@tensorflow/tfjs'), tfjsBackend: result.final.backend === 'tensorflow' ? 'tensorflow (tfjs-node)' : 'cpu (pure JavaScript)' } : {}),
    },
    dissimilarity: fitDissimilarity(used.x, used.rows, defs.length),
  };
  const onnxBytes = predictorToOnnx(predictor, { name: r.name, features: card.features.map((f) => f.name).join(','), label: `${r.label.kind}:${r.label.horizon}`, steps: String(steps) });
  return { bundle: { card, onnx: onnxBytes, predictor, ...(predictor.kind === 'trees' ? { trees: predictor.trees } : {}) }, evaluation, dataset: used };
}
