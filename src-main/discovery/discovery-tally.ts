import type { EpochMs } from '../../src-shared/time.js';
import { nyDate } from '../exchange/market/ny-time.js';

/** What identifies one opportunity across scans: the same signal stays on the list for several scans. */
export interface TalliedOpportunity {
  symbol: string;
  strategy: string;
  direction: 'up' | 'down';
  generatedAt: EpochMs;
}

/**
 * Counts the distinct opportunities the scanner has found on the current New York date. A running signal is
 * published by every scan until its horizon ends; counting rows per scan would count it again each time, so each
 * is counted once, on the day it was first seen. The count starts again when the date changes.
 */
export class DiscoveryTally {
  private day = '';
  private readonly seen = new Set<string>();

  /** Records a published list seen at wall time `now`. */
  record(opportunities: readonly TalliedOpportunity[], now: EpochMs): void {
    this.roll(now);
    for (const o of opportunities) this.seen.add(`${o.strategy}\u0000${o.symbol}\u0000${o.direction}\u0000${o.generatedAt}`);
  }

  /** Distinct opportunities first seen on `now`'s New York date. */
  count(now: EpochMs): number {
    this.roll(now);
    return this.seen.size;
  }

  private roll(now: EpochMs): void {
    const day = nyDate(now);
    if (day === this.day) return;
    this.day = day;
    this.seen.clear();
  }
}
