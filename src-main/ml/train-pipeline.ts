import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { APP_VERSION } from '../version.js';
import { buildDataset, type Dataset, type LabelSpec } from './dataset.js';
import { fitDissimilarity } from './dissimilarity.js';
import { TRAIN_DEFAULTS, type EvaluationReport, type ModelKind, type Progress, type TrainSpec } from './eval/train-model.js';
import { featureSet, setLookback } from './features/feature-sets.js';
import { treeEnsembleToOnnx } from './onnx/tree-export.js';
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
  series: ReadonlyArray<{ symbol: string; bars: readonly Readonly<Bar>[] }>;
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
  };
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
  if (dataset.rows < 200) throw new CodedError('BAD_REQUEST', `only ${dataset.rows} rows have every feature and a label; give more bars (the "${r.featureSet}" features need ${setLookback(defs)} bars of history, the label ${r.label.horizon} ahead)`);
  const spec = trainSpecOf(r);
  const result = await run(dataset, spec, onProgress);
  const trees = result.final.model;
  const evaluation = result.evaluation;
  const card: ModelCard = {
    name: r.name,
    version: 1,
    created: new Date().toISOString(),
    algorithm: trees.algorithm,
    objective: spec.objective,
    output: trees.output === 'value' ? 'value' : 'probability',
    timeframe: r.timeframe,
    featureSet: r.featureSet,
    features: defs.map((d) => ({ name: d.name, lookback: d.lookback })),
    label: { kind: r.label.kind, horizon: r.label.horizon },
    training: {
      symbols: r.series.map((s) => s.symbol),
      from: day(dataset.start[0]!),
      to: day(dataset.start[dataset.rows - 1]!),
      rows: dataset.rows,
      dataHash: dataHash(dataset),
      permutedLabels: spec.permuteLabels,
      params: { seed: spec.seed, folds: spec.folds, embargo: spec.embargo, ...(spec.model === 'gbdt' ? { gbdt: spec.gbdt ?? {} } : { forest: spec.forest ?? {} }) },
    },
    evaluation: evaluation
      ? {
          method: `purged walk-forward, ${spec.folds} folds, embargo ${spec.embargo}`,
          folds: evaluation.folds.map((f) => ({ fold: f.fold, trainRows: f.trainRows, testRows: f.testRows, purged: f.purged, embargoed: f.embargoed, from: day(f.testStart), to: day(f.testEnd), trees: f.trees, metrics: numbers(f.metrics) })),
          oos: numbers(evaluation.oos),
          foldMean: numbers(evaluation.foldMean),
        }
      : null,
    importance: defs.map((d, j) => ({ feature: d.name, share: result.final.importance[j] ?? 0 })).sort((a, b) => b.share - a.share),
    libraries: { workstation: APP_VERSION, 'onnxruntime-node': packageVersion('onnxruntime-node'), 'onnx-proto': packageVersion('onnx-proto'), onnxOpsets: 'ai.onnx 13, ai.onnx.ml 3' },
    dissimilarity: fitDissimilarity(dataset.x, dataset.rows, defs.length),
  };
  const onnxBytes = treeEnsembleToOnnx(trees, { name: r.name, features: card.features.map((f) => f.name).join(','), label: `${r.label.kind}:${r.label.horizon}` });
  return { bundle: { card, onnx: onnxBytes, trees }, evaluation, dataset };
}
