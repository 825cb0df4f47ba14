import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { buildDataset } from '../../../src-main/ml/dataset.js';
import { featureColumns, featureSet, FeaturePipeline } from '../../../src-main/ml/features/feature-sets.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 600);
const all = featureSet('all');

/** Bars after index t replaced by random values around the real ones (a deterministic LCG). */
function garbageAfter(src: readonly Bar[], t: number, seed: number): Bar[] {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return src.map((b, i) => (i <= t ? b : { ...b, o: b.o * (0.5 + rand()), h: b.h * (1 + rand()), l: b.l * (0.2 + 0.8 * rand()), c: b.c * (0.5 + rand()), v: b.v * 3 * rand() }));
}

describe('features', () => {
  it('no feature reads past its bar: garbage after t leaves every value up to t unchanged, and changes later ones', () => {
    const base = featureColumns(bars, all);
    for (const [k, t] of [100, 250, 480].entries()) {
      const changed = featureColumns(garbageAfter(bars, t, k + 1), all);
      all.forEach((def, j) => {
        expect(Array.from(changed[j]!.subarray(0, t + 1)), def.name).toEqual(Array.from(base[j]!.subarray(0, t + 1)));
        // the feature does read its bar (else the test above proves nothing for it); calendar features read only the time
        if (!['dow', 'month'].includes(def.name)) expect(changed[j]![t + 1], def.name).not.toBe(base[j]![t + 1]);
      });
    }
  });

  it('a history cut at t gives the same row t as the full history (streaming equals batch)', () => {
    const full = featureColumns(bars, all);
    const pipe = new FeaturePipeline(all);
    for (let i = 0; i <= 300; i++) {
      const row = pipe.update(bars[i]!);
      if (i % 50 === 0) all.forEach((d, j) => expect(row[j], `${d.name} at ${i}`).toBe(full[j]![i]));
    }
  });

  it('each declared lookback is exact: NaN before it, a number from it on', () => {
    const cols = featureColumns(bars, all);
    all.forEach((def, j) => {
      const firstKnown = cols[j]!.findIndex((v) => Number.isFinite(v));
      expect(firstKnown, def.name).toBe(def.lookback);
    });
  });

  it('values equal independent computations for returns, realised volatility and RSI', () => {
    const basic = featureSet('basic');
    const cols = featureColumns(bars, basic);
    const col = (name: string) => cols[basic.findIndex((d) => d.name === name)]!;
    const i = 321;
    expect(col('ret_5')[i]).toBeCloseTo(bars[i]!.c / bars[i - 5]!.c - 1, 14);
    const lr = Array.from({ length: 20 }, (_, k) => Math.log(bars[i - k]!.c / bars[i - k - 1]!.c));
    const mean = lr.reduce((a, b) => a + b, 0) / 20;
    expect(col('rvol_20')[i]).toBeCloseTo(Math.sqrt(lr.reduce((a, b) => a + (b - mean) ** 2, 0) / 20), 12);
    expect(col('dow')[i]).toBe((new Date(bars[i]!.t).getUTCDay() + 6) % 7);
  });

  it('a dataset keeps only rows with every feature and the label known, in time order across symbols', () => {
    const basic = featureSet('basic');
    const ds = buildDataset([{ symbol: 'A', bars: bars.slice(0, 300) }, { symbol: 'B', bars: bars.slice(100, 400) }], basic, { kind: 'direction', horizon: 5 });
    const lookback = Math.max(...basic.map((d) => d.lookback));
    expect(ds.rows).toBe(2 * (300 - lookback - 5));
    for (let i = 1; i < ds.rows; i++) expect(ds.start[i]!).toBeGreaterThanOrEqual(ds.start[i - 1]!);
    expect(ds.x.every(Number.isFinite)).toBe(true);
    expect(new Set(ds.y)).toEqual(new Set([0, 1]));
  });
});
