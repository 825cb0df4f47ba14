import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { EvaluationReport, FoldFit, Hooks, Progress, TrainedModel, TrainSpec } from '../eval/train-model.js';
import { checkFold, evaluateAsync } from '../eval/train-model.js';
import type { Fold } from '../eval/purged-cv.js';
import { logLoss } from '../eval/metrics.js';
import { seededRandom, shuffled } from '../random.js';
import { useTfBackend } from './backend.js';
import { trainLstm } from './lstm.js';
import { networkPredict, type NetworkJson } from './network.js';
import { fitNorm, gatherWindows, standardise, type SequenceData } from './sequences.js';
import { trainTransformer } from './transformer.js';

/**
 * Training the networks (LSTM, transformer) on windows of feature rows, in the ML worker like the trees: purged
 * walk-forward folds on the windowed rows, a final fit on all of them, progress per epoch and cancel between
 * batches. Labels must be 0/1 (direction or triple barrier): the networks end in a sigmoid. Importance is by
 * permutation: how much the log-loss of a sample of training rows rises when one feature's windows are shuffled
 * between rows (trees report split gain instead; the card says which).
 */
export interface NetParams {
  /** Feature rows per window (the bar and the steps - 1 before it). */
  steps: number;
  /** LSTM units, or the transformer's model width. */
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export const NET_DEFAULTS: NetParams = { steps: 16, units: 16, epochs: 5, batchSize: 64, learningRate: 0.005 };

export function netParams(spec: TrainSpec): NetParams {
  return { ...NET_DEFAULTS, ...spec.net };
}

export async function trainNetworkOnRows(data: SequenceData, rows: Int32Array, spec: TrainSpec, hooks: Hooks = {}, at: Omit<Progress, 'round' | 'rounds'> = { phase: 'final', fold: 0, folds: 0 }): Promise<TrainedModel> {
  if (spec.model !== 'lstm' && spec.model !== 'transformer') throw new CodedError('BAD_REQUEST', `${spec.model} is not a network`);
  if (spec.objective !== 'logloss') throw new CodedError('BAD_REQUEST', `the ${spec.model} predicts a probability: use --label direction or triple-barrier`);
  const p = netParams(spec);
  const f = data.ds.names.length;
  const raw = gatherWindows(data, rows);
  const norm = fitNorm(raw, f);
  const x = standardise(raw, norm);
  let y: Float64Array = Float64Array.from(rows, (r) => data.ds.y[r]!);
  if (spec.permuteLabels) y = shuffled(y, seededRandom(spec.seed + 7919 * (at.fold + 1)));
  const y32 = Float32Array.from(y);
  let stopped = false;
  const stop = () => (stopped ||= hooks.cancelled?.() ?? false);
  const onEpoch = (epoch: number) => hooks.progress?.({ ...at, round: epoch, rounds: p.epochs });
  let network: NetworkJson;
  if (spec.model === 'lstm') {
    const r = await trainLstm(x, y32, rows.length, data.steps, f, { units: p.units, epochs: p.epochs, batchSize: p.batchSize, learningRate: p.learningRate, seed: spec.seed }, onEpoch, stop);
    r.model.dispose();
    network = { kind: 'lstm', norm, weights: r.weights };
  } else {
    const weights = await trainTransformer(x, y32, rows.length, data.steps, f, { dModel: p.units, ff: 2 * p.units, epochs: p.epochs, batchSize: p.batchSize, learningRate: p.learningRate, seed: spec.seed }, { onEpoch, stop });
    network = { kind: 'transformer', norm, weights };
  }
  if (stopped) throw new CodedError('CANCELLED', 'training was cancelled');
  const importance = at.phase === 'final' ? permutationImportance(network, raw, y, rows.length, f, spec.seed) : new Array<number>(f).fill(0);
  return { predictor: { kind: 'network', network }, importance, trees: p.epochs, backend: await useTfBackend() };
}

export function evaluateNetwork(data: SequenceData, spec: TrainSpec, hooks: Hooks = {}): Promise<EvaluationReport> {
  return evaluateAsync(data.ds, spec, (fold, folds) => fitNetworkFold(data, spec, fold, folds, hooks));
}

/** One fold of a network: trained on its training windows, its test windows predicted. */
export async function fitNetworkFold(data: SequenceData, spec: TrainSpec, fold: Fold, folds: number, hooks: Hooks = {}): Promise<FoldFit> {
  checkFold(fold);
  const size = data.steps * data.ds.names.length;
  const trained = await trainNetworkOnRows(data, fold.train, spec, hooks, { phase: 'fold', fold: fold.index + 1, folds });
  if (trained.predictor.kind !== 'network') throw new Error('unreachable');
  const net = trained.predictor.network;
  const windows = gatherWindows(data, fold.test);
  return { p: Float64Array.from(fold.test, (_, k) => networkPredict(net, windows, k * size)), trees: trained.trees };
}

/** Rise in log-loss when a feature's windows are shuffled across a sample of rows, as shares summing to 1. */
function permutationImportance(net: NetworkJson, raw: Float32Array, y: Float64Array, rows: number, f: number, seed: number): number[] {
  const rand = seededRandom(seed + 31);
  const steps = net.weights.steps;
  const size = steps * f;
  const n = Math.min(rows, 300);
  const pick = Int32Array.from({ length: n }, () => Math.floor(rand() * rows));
  const sample = new Float32Array(n * size);
  pick.forEach((r, k) => sample.set(raw.subarray(r * size, r * size + size), k * size));
  const ys = Array.from(pick, (r) => y[r]!);
  const lossOf = (x: Float32Array) => logLoss(ys, Array.from({ length: n }, (_, k) => networkPredict(net, x, k * size)));
  const base = lossOf(sample);
  const rises = new Array<number>(f).fill(0);
  for (let j = 0; j < f; j++) {
    const order = shuffled(Float64Array.from({ length: n }, (_, k) => k), rand);
    const x = sample.slice();
    for (let k = 0; k < n; k++) for (let s = 0; s < steps; s++) x[k * size + s * f + j] = sample[order[k]! * size + s * f + j]!;
    rises[j] = Math.max(0, lossOf(x) - base);
  }
  const total = rises.reduce((a, b) => a + b, 0);
  return rises.map((r) => (total > 0 ? r / total : 0));
}
