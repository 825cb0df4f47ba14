import { CodedError } from '../../../src-shared/ipc/errors.js';

const MS_PER_DAY = 86_400_000;
/** Every zone's transitions fall on a quarter hour of UTC, so one offset holds for each quarter hour. */
const QUARTER_HOUR = 900_000;

export type LocalTimeResult = number | { gap: true };

/**
 * Wall-clock times of one IANA zone to UTC, DST-correct, through Intl (the zone data the runtime ships).
 * Intl is slow (microseconds a call), so offsets are cached per UTC day when the day has one offset, and per
 * quarter hour on the few days a transition falls in: a million minute bars cost a few thousand Intl calls.
 */
export class ZoneClock {
  readonly zone: string;
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly dayOffset = new Map<number, number>();
  private readonly quarterOffset = new Map<number, number>();

  constructor(zone: string) {
    const utc = /^(utc|z|gmt|etc\/utc|etc\/gmt)$/i.test(zone);
    let format: Intl.DateTimeFormat | undefined;
    if (!utc) {
      try {
        format = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
      } catch {
        throw new CodedError('BAD_REQUEST', `--tz "${zone}" is not a time zone this system knows; use an IANA name such as America/New_York or UTC`);
      }
    }
    this.format = format;
    this.zone = format ? format.resolvedOptions().timeZone : 'UTC';
  }

  get isUtc(): boolean {
    return this.format === undefined;
  }

  /** The zone's offset from UTC (ms, east positive) at a UTC instant. */
  offsetAt(utc: number): number {
    if (!this.format) return 0;
    const day = Math.floor(utc / MS_PER_DAY);
    let offset = this.dayOffset.get(day);
    if (offset === undefined) {
      const start = this.exactOffset(day * MS_PER_DAY);
      const end = this.exactOffset((day + 1) * MS_PER_DAY - 1);
      offset = start === end ? start : Number.NaN;
      this.dayOffset.set(day, offset);
    }
    if (!Number.isNaN(offset)) return offset;
    const quarter = Math.floor(utc / QUARTER_HOUR);
    let exact = this.quarterOffset.get(quarter);
    if (exact === undefined) {
      exact = this.exactOffset(quarter * QUARTER_HOUR);
      this.quarterOffset.set(quarter, exact);
    }
    return exact;
  }

  /**
   * A wall-clock time (its fields read as if UTC) to the UTC instant. A time the clocks skip (spring forward)
   * gives `{ gap: true }`; a time that occurs twice (fall back) gives the earlier instant, or the later one when
   * `after` says the earlier one would not come after the previous row.
   */
  toUtc(local: number, after = -Infinity): LocalTimeResult {
    if (!this.format) return local;
    // The offsets a day either side bound every offset this wall time can have.
    const before = local - this.offsetAt(local - MS_PER_DAY);
    const later = local - this.offsetAt(local + MS_PER_DAY);
    const first = Math.min(before, later);
    const second = Math.max(before, later);
    const firstOk = first + this.offsetAt(first) === local;
    const secondOk = second !== first && second + this.offsetAt(second) === local;
    if (firstOk && secondOk) return first > after ? first : second;
    if (firstOk) return first;
    if (secondOk) return second;
    // The day itself may hold an offset neither neighbour has (rare zone changes): try it.
    const own = local - this.offsetAt(local);
    if (own + this.offsetAt(own) === local) return own;
    return { gap: true };
  }

  private exactOffset(utc: number): number {
    const parts = this.format!.formatToParts(new Date(utc));
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const p of parts) {
      if (p.type === 'year') y = Number(p.value);
      else if (p.type === 'month') mo = Number(p.value);
      else if (p.type === 'day') d = Number(p.value);
      else if (p.type === 'hour') h = Number(p.value);
      else if (p.type === 'minute') mi = Number(p.value);
      else if (p.type === 'second') s = Number(p.value);
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    // Intl drops the milliseconds; the offset is whole seconds.
    return wall - (utc - (((utc % 1000) + 1000) % 1000));
  }
}
