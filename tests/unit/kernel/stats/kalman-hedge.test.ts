import { describe, expect, it } from 'vitest';
import { KalmanHedge } from '../../../../src-main/kernel/stats/kalman-hedge.js';
import { linearFit } from '../../../../src-main/kernel/stats/ols.js';
import { normals } from './random.js';

describe('KalmanHedge', () => {
  it('with delta = 0 and a diffuse prior it is recursive least squares: after t points it equals OLS on them', () => {
    const z = normals(31);
    const x = Array.from({ length: 300 }, (_, i) => 50 + 0.1 * i + 5 * z());
    const y = x.map((v) => 4 + 0.8 * v + z());
    const k = new KalmanHedge(0, 1, 1e8);
    for (let t = 0; t < x.length; t++) {
      const step = k.update(x[t]!, y[t]!);
      if (t >= 10 && t % 29 === 0) {
        const f = linearFit(y.slice(0, t + 1), x.slice(0, t + 1))!;
        expect(step.beta).toBeCloseTo(f.beta, 4);
        expect(step.alpha).toBeCloseTo(f.alpha, 2);
      }
    }
  });

  it('follows a hedge ratio that moves, and its forecast error is made before the observation is folded in', () => {
    const z = normals(32);
    const k = new KalmanHedge(1e-4, 0.01);
    let last = { beta: 0, error: 0 };
    for (let t = 0; t < 2000; t++) {
      const beta = t < 1000 ? 1 : 1.5;
      const x = 100 + 10 * Math.sin(t / 30) + z();
      const y = beta * x + 0.1 * z();
      const before = k.beta * x + k.alpha;
      last = k.update(x, y);
      expect(last.error).toBeCloseTo(y - before, 9);
      if (t === 999) expect(last.beta).toBeCloseTo(1, 1);
    }
    expect(last.beta).toBeCloseTo(1.5, 1);
  });
});
