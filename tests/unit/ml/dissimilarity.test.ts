import { describe, expect, it } from 'vitest';
import { dissimilarity, fitDissimilarity } from '../../../src-main/ml/dissimilarity.js';
import { seededRandom } from '../../../src-main/ml/random.js';

describe('dissimilarity index', () => {
  const rand = seededRandom(4);
  const cols = 5;
  const rows = 3000;
  const x = Float64Array.from({ length: rows * cols }, (_, k) => (rand() - 0.5) * (1 + (k % cols)) + (k % cols) * 10);
  const m = fitDissimilarity(x, rows, cols);

  it('is small for inputs like the training data and large for inputs far from it', () => {
    const fresh = Float64Array.from({ length: 200 * cols }, (_, k) => (rand() - 0.5) * (1 + (k % cols)) + (k % cols) * 10);
    let flagged = 0;
    for (let i = 0; i < 200; i++) if (dissimilarity(m, fresh, i * cols) > m.threshold) flagged++;
    expect(flagged).toBeLessThanOrEqual(6);
    const far = Float64Array.from({ length: cols }, (_, j) => j * 10 + 8 * (1 + j));
    expect(dissimilarity(m, far)).toBeGreaterThan(m.threshold);
  });

  it('a training reference row has DI about 0 (its z-scores are kept to 5 decimals); the hand formula holds for one feature', () => {
    expect(dissimilarity(m, x, 0)).toBeLessThan(1e-4);
    const one = fitDissimilarity(Float64Array.of(0, 1, 2, 3), 4, 1, 4);
    // std of 0..3 = sqrt(1.25); mean pairwise distance of the z-scores = (1+2+3+1+2+1)/6 / sqrt(1.25)
    const meanDistance = 10 / 6 / Math.sqrt(1.25);
    expect(one.meanDistance).toBeCloseTo(meanDistance, 4);
    expect(dissimilarity(one, [5])).toBeCloseTo(2 / Math.sqrt(1.25) / meanDistance, 4);
  });
});
