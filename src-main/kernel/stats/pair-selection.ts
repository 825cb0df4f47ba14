import { engleGrangerFromFit } from './engle-granger.js';
import { linearFitFromSums } from './ols.js';
import { fitOu, meanCrossings } from './ou.js';
import { allPairs, closestPairs } from './pair-distance.js';

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
  /**
   * Screen each order of a pair by its half-life and crossings before its ADF test (default true): the same pairs
   * come out (see selectPairs); false tests every order, for the tests that prove it.
   */
  screen?: boolean;
  /**
   * Test only this many pairs, the closest by normalised price distance (pair-distance.ts), when the universe has
   * more; default: every pair.
   */
  maxCandidates?: number;
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
  const screen = o.screen ?? true;
  const pairs = o.maxCandidates === undefined ? allPairs(symbols.length) : closestPairs(symbols.map((s) => logPrices.get(s)!), o.maxCandidates);
  for (const [i, j] of pairs) {
    const a = symbols[i]!;
    const b = symbols[j]!;
    const va = logPrices.get(a)!;
    const vb = logPrices.get(b)!;
    let cross = NaN;
    if (va.length === vb.length) {
      cross = 0;
      for (let k = 0; k < va.length; k++) cross += vb[k]! * va[k]!;
    }
    const best = screen ? bestScreened(a, b, logPrices, o, sums, cross) : bestOf(fitPair(a, b, logPrices, o, sums, cross), fitPair(b, a, logPrices, o, sums, cross), o);
    if (best && best.pValue <= o.maxPValue && passesScreen(best, o)) out.push(best);
  }
  return out.sort((p, q) => p.pValue - q.pValue || (p.y + p.x < q.y + q.x ? -1 : 1));
}

/** The order with the lower p-value (the first on a tie), among those with a test; undefined when neither has one. */
function bestOf(first: FittedPair | undefined, second: FittedPair | undefined, o: PairSelectionOptions): PairCandidate | undefined {
  const p = first && withTest(first, o);
  const q = second && withTest(second, o);
  if (!p) return q;
  if (!q) return p;
  return q.pValue < p.pValue ? q : p;
}

function passesScreen(c: { halfLife: number; crossingsPerYear: number }, o: PairSelectionOptions): boolean {
  return c.halfLife >= o.minHalfLife && c.halfLife <= o.maxHalfLife && c.crossingsPerYear >= o.minCrossingsPerYear;
}

/**
 * bestOf, when only a candidate that passes the screen can be kept, with the ADF tests (most of the work: a lag
 * search of regressions) run only where they can change the answer. A pair is kept when its best order passes,
 * so: neither order passes the screen: nothing (no test run). One passes: its test first; a p-value above the bound
 * rejects the pair whatever the other's; else the other's test decides which is best (and the failing one wins only
 * by a lower p-value, or any p-value not above the passing one's when it comes first). Both pass: both tests, as bestOf. Random walks (no pair
 * cointegrated) fail the screen in both orders almost always: 500 symbols' selection took seconds, all in the tests.
 */
function bestScreened(a: string, b: string, logPrices: ReadonlyMap<string, ArrayLike<number>>, o: PairSelectionOptions, sums: ReadonlyMap<string, { sum: number; sumSq: number }>, cross: number): PairCandidate | undefined {
  const first = fitPair(a, b, logPrices, o, sums, cross);
  const second = fitPair(b, a, logPrices, o, sums, cross);
  const firstPasses = first !== undefined && passesScreen(first, o);
  const secondPasses = second !== undefined && passesScreen(second, o);
  if (!firstPasses && !secondPasses) return undefined;
  if (firstPasses && secondPasses) return bestOf(first, second, o);
  const [passing, failing, passingFirst] = firstPasses ? [first!, second, true] : [second!, first, false];
  const kept = withTest(passing, o);
  if (!kept || kept.pValue > o.maxPValue) return undefined;
  const other = failing && withTest(failing, o);
  if (!other) return kept;
  // As bestOf decides it (a NaN p-value included): the second order is best only by a strictly lower p-value.
  const otherWins = passingFirst ? other.pValue < kept.pValue : !(kept.pValue < other.pValue);
  return otherWins ? undefined : kept;
}

/** One order of a pair before its ADF test: the regression, the spread's OU half-life and crossings. */
interface FittedPair {
  y: string;
  x: string;
  alpha: number;
  beta: number;
  spread: number[];
  halfLife: number;
  crossingsPerYear: number;
}

function fitPair(
  y: string,
  x: string,
  logPrices: ReadonlyMap<string, ArrayLike<number>>,
  o: PairSelectionOptions,
  sums: ReadonlyMap<string, { sum: number; sumSq: number }>,
  cross: number,
): FittedPair | undefined {
  const ly = logPrices.get(y)!;
  const lx = logPrices.get(x)!;
  if (ly.length !== lx.length) throw new RangeError(`engleGranger: ${ly.length} values of y against ${lx.length} of x`);
  const sx = sums.get(x)!;
  const fit = linearFitFromSums(ly, lx, ly.length, sx.sum, sx.sumSq, sums.get(y)!.sum, cross);
  if (!fit) return undefined;
  const ou = fitOu(fit.residuals);
  if (!ou) return undefined;
  return { y, x, alpha: fit.alpha, beta: fit.beta, spread: fit.residuals, halfLife: ou.halfLife, crossingsPerYear: (meanCrossings(fit.residuals) * o.periodsPerYear) / fit.residuals.length };
}

/** The order's Engle-Granger test (ADF on its spread); undefined where the test cannot be run. */
function withTest(f: FittedPair, o: PairSelectionOptions): PairCandidate | undefined {
  const eg = engleGrangerFromFit({ alpha: f.alpha, beta: f.beta, residuals: f.spread }, o.lags !== undefined ? { lags: o.lags } : {});
  if (!eg) return undefined;
  let ss = 0;
  for (const e of eg.spread) ss += e * e;
  return {
    y: f.y,
    x: f.x,
    alpha: eg.alpha,
    beta: eg.beta,
    pValue: eg.adf.pValue,
    halfLife: f.halfLife,
    crossingsPerYear: f.crossingsPerYear,
    spreadSd: Math.sqrt(ss / Math.max(1, eg.spread.length - 2)),
  };
}
