import type { Session, SessionCalendar } from '../history/calendar.js';

const DAY_MS = 86_400_000;

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * A calendar that remembers every session it has read, by date. A backtest asks for each session twice (its
 * schedule reads them in chunks, the bar timing one date at a time) and a sweep asks again in every run; the
 * exchange calendar works each one out from the time-zone rules (several Intl calls a session), which was a fifth
 * of a cross-sectional run. Results are the inner calendar's own session objects, so nothing a run sees changes.
 */
export class CachedCalendar implements SessionCalendar {
  /** A session by its date; null for a date the inner calendar was asked about and has no session on. */
  private readonly byDate = new Map<string, Session | null>();

  constructor(private readonly inner: SessionCalendar) {}

  sessions(fromDate: string, toDate: string): readonly Session[] {
    if (fromDate === toDate) {
      const known = this.byDate.get(fromDate);
      if (known !== undefined) return known === null ? [] : [known];
    }
    const out = this.inner.sessions(fromDate, toDate);
    // Bounded: twenty years of dates is some 7,300 entries; a calendar asked about more starts over.
    if (this.byDate.size > 100_000) this.byDate.clear();
    let i = 0;
    for (let date = fromDate; date <= toDate; date = nextDate(date)) {
      while (i < out.length && out[i]!.date < date) i++;
      this.byDate.set(date, i < out.length && out[i]!.date === date ? out[i]! : null);
    }
    return out;
  }
}

const shared = new WeakMap<SessionCalendar, CachedCalendar>();

/** The cached form of a calendar whose sessions never change (a rule-based one), shared by every run that uses it. */
export function cachedCalendar(calendar: SessionCalendar): SessionCalendar {
  if (calendar instanceof CachedCalendar) return calendar;
  let cached = shared.get(calendar);
  if (cached === undefined) {
    cached = new CachedCalendar(calendar);
    shared.set(calendar, cached);
  }
  return cached;
}
