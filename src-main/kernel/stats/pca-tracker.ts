import { symmetricEigenFlat, type Eigen } from './linalg.js';
import { leadingByGram, standardise } from './gram-eigen.js';
import { factorsOf, pcaFactors, type PcaFactors } from './pca.js';
import { SlidingCorrelation } from './sliding-correlation.js';
import { signFixed, topEigen, type TopEigenOptions } from './top-eigen.js';
import { leadingEigen } from './tridiagonal-eigen.js';

/** Universes up to this many symbols take the exact path (see PcaTracker). */
export const FAST_PCA_ABOVE = 16;
/** Above the exact path, correlation matrices up to this size are decomposed directly (see PcaTracker). */
export const DIRECT_PCA_UP_TO = 256;

export interface PcaTrackerOptions {
  /** Universes of more symbols than this take the fast path. */
  fastAbove?: number;
  /** On the fast path with at least as many rows as symbols, up to this many symbols the correlation matrix is decomposed directly rather than iterated on. */
  directUpTo?: number;
  /** Extra Ritz vectors carried beside the kept ones (the guard band of topEigen). */
  guard?: number;
  /** Rebuild the sliding correlation sums from the window after this many slides (bounds rounding drift). */
  rebuildEvery?: number;
  eigen?: TopEigenOptions;
}

/**
 * Principal components of a rolling window of returns, refitted bar after bar (stat-arb's daily PCA), as cheaply
 * as the universe's size calls for.
 *
 * Up to `fastAbove` symbols (16 by default) it is pcaFactors exactly as stat-arb always called it: the whole
 * correlation sum and a full Jacobi decomposition warm-started from the last one over the same symbols. That keeps
 * the golden backtests (three symbols) identical to the bit: the fast path's numbers agree with it only to about
 * 1e-10, and a rounding-level move can flip an s-score threshold. (It was 64 until the direct path below: Jacobi of
 * 60 symbols took stat-arb's live bot p50 6 / p99 31 ms a bar.)
 *
 * Above, the correlation matrix slides by running sums (SlidingCorrelation: O(N^2) a bar). Up to `directUpTo`
 * symbols (256) it is decomposed directly (tridiagonal-eigen.ts on the SIMD kernels: about N^3 multiply-adds, a
 * fraction of a millisecond at 60 symbols, whatever the spectrum). Beyond, only the kept
 * components are computed, by subspace iteration warm-started from the last bar's Ritz vectors (topEigen). The
 * full Jacobi decomposition remains the fallback: on the first bar, when the iteration does not converge within
 * its cap (a symbol set that changed much, whose old vectors start it badly), and when a column's variance is too
 * small to trust the running sums (then pcaFactors decides, as before, whether the window is usable at all). `values` then holds only the
 * kept eigenvalues (spectrum 'leading'); `explained` is each over the trace, n, as the full path's total is.
 * With more symbols than rows (stat-arb's 500 over 252) the fast path is instead a direct decomposition of the rows'
 * Gram matrix (gram-eigen.ts): cheaper than the iteration where the spectrum has no gap, and it needs no warm start.
 */
export class PcaTracker {
  private readonly fastAbove: number;
  private readonly guard: number;
  private readonly sliding: SlidingCorrelation;
  private readonly eigenOptions: TopEigenOptions;
  private symbols: readonly string[] = [];
  /** The exact path's last full decomposition (its warm start). */
  private lastEigen: Eigen | undefined;
  /** The fast path's last Ritz block (its warm start). */
  private block: Float64Array[] | undefined;
  /** The Gram path's Z and G, kept from bar to bar (a megabyte and half of one at 500 symbols over a year). */
  private zBuffer = new Float64Array(0);
  private gBuffer = new Float64Array(0);
  /** How the last fit was done, for tests and diagnosis. */
  lastPath: 'exact' | 'direct' | 'fast' | 'fallback' | 'none' = 'none';
  private readonly directUpTo: number;

  constructor(options: PcaTrackerOptions = {}) {
    this.fastAbove = options.fastAbove ?? FAST_PCA_ABOVE;
    this.directUpTo = options.directUpTo ?? DIRECT_PCA_UP_TO;
    this.guard = options.guard ?? 6;
    this.sliding = new SlidingCorrelation(options.rebuildEvery ?? 63);
    // Degree 12 with 6 guard vectors: the fewest multiplications found for 15 components of 500 noise returns
    // (measured when 500 x 252 took this path; it now takes the Gram one).
    this.eigenOptions = { degree: 12, maxIterations: 12, ...options.eigen };
  }

  /**
   * Factors of `returns` (rows: times, columns: `symbols`). The last decomposition starts this one: as it is over
   * the same symbols; mapped onto the new set (a symbol's entries dropped, zeros for a new one) when they changed.
   */
  fit(returns: ReadonlyArray<ArrayLike<number>>, components: number, symbols: readonly string[]): PcaFactors | undefined {
    const before = this.symbols;
    const same = symbols.length === before.length && symbols.every((s, i) => s === before[i]);
    this.symbols = symbols.slice();
    const n = returns.length > 0 ? returns[0]!.length : 0;
    if (n <= this.fastAbove) {
      this.block = undefined;
      this.lastPath = 'exact';
      const pca = pcaFactors(returns, components, same ? this.lastEigen : undefined);
      this.lastEigen = pca?.eigen;
      return pca;
    }
    this.lastEigen = undefined;
    if (!same) {
      this.sliding.reset();
      if (this.block) this.block = remap(this.block, before, symbols);
    }
    if (returns.length < 3) return undefined;
    const k = Math.max(1, Math.min(components, n));
    const m = Math.min(n, k + this.guard);
    // More symbols than rows (stat-arb's 500 over a year): the leading pairs come directly from the rows' Gram
    // matrix (gram-eigen.ts), a quarter of the correlation matrix's size; k must stay below G's rank (t - 1).
    if (returns.length < n && k < returns.length - 1) return this.fitByGram(returns, k, n);
    this.sliding.update(returns);
    const window = this.sliding.correlation();
    if (!window) {
      this.block = undefined;
      this.lastPath = 'fallback';
      return pcaFactors(returns, components);
    }
    if (n <= this.directUpTo) {
      this.block = undefined;
      const direct = leadingEigen(window.corr, n, k);
      if (direct) {
        this.lastPath = 'direct';
        return factorsOf(returns, { values: direct.values, vectors: direct.vectors.map(signFixed) }, k, window.sd, n, 'leading');
      }
    }
    const fast = this.block && this.block.length === m ? topEigen(window.corr, n, k, this.block, this.eigenOptions) : undefined;
    if (fast) {
      this.block = fast.block;
      this.lastPath = 'fast';
      return factorsOf(returns, { values: fast.values, vectors: fast.vectors }, k, window.sd, n, 'leading');
    }
    const full = symmetricEigenFlat(window.corr, n, 100);
    this.block = n <= this.directUpTo ? undefined : full.vectors.slice(0, m).map((v) => Float64Array.from(v));
    this.lastPath = 'fallback';
    const leading: Eigen = { values: full.values.slice(0, k), vectors: full.vectors.slice(0, k) };
    return factorsOf(returns, leading, k, window.sd, n, 'leading');
  }

  /** The fast path through G = ZZ' (see gram-eigen.ts): no warm start, so no block is kept. */
  private fitByGram(returns: ReadonlyArray<ArrayLike<number>>, k: number, n: number): PcaFactors | undefined {
    // The sliding sums are not kept meanwhile: should the path change back, they rebuild from the window.
    this.sliding.reset();
    this.block = undefined;
    const t = returns.length;
    if (this.zBuffer.length < t * n) this.zBuffer = new Float64Array(t * n);
    if (this.gBuffer.length < t * t) this.gBuffer = new Float64Array(t * t);
    const window = standardise(returns, this.zBuffer);
    if (!window) {
      this.lastPath = 'fallback';
      return pcaFactors(returns, k);
    }
    const found = leadingByGram(window, k, undefined, this.gBuffer);
    this.lastPath = found.path === 'direct' ? 'fast' : 'fallback';
    return factorsOf(returns, { values: found.values, vectors: found.vectors }, k, window.sd, n, 'leading');
  }
}

/** The block's vectors over `from` re-indexed by `to`: entries of symbols no longer there dropped, new ones 0. */
function remap(block: Float64Array[], from: readonly string[], to: readonly string[]): Float64Array[] {
  const at = new Map(from.map((s, i) => [s, i]));
  return block.map((v) => Float64Array.from(to, (s) => {
    const i = at.get(s);
    return i === undefined ? 0 : v[i]!;
  }));
}
