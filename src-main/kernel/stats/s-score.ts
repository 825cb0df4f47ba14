import { fitOu } from './ou.js';
import { ols, ones, SharedRegressors, type OlsResult } from './ols.js';

export interface SScore {
  /** (X_last - m) / sigma_eq: how many stationary deviations the residual process is from its mean. */
  s: number;
  /** Mean-reversion speed, annualised by `periodsPerYear`. */
  kappa: number;
  /** Steps for the residual to halve its distance to the mean. */
  halfLife: number;
  mean: number;
  sigmaEq: number;
  /** Loadings on the factors (the first is the intercept, the drift Avellaneda and Lee leave out of the signal). */
  loadings: number[];
}

/**
 * Avellaneda and Lee's s-score (2010, section 4 and appendix A) of one symbol: regress its returns on the factor
 * returns over the estimation window, cumulate the residuals into X, fit X as an Ornstein-Uhlenbeck process (AR(1)
 * on the level) and measure the last X in stationary standard deviations from the mean. Undefined when the fit
 * fails or the residual does not mean-revert (b outside (0, 1)): such a symbol has no s-score and is not traded.
 */
export function sScore(
  returns: ArrayLike<number>,
  factorReturns: ReadonlyArray<ArrayLike<number>>,
  periodsPerYear = 252,
): SScore | undefined {
  const n = returns.length;
  return fromRegression(ols(returns, [ones(n), ...factorReturns]), n, periodsPerYear);
}

/** The regressors of sScore (an intercept and the factor returns over `n` rows), to share between symbols. */
export function sScoreRegressors(factorReturns: ReadonlyArray<ArrayLike<number>>, n: number): SharedRegressors {
  return new SharedRegressors([ones(n), ...factorReturns]);
}

/** sScore of one symbol against regressors shared by every symbol of the day: the same result, one X'X a day. */
export function sScoreShared(returns: ArrayLike<number>, regressors: SharedRegressors, periodsPerYear = 252): SScore | undefined {
  return fromRegression(regressors.fit(returns), returns.length, periodsPerYear);
}

function fromRegression(reg: OlsResult | undefined, n: number, periodsPerYear: number): SScore | undefined {
  if (!reg) return undefined;
  const x = new Float64Array(n);
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += reg.residuals[i]!;
    x[i] = cum;
  }
  const ou = fitOu(x);
  if (!ou || !(ou.b > 0 && ou.b < 1) || !(ou.sigmaEq > 0)) return undefined;
  return {
    s: (x[n - 1]! - ou.mean) / ou.sigmaEq,
    kappa: ou.kappa * periodsPerYear,
    halfLife: ou.halfLife,
    mean: ou.mean,
    sigmaEq: ou.sigmaEq,
    loadings: reg.coef,
  };
}
