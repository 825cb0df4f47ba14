// lstm, transformer and ensemble as first-class model kinds: trained by trainModel on the training worker (purged
// folds, card, model.onnx), the ONNX file equal to the in-process predictor to 1e-5, and the ml-signal strategy
// running on each in a backtest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import type { ModelKind } from '../../../src-main/ml/eval/train-model.js';
import { sequenceDataset } from '../../../src-main/ml/nets/sequences.js';
import { predictWindows } from '../../../src-main/ml/predictor.js';
import { modelCardSchema } from '../../../src-main/ml/registry/model-card.js';
import { trainInWorker } from '../../../src-main/ml/train-client.js';
import { trainModel } from '../../../src-main/ml/train-pipeline.js';
import { createMlSignal } from '../../../src-main/strategies/ml/ml-signal.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { buildMlWorker } from './ml-worker-build.js';

let workerScript = '';
beforeAll(async () => {
  workerScript = await buildMlWorker('ml-train-worker');
});

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 900);

async function train(model: ModelKind) {
  const phases = new Set<string>();
  const r = await trainModel(
    { name: `k-${model}`, series: [{ symbol: 'ORCL', bars }], timeframe: '1Day', featureSet: 'basic', label: { kind: 'direction', horizon: 5 }, model, folds: 2, seed: 3, gbdt: { trees: 20 }, forest: { trees: 8, maxDepth: 6 }, net: { steps: 6, units: 8, epochs: 2, batchSize: 64 } },
    (ds, spec, onProgress) => trainInWorker(ds, spec, { workerScript, ...(onProgress ? { onProgress } : {}) }),
    (p) => phases.add(p.phase),
  );
  return { ...r, phases };
}

describe.each<[ModelKind, number, string]>([
  ['lstm', 6, 'network'],
  ['transformer', 6, 'network'],
  ['ensemble', 1, 'average'],
])('%s', (kind, steps, predictorKind) => {
  it('trains on purged folds in the worker; its ONNX equals the in-process predictor; ml-signal trades on it', async () => {
    const { bundle, evaluation, dataset, phases } = await train(kind);
    const card = modelCardSchema.parse(bundle.card);
    expect(card.algorithm).toBe(kind);
    expect(card.input?.steps ?? 1).toBe(steps);
    expect(evaluation!.folds.length).toBe(2);
    expect(card.evaluation!.folds.length).toBe(2);
    expect(card.evaluation!.calibration!.reduce((a, b) => a + b.rows, 0)).toBe(evaluation!.oos.rows);
    expect(phases).toEqual(new Set(['fold', 'final']));
    expect(bundle.predictor!.kind).toBe(predictorKind);
    expect(card.importance.reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 6);
    // the card describes the rows really used: a network drops each symbol's first steps - 1 rows
    expect(card.training.rows).toBe(dataset.rows);
    const sd = sequenceDataset(dataset, steps);
    const f = dataset.names.length;
    const ours = predictWindows(bundle.predictor!, sd.seq, sd.ds.rows, steps * f);
    const session = await ort.InferenceSession.create(bundle.onnx);
    const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(sd.seq), steps > 1 ? [sd.ds.rows, steps, f] : [sd.ds.rows, f]) });
    await session.release();
    const theirs = out.prediction!.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(theirs[i]! - ours[i]!));
    expect(worst).toBeLessThan(1e-5);
    const definition = createMlSignal({ name: card.name, version: 1, featureSet: card.featureSet, features: card.features.map((x) => x.name), horizon: 5, predictor: bundle.predictor!, dissimilarity: card.dissimilarity });
    const bt = backtestBars(definition, parseParams(definition.params, { buyAbove: 0.5, sellBelow: 0.5 }), 'ORCL', bars);
    expect(bt.orders.length).toBeGreaterThan(0);
  }, 300_000);
});
