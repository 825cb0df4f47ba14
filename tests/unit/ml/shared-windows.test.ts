import { describe, expect, it } from 'vitest';
import { Stochastic } from '../../../src-main/kernel/indicators/stochastic.js';
import { FeaturePipeline, featureSet } from '../../../src-main/ml/features/feature-sets.js';
import { indicatorFeature } from '../../../src-main/ml/features/indicator-features.js';
import type { FeatureDef } from '../../../src-main/ml/features/feature.js';
import { DAILY_FILES, loadDaily } from '../kernel/indicators/series.js';

// Bars of one real file with a stretch of constant closes spliced in (a flat window: z-score 0, bands on the
// middle) and a NaN close (the shared window must go invalid and come back exactly as a private one does).
function bars(file: string): Array<{ t: number; o: number; h: number; l: number; c: number; v: number }> {
  const d = loadDaily(file);
  const out = [];
  for (let i = 0; i < d.close.length; i++) {
    const flat = i >= 300 && i < 330;
    const c = i === 500 ? NaN : flat ? d.close[299]! : d.close[i]!;
    out.push({ t: d.time[i]!, o: d.open[i]!, h: d.high[i]!, l: d.low[i]!, c, v: d.volume[i]! });
  }
  return out;
}

/** Every feature of the set on its own (no shared window), bar by bar, against the pipeline's row. */
function expectSameAsAlone(defs: FeatureDef[], file: string): void {
  const pipe = new FeaturePipeline(defs);
  const alone = defs.map((d) => d.createInto!());
  const one = new Float64Array(1);
  let numbers = 0;
  for (const [i, bar] of bars(file).entries()) {
    const row = pipe.update(bar);
    for (let j = 0; j < defs.length; j++) {
      alone[j]!(bar, one, 0);
      if (!Object.is(row[j], one[0])) expect(row[j], `${defs[j]!.name} at bar ${i} of ${file}`).toBe(one[0]);
      if (one[0] === one[0]) numbers++;
    }
  }
  expect(numbers).toBeGreaterThan(defs.length * 1000);
}

describe('features sharing one window of closes give the numbers of their own windows', () => {
  it.each(DAILY_FILES)('%s: the basic set (z-score and Bollinger over the same 20 closes)', (file) => {
    expectSameAsAlone(featureSet('basic'), file);
  });

  it.each(DAILY_FILES)('%s: two periods side by side, each shared only with its own period', (file) => {
    const defs = [
      indicatorFeature('zscore', { period: 10 }), indicatorFeature('bollinger', { period: 20, k: 2 }, 'lower'),
      indicatorFeature('bollinger', { period: 10, k: 1.5 }, 'lower'), indicatorFeature('zscore', { period: 20 }),
    ];
    expectSameAsAlone(defs, file);
  });
});

describe('a stochastic without %D', () => {
  it.each(DAILY_FILES)('%s: the same %%K as the full indicator, and %%D never computed', (file) => {
    const d = loadDaily(file);
    const full = new Stochastic(14, 3, 3);
    const kOnly = new Stochastic(14, 3, 3, { d: false });
    for (let i = 0; i < d.close.length; i++) {
      full.push(d.high[i]!, d.low[i]!, d.close[i]!);
      kOnly.push(d.high[i]!, d.low[i]!, d.close[i]!);
      if (!Object.is(kOnly.value, full.value)) expect(kOnly.value, `%K at ${i}`).toBe(full.value);
    }
    expect(full.d).toBe(full.d);
    expect(kOnly.d).toBeNaN();
  });
});
