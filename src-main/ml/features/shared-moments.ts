import { RollingMoments } from '../../kernel/indicators/rolling-moments.js';

/**
 * Windows that several features of one pipeline read alike, kept once per pipeline: the basic set's z-score and
 * Bollinger band both hold the rolling moments of the last 20 closes, and pushing the same close into two equal
 * windows (four double-double additions and a certified variance each) was a tenth of ml-signal's feature time.
 * A RollingMoments result depends only on the window's contents, so one shared window gives every reader the very
 * numbers its own window gave. The pipeline bumps `step` before each row; a window takes the close once per step.
 */
export class SharedWindows {
  step = 0;
  private readonly closeMoments = new Map<number, SharedMoments>();

  /** The moments of the last `period` closes, shared by every caller of this pipeline. */
  closes(period: number): SharedMoments {
    let m = this.closeMoments.get(period);
    if (m === undefined) {
      m = new SharedMoments(period, this);
      this.closeMoments.set(period, m);
    }
    return m;
  }
}

/** A RollingMoments fed once per pipeline step, with its mean and variance read once (NaN while not valid). */
export class SharedMoments {
  valid = false;
  mean = NaN;
  variance = NaN;
  private readonly moments: RollingMoments;
  private at = -1;

  constructor(
    period: number,
    private readonly owner: SharedWindows,
  ) {
    this.moments = new RollingMoments(period);
  }

  /** Pushes x unless this step's value is already in (every reader of one step passes the same x). */
  push(x: number): void {
    if (this.at === this.owner.step) return;
    this.at = this.owner.step;
    const m = this.moments;
    m.push(x);
    this.valid = m.valid;
    if (this.valid) {
      this.variance = m.variance();
      this.mean = m.mean();
    } else {
      this.variance = this.mean = NaN;
    }
  }
}
