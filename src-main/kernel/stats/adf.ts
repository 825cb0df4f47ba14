import { mackinnonCritical, mackinnonP, type CriticalValues } from './mackinnon.js';
import { ols, ones } from './ols.js';

export interface AdfResult {
  /** The tau statistic: t-ratio of gamma in dy_t = a + gamma y_{t-1} + sum d_i dy_{t-i} + e_t. */
  stat: number;
  pValue: number;
  lags: number;
  /** Observations in the final regression. */
  nobs: number;
  critical: CriticalValues;
  /** gamma itself: the spread's mean-reversion per step (negative when it reverts). */
  gamma: number;
}

export interface AdfOptions {
  /** Fixed number of lagged differences; when absent, chosen by AIC from 0..maxLag. */
  lags?: number;
  /** Largest lag tried by AIC; default 12 (n/100)^(1/4) (Schwert's rule, as statsmodels' adfuller). */
  maxLag?: number;
  /** Series the statistic's distribution is for: 1 for a plain ADF, 2 for Engle-Granger residuals of a pair. */
  series?: number;
  /** Include the constant (default). Engle-Granger residuals have mean zero already and are tested without. */
  constant?: boolean;
}

interface Fit {
  stat: number;
  gamma: number;
  nobs: number;
  aic: number;
}

/** The ADF regression with `lags` lagged differences, on the last `rows` observations available to `maxLag`. */
function fit(y: ArrayLike<number>, lags: number, startLag: number, constant: boolean): Fit | undefined {
  const n = y.length;
  const first = startLag + 1; // first t with y_{t-1} and `startLag` lagged differences
  const m = n - first;
  if (m <= lags + 2) return undefined;
  const dy = new Float64Array(m);
  const level = new Float64Array(m);
  const lagCols = Array.from({ length: lags }, () => new Float64Array(m));
  for (let r = 0; r < m; r++) {
    const t = first + r;
    dy[r] = y[t]! - y[t - 1]!;
    level[r] = y[t - 1]!;
    for (let i = 1; i <= lags; i++) lagCols[i - 1]![r] = y[t - i]! - y[t - i - 1]!;
  }
  const columns = [level, ...lagCols, ...(constant ? [ones(m)] : [])];
  const r = ols(dy, columns);
  if (!r) return undefined;
  return { stat: r.tstat[0]!, gamma: r.coef[0]!, nobs: m, aic: m * Math.log(r.ssr / m) + 2 * columns.length };
}

/**
 * Augmented Dickey-Fuller test for a unit root, following statsmodels' adfuller: with AIC lag choice every
 * candidate is fitted on the same sample (the one maxLag leaves), and the chosen lag is then refitted on all the
 * data it allows. p-value and critical values from MacKinnon (mackinnon.ts). Undefined for a series too short or
 * constant to regress.
 */
export function adfTest(y: ArrayLike<number>, options: AdfOptions = {}): AdfResult | undefined {
  const n = y.length;
  const constant = options.constant ?? true;
  const series = options.series ?? 1;
  let lags = options.lags;
  if (lags === undefined) {
    const maxLag = Math.min(options.maxLag ?? Math.ceil(12 * Math.pow(n / 100, 0.25)), Math.floor(n / 2) - 3);
    let best: { lag: number; aic: number } | undefined;
    for (let lag = 0; lag <= Math.max(0, maxLag); lag++) {
      const f = fit(y, lag, Math.max(0, maxLag), constant);
      if (f && (best === undefined || f.aic < best.aic)) best = { lag, aic: f.aic };
    }
    if (!best) return undefined;
    lags = best.lag;
  }
  const f = fit(y, lags, lags, constant);
  if (!f || !Number.isFinite(f.stat)) return undefined;
  return { stat: f.stat, pValue: mackinnonP(f.stat, series), lags, nobs: f.nobs, critical: mackinnonCritical(series, f.nobs), gamma: f.gamma };
}
