import type { EpochMs } from '../../../src-shared/time.js';

const HOUR = 3_600_000;
const NY = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/**
 * The regular close (16:00 New York) of the New York day of `t`, from the time-zone rules alone: early closes
 * (the day after Thanksgiving, Christmas Eve) are not known here, so a strategy that flattens before this close
 * flattens late on those days; the schedule's session-close call still fires at the real close.
 */
export class NyClose {
  private day = '';
  private close = 0;

  of(t: EpochMs): EpochMs {
    // New York's day runs from 16 hours before its 16:00 close to 8 hours after it.
    if (this.day !== '' && t >= this.close - 16 * HOUR && t < this.close + 8 * HOUR) return this.close;
    const parts = NY.formatToParts(new Date(t));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
    const key = `${get('year')}-${get('month')}-${get('day')}`;
    if (key !== this.day) {
      this.day = key;
      // 16:00 New York is 20:00 UTC under daylight saving time and 21:00 UTC otherwise: take the one that reads 16.
      const summer = Date.UTC(get('year'), get('month') - 1, get('day'), 20);
      this.close = Number(NY.formatToParts(new Date(summer)).find((p) => p.type === 'hour')!.value) === 16 ? summer : summer + HOUR;
    }
    return this.close;
  }
}
