import { describe, expect, it } from 'vitest';
import { createIndicator, indicatorMeta, resolveParams } from '../../../src-main/kernel/indicators/registry.js';
import { allIndicatorFeatures, FEATURE_INDICATORS, indicatorFeature } from '../../../src-main/ml/features/indicator-features.js';
import { DAILY_FILES, loadDaily } from '../kernel/indicators/series.js';

/** The scaling indicator-features.ts documents, applied to a value read through the registry's uniform face. */
const SCALE: Record<string, (x: number, close: number) => number> = {
  sma: (x, c) => c / x - 1, ema: (x, c) => c / x - 1, wma: (x, c) => c / x - 1, bollinger: (x, c) => c / x - 1, keltner: (x, c) => c / x - 1, donchian: (x, c) => c / x - 1,
  atr: (x, c) => x / c, macd: (x, c) => x / c, stddev: (x, c) => x / c,
  rsi: (x) => x / 100, stochastic: (x) => x / 100, adx: (x) => x / 100, cci: (x) => x / 100, roc: (x) => x / 100,
  zscore: (x) => x,
};

describe('indicator features (direct class writers and the generic path) equal the registry indicator read bar by bar', () => {
  it('covers every usable indicator', () => {
    expect(Object.keys(SCALE).sort()).toEqual([...FEATURE_INDICATORS].sort());
  });

  it.each(DAILY_FILES)('%s: every line of every usable indicator, default and other parameters', (file) => {
    const d = loadDaily(file);
    const n = d.close.length;
    const defs = [...allIndicatorFeatures(), indicatorFeature('rsi', { period: 14 }), indicatorFeature('sma', { period: 50 }), indicatorFeature('bollinger', { period: 10, k: 1.5 }, 'lower'), indicatorFeature('stochastic', { period: 9, signal: 3, smooth: 3 }, 'k')];
    for (const def of defs) {
      const id = FEATURE_INDICATORS.find((x) => def.name.startsWith(`${x}_`))!;
      const meta = indicatorMeta(id);
      const values = def.name.slice(id.length + 1).split('_');
      const line = values.slice(meta.params.length).join('_');
      const params = resolveParams(id, Object.fromEntries(meta.params.map((s, k) => [s.name, Number(values[k])])));
      const ind = createIndicator(id, params);
      const write = def.createInto!();
      const row = new Float64Array(1);
      let numbers = 0;
      for (let i = 0; i < n; i++) {
        const bar = { t: d.time[i]!, o: d.open[i]!, h: d.high[i]!, l: d.low[i]!, c: d.close[i]!, v: d.volume[i]! };
        write(bar, row, 0);
        ind.update(bar);
        const want = SCALE[id]!(ind.read(line), bar.c);
        if (!Object.is(row[0], want)) expect(row[0], `${def.name} at ${i} of ${file}`).toBe(want);
        if (want === want) numbers++;
      }
      expect(numbers, def.name).toBeGreaterThan(n / 2);
    }
  });
});
