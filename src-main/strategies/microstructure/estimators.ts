import type { EpochMs } from '../../../src-shared/time.js';

/**
 * Online estimators a quoting strategy needs, fed one event at a time in time order, with time-based decay (events
 * arrive at irregular times, so a fixed per-event weight would weigh a busy second more than a quiet minute).
 */

/** Weight left on the old value after `dtMs` with a half-life of `halfLifeMs`. */
export function decay(dtMs: number, halfLifeMs: number): number {
  return Math.pow(0.5, Math.max(0, dtMs) / halfLifeMs);
}

/**
 * Volatility of the mid: an EWMA of squared log-returns per second. The mid is sampled at most once per
 * `sampleMs` (default one second): sampling every quote would measure the bid-ask bounce of the mid rather than its
 * diffusion. Each sample adds r^2 / dt (dt in seconds since the last sample, which is an unbiased estimate of the
 * per-second variance of a random walk whatever the gap) with weight 1 - 0.5^(dt / half-life).
 */
export class EwmaVolatility {
  private lastT = NaN;
  private lastMid = NaN;
  private variance = 0;
  private weight = 0;
  private samplesTaken = 0;

  constructor(
    private readonly halfLifeMs: number,
    private readonly sampleMs = 1000,
  ) {}

  update(t: EpochMs, mid: number): void {
    if (!(mid > 0)) return;
    if (Number.isNaN(this.lastT)) {
      this.lastT = t;
      this.lastMid = mid;
      return;
    }
    const dt = t - this.lastT;
    if (dt < this.sampleMs) return;
    const r = Math.log(mid / this.lastMid);
    const keep = decay(dt, this.halfLifeMs);
    this.variance = keep * this.variance + (1 - keep) * ((r * r) / (dt / 1000));
    // The weight of the samples so far: dividing by it removes the start-up bias toward the zero the EWMA began at.
    this.weight = keep * this.weight + (1 - keep);
    this.lastT = t;
    this.lastMid = mid;
    this.samplesTaken++;
  }

  /** Variance of log-returns per second (0 before the first sample). */
  get variancePerSecond(): number {
    return this.weight > 0 ? this.variance / this.weight : 0;
  }

  get samples(): number {
    return this.samplesTaken;
  }
}

/**
 * Arrival of trades: the rate (trades per second, a decayed count over the half-life) and Avellaneda-Stoikov's k.
 *
 * k estimator: the model has market orders reach a quote at distance d from the mid at rate A e^(-k d), so the
 * distance from the mid at which trades print is exponential with rate k, and its maximum-likelihood estimate is
 * 1 / mean distance. Each trade's distance |price - mid| (mid of the quote before it) enters a decayed mean,
 * floored at half a tick (a trade at the mid says the touch is one tick wide, not that k is infinite). With
 * top-of-book data only, most trades print at the touch, so k mostly tracks 1 / half-spread: the order book's
 * depth profile, which would tell how fast arrivals fall off further out, is not in the data Alpaca gives.
 */
export class TradeArrivals {
  private lastT = NaN;
  private count = 0;
  private distance = 0;
  private distanceWeight = 0;
  private seen = 0;

  constructor(
    private readonly halfLifeMs: number,
    private readonly minDistance: number,
  ) {}

  /** One trade at time t, `mid` the mid of the last quote before it (NaN when none yet). */
  update(t: EpochMs, price: number, mid: number): void {
    const keep = Number.isNaN(this.lastT) ? 0 : decay(t - this.lastT, this.halfLifeMs);
    this.count = keep * this.count + 1;
    this.lastT = t;
    this.seen++;
    if (mid > 0) {
      const d = Math.max(this.minDistance, Math.abs(price - mid));
      this.distance = keep * this.distance + d;
      this.distanceWeight = keep * this.distanceWeight + 1;
    }
  }

  /**
   * Trades per second at time t: the decayed count divided by the mean age it covers (half-life / ln 2), so a
   * steady rate of n a second reads n.
   */
  rate(t: EpochMs): number {
    if (Number.isNaN(this.lastT)) return 0;
    return (this.count * decay(t - this.lastT, this.halfLifeMs)) / (this.halfLifeMs / 1000 / Math.LN2);
  }

  /** Avellaneda-Stoikov's k per dollar (NaN before a trade with a mid). */
  get k(): number {
    return this.distanceWeight > 0 ? this.distanceWeight / this.distance : NaN;
  }

  get trades(): number {
    return this.seen;
  }
}
