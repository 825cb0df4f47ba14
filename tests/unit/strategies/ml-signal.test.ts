import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { dissimilarity } from '../../../src-main/ml/dissimilarity.js';
import { featureColumns, featureSet } from '../../../src-main/ml/features/feature-sets.js';
import { readCard, readTrees } from '../../../src-main/ml/registry/model-store.js';
import { predictOne } from '../../../src-main/ml/trees/tree-model.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { EXAMPLE_MODEL } from '../../../src-main/strategies/ml/example-model.js';
import { createMlSignal } from '../../../src-main/strategies/ml/ml-signal.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const SHIPPED = join(__dirname, '..', '..', '..', 'models', 'example', '1');
const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl');

/** Every bar after t replaced by random values around the real ones. */
function garbageAfter(src: readonly Bar[], t: number, seed: number): Bar[] {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return src.map((b, i) => {
    if (i <= t) return b;
    const c = b.c * (0.6 + 0.8 * rand());
    const o = b.o * (0.6 + 0.8 * rand());
    return { ...b, o, c, h: Math.max(o, c) * (1 + rand() * 0.1), l: Math.min(o, c) * (1 - rand() * 0.1), v: b.v * 2 * rand() };
  });
}

describe('ml-signal', () => {
  const definition = STRATEGIES.get('ml-signal')!;

  it('is listed in the ml family and its shipped model is the one in models/example/1', () => {
    expect(definition.family).toBe('ml');
    const card = readCard(SHIPPED);
    expect(EXAMPLE_MODEL.trees).toEqual(readTrees(SHIPPED));
    expect(EXAMPLE_MODEL.features).toEqual(card.features.map((f) => f.name));
    expect(EXAMPLE_MODEL.dissimilarity).toEqual(card.dissimilarity);
  });

  it("the shipped model.onnx gives the strategy's own predictions to 1e-5 on real feature rows", async () => {
    const defs = featureSet(EXAMPLE_MODEL.featureSet);
    const cols = featureColumns(bars.slice(0, 1500), defs);
    const x: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const row = cols.map((c) => c[i]!);
      if (row.every(Number.isFinite)) x.push(...row);
    }
    const rows = x.length / defs.length;
    const session = await ort.InferenceSession.create(join(SHIPPED, 'model.onnx'));
    const out = (await session.run({ features: new ort.Tensor('float32', Float32Array.from(x), [rows, defs.length]) })).prediction!.data as Float32Array;
    await session.release();
    for (let i = 0; i < rows; i++) expect(Math.abs(out[i]! - predictOne(EXAMPLE_MODEL.trees!, x, i * defs.length))).toBeLessThan(1e-5);
  });

  it('no lookahead: garbage after bar t changes no order or fill up to t, and does change later ones', () => {
    const part = bars.slice(0, 1800);
    const params = parseParams(definition.params, {});
    const base = backtestBars(definition, params, 'ORCL', part);
    expect(base.orders.length).toBeGreaterThan(10);
    const upTo = (r: typeof base, t: number) => r.orders.filter((o) => o.submittedAt <= t).map(({ state: _s, filledQty: _f, avgFillPrice: _a, reason: _r, ...asked }) => asked);
    let differed = 0;
    for (const [n, t] of [300, 700, 1100, 1500].entries()) {
      const changed = backtestBars(definition, params, 'ORCL', garbageAfter(part, t, n + 3));
      const at = part[t]!.t;
      expect(upTo(changed, at)).toEqual(upTo(base, at));
      expect(changed.fills.filter((f) => f.t <= at)).toEqual(base.fills.filter((f) => f.t <= at));
      if (JSON.stringify(changed.orders) !== JSON.stringify(base.orders)) differed++;
    }
    expect(differed).toBeGreaterThanOrEqual(3);
  });

  it('an input flagged as unlike the training data is never acted on', () => {
    // a model that always says "up" with certainty, but whose training data sat far from ORCL's features
    const far = { ...EXAMPLE_MODEL.dissimilarity, mean: EXAMPLE_MODEL.dissimilarity.mean.map((m) => m + 1000), threshold: 1 };
    const always = { algorithm: 'gbdt' as const, output: 'logit' as const, aggregate: 'sum' as const, base: 10, nFeatures: EXAMPLE_MODEL.features.length, trees: [] };
    const trusting = createMlSignal({ ...EXAMPLE_MODEL, trees: always });
    const wary = createMlSignal({ ...EXAMPLE_MODEL, trees: always, dissimilarity: far });
    const part = bars.slice(0, 400);
    expect(backtestBars(trusting, parseParams(trusting.params, {}), 'ORCL', part).orders.length).toBeGreaterThan(0);
    expect(dissimilarity(far, Array.from({ length: EXAMPLE_MODEL.features.length }, () => 0))).toBeGreaterThan(1);
    expect(backtestBars(wary, parseParams(wary.params, {}), 'ORCL', part).orders.length).toBe(0);
  });
});
