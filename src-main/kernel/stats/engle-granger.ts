import { adfTest, type AdfResult } from './adf.js';
import { linearFit } from './ols.js';

export interface EngleGrangerResult {
  /** y = alpha + beta x + spread. */
  alpha: number;
  beta: number;
  spread: number[];
  /** ADF on the spread, with the two-series (N = 2) distribution. */
  adf: AdfResult;
}

/**
 * Engle-Granger two-step cointegration test (Engle and Granger 1987): regress y on x with a constant, then an ADF
 * test without a constant on the residual, read against MacKinnon's distribution for two series (a plain ADF
 * table would call too many random pairs cointegrated, since the regression already made the residual look
 * stationary). Same steps as statsmodels' coint and arbitragelab's EngleGrangerPortfolio.
 * Usually fed log prices. Undefined when the inputs cannot be regressed.
 */
export function engleGranger(y: ArrayLike<number>, x: ArrayLike<number>, options: { lags?: number; maxLag?: number } = {}): EngleGrangerResult | undefined {
  if (y.length !== x.length) throw new RangeError(`engleGranger: ${y.length} values of y against ${x.length} of x`);
  return engleGrangerFromFit(linearFit(y, x), options);
}

/** The second step of engleGranger, from the first step's regression (a pair selection shares its sums). */
export function engleGrangerFromFit(
  f: { alpha: number; beta: number; residuals: number[] } | undefined,
  options: { lags?: number; maxLag?: number } = {},
): EngleGrangerResult | undefined {
  if (!f) return undefined;
  const adf = adfTest(f.residuals, { ...options, constant: false, series: 2 });
  return adf && { alpha: f.alpha, beta: f.beta, spread: f.residuals, adf };
}
