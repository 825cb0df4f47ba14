import { normCdf } from '../../../src-shared/options/normal.js';

/**
 * MacKinnon's response surfaces for the Dickey-Fuller tau statistic with a constant in the test regression, for
 * N = 1 (the ADF test) up to N = 6 (Engle-Granger with N series). Published numbers, typed from the tables:
 *  - p-values: MacKinnon (1994), "Approximate asymptotic distribution functions for unit-root and cointegration
 *    tests", JBES 12(2), tables 3-4 (as statsmodels' tsa/adfvalues.py carries them): p = Phi(poly(tau)), one
 *    polynomial left of tau*, another right of it, 0 below tau_min and 1 above tau_max.
 *  - critical values: MacKinnon (2010), "Critical values for cointegration tests", Queen's Economics Working Paper
 *    1227, table 2: c = b0 + b1/T + b2/T^2 + b3/T^3.
 */
const TAU_STAR = [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93];
const TAU_MIN = [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27];
const TAU_MAX = [2.74, 0.92, 0.55, 0.61, 0.79, 1];
/** Left-tail polynomial coefficients (constant first); the third is scaled by 1e-2 in the paper. */
const SMALL_P = [
  [2.1659, 1.4412, 3.8269e-2],
  [2.92, 1.5012, 3.9796e-2],
  [3.4699, 1.4856, 3.164e-2],
  [3.9673, 1.4777, 2.6315e-2],
  [4.5509, 1.5338, 2.9545e-2],
  [5.1399, 1.6036, 3.4445e-2],
];
/** Right-tail polynomial coefficients (constant first), scaled by 1, 1e-1, 1e-1, 1e-2 in the paper. */
const LARGE_P = [
  [1.7339, 0.93202, -0.12745, -0.010368],
  [2.1945, 0.64695, -0.29198, -0.042377],
  [2.5893, 0.45168, -0.36529, -0.050074],
  [3.0387, 0.45452, -0.33666, -0.041921],
  [3.5049, 0.52098, -0.29158, -0.033468],
  [3.9489, 0.58933, -0.25359, -0.02721],
];
/** [N-1][1%, 5%, 10%][b0..b3]. */
const CRIT_2010 = [
  [[-3.43035, -6.5393, -16.786, -79.433], [-2.86154, -2.8903, -4.234, -40.04], [-2.56677, -1.5384, -2.809, 0]],
  [[-3.89644, -10.9519, -33.527, 0], [-3.33613, -6.1101, -6.823, 0], [-3.04445, -4.2412, -2.72, 0]],
  [[-4.29374, -14.4354, -33.195, 47.433], [-3.74066, -8.5632, -10.852, 27.982], [-3.45218, -6.2143, -3.718, 0]],
  [[-4.64332, -18.1031, -37.972, 0], [-4.096, -11.2349, -11.175, 0], [-3.8102, -8.3931, -4.137, 0]],
  [[-4.95756, -21.8883, -45.142, 0], [-4.41519, -14.0405, -12.575, 0], [-4.13157, -10.7417, -3.784, 0]],
  [[-5.24568, -25.6688, -57.737, 88.639], [-4.70693, -16.9178, -17.492, 60.007], [-4.42501, -13.1875, -5.104, 27.877]],
];

export const MAX_SERIES = 6;

function checkN(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SERIES) throw new RangeError(`MacKinnon tables cover 1 to ${MAX_SERIES} series, not ${n}`);
  return n - 1;
}

function poly(coef: readonly number[], x: number): number {
  let s = 0;
  for (let i = coef.length - 1; i >= 0; i--) s = s * x + coef[i]!;
  return s;
}

/** Approximate p-value of a tau statistic (constant in the regression) for `n` series (1: ADF; 2: a pair). */
export function mackinnonP(tau: number, n = 1): number {
  const i = checkN(n);
  if (Number.isNaN(tau)) return NaN;
  if (tau > TAU_MAX[i]!) return 1;
  if (tau < TAU_MIN[i]!) return 0;
  return normCdf(poly(tau <= TAU_STAR[i]! ? SMALL_P[i]! : LARGE_P[i]!, tau));
}

export interface CriticalValues {
  '1%': number;
  '5%': number;
  '10%': number;
}

/** Critical values of tau (constant in the regression) for `n` series and `nobs` observations (Infinity: asymptotic). */
export function mackinnonCritical(n = 1, nobs = Infinity): CriticalValues {
  const rows = CRIT_2010[checkN(n)]!;
  const inv = 1 / nobs;
  const [one, five, ten] = rows.map((c) => poly(c, inv));
  return { '1%': one!, '5%': five!, '10%': ten! };
}
