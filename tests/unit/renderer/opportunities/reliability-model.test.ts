import { describe, expect, it } from 'vitest';
import type { StrategyCalibrationDto } from '../../../../src-shared/ipc/opportunities-schemas.js';
import { pooledReliability } from '../../../../src-renderer/features/opportunities/reliability-model.js';

const bin = (from: number, predicted: number | null, observed: number | null, count: number) => ({ from, to: from + 0.1, predicted, observed, count });

const CALIBRATION: StrategyCalibrationDto[] = [
  { strategy: 'rsi', samples: 30, hitRate: 0.6, brier: 0.2, reliability: [bin(0.5, 0.55, 0.5, 10), bin(0.6, 0.65, 0.65, 20), bin(0.7, null, null, 0)] },
  { strategy: 'swing', samples: 10, hitRate: 0.4, brier: 0.3, reliability: [bin(0.5, 0.52, 0.3, 10)] },
  { strategy: 'breakout', samples: 0, hitRate: null, brier: null, reliability: [bin(0.5, null, null, 0)] },
];

describe('the reliability diagram of one strategy or all', () => {
  it('shows one strategy as its bins, leaving out the empty ones', () => {
    const r = pooledReliability(CALIBRATION, 'rsi');
    expect(r.bins.map((b) => [b.from, b.predicted, b.observed, b.count])).toEqual([[0.5, 0.55, 0.5, 10], [0.6, 0.65, 0.65, 20]]);
    expect(r).toMatchObject({ samples: 30, hitRate: 0.6, brier: 0.2 });
  });

  it('pools every strategy by outcome counts: a shared bin is the mean over all its outcomes', () => {
    const r = pooledReliability(CALIBRATION, '');
    expect(r.samples).toBe(40);
    expect(r.bins).toHaveLength(2);
    const first = r.bins[0]!;
    expect(first.count).toBe(20);
    expect(first.predicted).toBeCloseTo((0.55 * 10 + 0.52 * 10) / 20, 12);
    expect(first.observed).toBeCloseTo((0.5 * 10 + 0.3 * 10) / 20, 12);
    expect(r.hitRate).toBeCloseTo((0.6 * 30 + 0.4 * 10) / 40, 12);
    expect(r.brier).toBeCloseTo((0.2 * 30 + 0.3 * 10) / 40, 12);
  });

  it('has nothing to draw for a strategy without outcomes', () => {
    expect(pooledReliability(CALIBRATION, 'breakout')).toEqual({ bins: [], samples: 0, hitRate: null, brier: null });
  });
});
