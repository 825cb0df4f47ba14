import { engleGrangerFromFit } from './engle-granger.js';
import { linearFitFromSums } from './ols.js';
import { fitOu, meanCrossings } from './ou.js';

export interface PairCandidate {
  /** The dependent leg: y = alpha + beta x + spread (log prices). */
  y: string;
  x: string;
  alpha: number;
  beta: number;
  pValue: number;
  /** Bars for the spread to halve its distance to the mean. */
  halfLife: number;
  /** Spread crossings of its mean per `periodsPerYear` bars. */
  crossingsPerYear: number;
  /** Standard deviation of the spread over the window. */
  spreadSd: number;
}

export interface PairSelectionOptions {
  maxPValue: number;
  minHalfLife: number;
  maxHalfLife: number;
  minCrossingsPerYear: number;
  periodsPerYear: number;
  /** Fixed ADF lags (default: chosen by AIC). */
  lags?: number;
}

/**
 * Pair selection over a universe, as arbitragelab's PairsSelector filters its candidates (Sarmento and Horta,
 * A Machine Learning based Pairs Trading Investment Strategy, 2020): every pair of the universe is tested by
 * Engle-Granger on log prices in both orders (the order with the lower p-value is kept), and kept when it is
 * cointegrated at `maxPValue`, its spread's Ornstein-Uhlenbeck half-life is within bounds (fast enough to trade,
 * not so fast that it is noise), and the spread crosses its mean often enough (arbitragelab: 12 a year). Best
 * p-value first. `logPrices` holds equal-length, time-aligned windows.
 */
export function selectPairs(logPrices: ReadonlyMap<string, ArrayLike<number>>, o: PairSelectionOptions): PairCandidate[] {
  const symbols = [...logPrices.keys()].sort();
  // The regression sums each pair shares (each summed in index order, as linearFit does): per symbol its sum and sum
  // of squares, per pair its cross product (the same in both orders). 1,770 pairs of 60 symbols tested both ways
  // then cost a pass over each window for the sums instead of five per regression.
  const sums = new Map<string, { sum: number; sumSq: number }>();
  for (const s of symbols) {
    const v = logPrices.get(s)!;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < v.length; i++) sum += 1 * v[i]!;
    for (let i = 0; i < v.length; i++) sumSq += v[i]! * v[i]!;
    sums.set(s, { sum, sumSq });
  }
  const out: PairCandidate[] = [];
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i + 1; j < symbols.length; j++) {
      const a = symbols[i]!;
      const b = symbols[j]!;
      const va = logPrices.get(a)!;
      const vb = logPrices.get(b)!;
      let cross = NaN;
      if (va.length === vb.length) {
        cross = 0;
        for (let k = 0; k < va.length; k++) cross += vb[k]! * va[k]!;
      }
      const best = [testPair(a, b, logPrices, o, sums, cross), testPair(b, a, logPrices, o, sums, cross)]
        .filter((c): c is PairCandidate => c !== undefined)
        .sort((p, q) => p.pValue - q.pValue)[0];
      if (
        best &&
        best.pValue <= o.maxPValue &&
        best.halfLife >= o.minHalfLife &&
        best.halfLife <= o.maxHalfLife &&
        best.crossingsPerYear >= o.minCrossingsPerYear
      ) {
        out.push(best);
      }
    }
  }
  return out.sort((p, q) => p.pValue - q.pValue || (p.y + p.x < q.y + q.x ? -1 : 1));
}

function testPair(
  y: string,
  x: string,
  logPrices: ReadonlyMap<string, ArrayLike<number>>,
  o: PairSelectionOptions,
  sums: ReadonlyMap<string, { sum: number; sumSq: number }>,
  cross: number,
): PairCandidate | undefined {
  const ly = logPrices.get(y)!;
  const lx = logPrices.get(x)!;
  if (ly.length !== lx.length) throw new RangeError(`engleGranger: ${ly.length} values of y against ${lx.length} of x`);
  const sx = sums.get(x)!;
  const fit = linearFitFromSums(ly, lx, ly.length, sx.sum, sx.sumSq, sums.get(y)!.sum, cross);
  const eg = engleGrangerFromFit(fit, o.lags !== undefined ? { lags: o.lags } : {});
  if (!eg) return undefined;
  const ou = fitOu(eg.spread);
  if (!ou) return undefined;
  let ss = 0;
  for (const e of eg.spread) ss += e * e;
  return {
    y,
    x,
    alpha: eg.alpha,
    beta: eg.beta,
    pValue: eg.adf.pValue,
    halfLife: ou.halfLife,
    crossingsPerYear: (meanCrossings(eg.spread) * o.periodsPerYear) / eg.spread.length,
    spreadSd: Math.sqrt(ss / Math.max(1, eg.spread.length - 2)),
  };
}
