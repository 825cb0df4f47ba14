/**
 * A dynamic hedge ratio by a Kalman filter (Chan, Algorithmic Trading, 2013, ch. 3; arbitragelab's
 * KalmanFilterStrategy): the state is [beta, alpha] in y_t = beta x_t + alpha + e_t, a random walk whose step
 * covariance is delta / (1 - delta) times the identity; e_t has variance `observationVar`. Each update first
 * forecasts y_t from the state before it (so the forecast error is out of sample: the trading signal), then folds
 * y_t in. With delta = 0 the state is constant and the filter is recursive least squares: after t observations it
 * equals OLS on those t points (up to the prior), which is how the tests check it.
 */
export interface KalmanStep {
  /** Hedge ratio and intercept after this observation. */
  beta: number;
  alpha: number;
  /** y_t minus its forecast from the state before y_t. */
  error: number;
  /** Variance of that forecast error; error / sqrt(variance) is the z-score Chan trades. */
  variance: number;
}

export class KalmanHedge {
  private b = 0;
  private a = 0;
  // State covariance [[pbb, pba], [pba, paa]].
  private pbb: number;
  private pba = 0;
  private paa: number;
  private readonly q: number;

  constructor(
    delta = 1e-4,
    private readonly observationVar = 1e-3,
    /** Prior variance of the state: large means "know nothing" (a diffuse prior). */
    priorVar = 1e6,
  ) {
    if (!(delta >= 0 && delta < 1)) throw new RangeError(`KalmanHedge: delta must be in [0, 1), got ${delta}`);
    if (!(observationVar > 0)) throw new RangeError(`KalmanHedge: observationVar must be positive, got ${observationVar}`);
    this.q = delta / (1 - delta);
    this.pbb = priorVar;
    this.paa = priorVar;
  }

  update(x: number, y: number): KalmanStep {
    // Predict: the state is a random walk.
    const pbb = this.pbb + this.q;
    const paa = this.paa + this.q;
    const pba = this.pba;
    // Forecast of y from H = [x, 1].
    const error = y - (this.b * x + this.a);
    const phb = pbb * x + pba; // (P H')_beta
    const pha = pba * x + paa; // (P H')_alpha
    const variance = x * phb + pha + this.observationVar;
    const kb = phb / variance;
    const ka = pha / variance;
    this.b += kb * error;
    this.a += ka * error;
    // P = (I - K H) P, written out for the 2x2 case.
    this.pbb = pbb - kb * phb;
    this.pba = pba - kb * pha;
    this.paa = paa - ka * pha;
    return { beta: this.b, alpha: this.a, error, variance };
  }

  get beta(): number {
    return this.b;
  }

  get alpha(): number {
    return this.a;
  }
}
