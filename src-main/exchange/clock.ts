import type { EpochMs } from '../../src-shared/time.js';

/**
 * The exchange's time: wall time, or simulated time that starts at a chosen instant and runs `speed` times as
 * fast as the wall clock (speed 0 stands still until advanced by hand, for tests).
 */
export interface ExchangeClock {
  now(): EpochMs;
}

export class WallClock implements ExchangeClock {
  now(): EpochMs {
    return Date.now();
  }
}

export class SimulatedClock implements ExchangeClock {
  private baseSim: EpochMs;
  private baseWall: number;

  constructor(
    start: EpochMs,
    private speed = 1,
    private readonly wall: () => number = () => Date.now(),
  ) {
    this.baseSim = start;
    this.baseWall = wall();
  }

  now(): EpochMs {
    return Math.floor(this.baseSim + (this.wall() - this.baseWall) * this.speed);
  }

  /** Jumps forward (never back: fills and timestamps must stay ordered). */
  advanceTo(time: EpochMs): void {
    if (time < this.now()) throw new Error('the simulated clock cannot go back');
    this.baseSim = time;
    this.baseWall = this.wall();
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.now() + ms);
  }

  setSpeed(speed: number): void {
    this.baseSim = this.now();
    this.baseWall = this.wall();
    this.speed = speed;
  }
}
