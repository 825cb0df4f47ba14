import { describe, expect, it } from 'vitest';
import { DissimilarityCheck, dissimilarity, type DissimilarityModel } from '../../../src-main/ml/dissimilarity.js';
import { mondayIndex } from '../../../src-main/ml/features/price-features.js';
import { compilePredictor, predictWindow } from '../../../src-main/ml/predictor.js';
import { EXAMPLE_MODEL } from '../../../src-main/strategies/ml/example-model.js';
import { predictorOf } from '../../../src-main/strategies/ml/signal-model.js';

/** A deterministic stream of rows around the model's training means, some of them far out (to be flagged). */
function rows(n: number, cols: number, model: DissimilarityModel): Float64Array {
  const out = new Float64Array(n * cols);
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  for (let i = 0; i < n; i++) {
    const spread = i % 7 === 0 ? 6 : 1.5;
    for (let j = 0; j < cols; j++) out[i * cols + j] = model.mean[j]! + rand() * spread * model.std[j]!;
  }
  return out;
}

describe('ml-signal per-bar pieces, compiled once', () => {
  const model = EXAMPLE_MODEL.dissimilarity;
  const cols = EXAMPLE_MODEL.features.length;
  const x = rows(5_000, cols, model);

  it('flattened trees give predictWindow to the last bit', () => {
    const p = predictorOf(EXAMPLE_MODEL);
    const compiled = compilePredictor(p);
    const average = compilePredictor({ kind: 'average', members: [p.kind === 'trees' ? p.trees : EXAMPLE_MODEL.trees!, EXAMPLE_MODEL.trees!] });
    for (let i = 0; i < 5_000; i++) {
      expect(compiled(x, i * cols)).toBe(predictWindow(p, x, i * cols));
      expect(average(x, i * cols)).toBe(predictWindow({ kind: 'average', members: [EXAMPLE_MODEL.trees!, EXAMPLE_MODEL.trees!] }, x, i * cols));
    }
  });

  it('the dissimilarity check answers as dissimilarity > threshold, both ways, at thresholds around the data', () => {
    const scores = Array.from({ length: 5_000 }, (_, i) => dissimilarity(model, x, i * cols));
    const sorted = [...scores].sort((a, b) => a - b);
    // The shipped threshold, and thresholds at the data's own quantiles (exactly equal to some rows' scores).
    for (const threshold of [model.threshold, sorted[500]!, sorted[2500]!, sorted[4500]!]) {
      const m = { ...model, threshold };
      const check = new DissimilarityCheck(m);
      let flagged = 0;
      for (let i = 0; i < 5_000; i++) {
        const expected = scores[i]! > threshold;
        expect(check.exceeds(x, i * cols)).toBe(expected);
        if (expected) flagged++;
      }
      expect(flagged).toBeGreaterThan(0);
      expect(flagged).toBeLessThan(5_000);
    }
  });

  it('the day-of-week feature by arithmetic equals the Date answer, before and after the epoch', () => {
    for (let t = -400 * 86_400_000; t < 20_000 * 86_400_000; t += 86_400_000 / 3 + 7) expect(mondayIndex(t)).toBe((new Date(t).getUTCDay() + 6) % 7);
    expect(mondayIndex(Number.NaN)).toBeNaN();
  });
});
