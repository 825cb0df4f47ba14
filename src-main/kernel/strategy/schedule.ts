import type { EpochMs } from '../../../src-shared/time.js';

/** A scheduled call; `t` is the event's time (the session's open or close), which is also the strategy's clock. */
export type ScheduleHandler = (t: EpochMs) => void;

/** What a strategy may ask for (in create or onStart); every call adds one more handler. */
export interface StrategySchedule {
  onSessionOpen(handler: ScheduleHandler): void;
  onSessionClose(handler: ScheduleHandler): void;
  /** At the open of the first session of each week (Monday, or the next trading day after a holiday). */
  onFirstTradingDayOfWeek(handler: ScheduleHandler): void;
  /** At the open of the first session of each month. */
  onFirstTradingDayOfMonth(handler: ScheduleHandler): void;
}

/** One regular session; structurally the history calendar's Session (the strategy API imports no runtime code). */
export interface TradingSession {
  /** New York date, YYYY-MM-DD. */
  date: string;
  open: EpochMs;
  close: EpochMs;
}

export interface TradingCalendar {
  sessions(fromDate: string, toDate: string): readonly TradingSession[];
}

type Kind = 'open' | 'close' | 'week' | 'month';

interface ScheduledEvent {
  t: EpochMs;
  kind: Kind;
}

const DAY_MS = 86_400_000;
/** Sessions fetched from the calendar at a time. */
const CHUNK_DAYS = 62;

function isoDate(t: EpochMs): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Monday (as a UTC day number) of a date's week: two sessions share a week when these are equal. */
function weekOf(date: string): number {
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday.
  return day - ((day + 3) % 7);
}

/**
 * The schedule of one strategy instance, driven by its runtime's clock: the backtest advances it before each
 * timestamp's bars (to the time those bars complete), a live bot before each bar and on a timer. Events come from
 * the exchange calendar (holidays, early closes) and fire once each, in time order; at one instant the week and
 * month calls come before the open call, so a rebalance sees the same state as the open handler.
 */
export class StrategyScheduler implements StrategySchedule {
  private readonly handlers: Record<Kind, ScheduleHandler[]> = { open: [], close: [], week: [], month: [] };
  private events: ScheduledEvent[] = [];
  private next = 0;
  /** Events at or before this time are done (or were before the start). */
  private done: EpochMs = -Infinity;
  /** The calendar has been read up to this date (exclusive, as a UTC day start). */
  private loadedTo: EpochMs | undefined;
  private lastSession: TradingSession | undefined;

  constructor(private readonly calendar: TradingCalendar) {}

  onSessionOpen(handler: ScheduleHandler): void {
    this.handlers.open.push(handler);
  }

  onSessionClose(handler: ScheduleHandler): void {
    this.handlers.close.push(handler);
  }

  onFirstTradingDayOfWeek(handler: ScheduleHandler): void {
    this.handlers.week.push(handler);
  }

  onFirstTradingDayOfMonth(handler: ScheduleHandler): void {
    this.handlers.month.push(handler);
  }

  get empty(): boolean {
    return this.handlers.open.length + this.handlers.close.length + this.handlers.week.length + this.handlers.month.length === 0;
  }

  /** Events up to and including `t` are in the past: none of them fires. */
  start(t: EpochMs): void {
    this.done = t;
  }

  /**
   * Fires every event after the last advance and before `until` (also at `until` when `inclusive`), calling
   * `around(t, run)` for each so the runtime sets its clock to `t` and runs its own work after the handlers.
   */
  advance(until: EpochMs, inclusive: boolean, around: (t: EpochMs, run: () => void) => void): void {
    if (this.empty || until < this.done || (until === this.done && !inclusive)) return;
    this.load(until);
    while (this.next < this.events.length) {
      const event = this.events[this.next]!;
      if (event.t > until || (event.t === until && !inclusive)) break;
      this.next++;
      if (event.t <= this.done) continue;
      const list = this.handlers[event.kind];
      if (list.length > 0) around(event.t, () => { for (const handler of list) handler(event.t); });
    }
    this.done = inclusive ? until : Math.max(this.done, until - 1);
  }

  /** The next event's time after the last advance (a live host sets its timer to it); undefined when none is asked for. */
  nextEventTime(after: EpochMs): EpochMs | undefined {
    if (this.empty) return undefined;
    this.load(after + 8 * DAY_MS);
    for (let i = this.next; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (e.t > after && e.t > this.done && this.handlers[e.kind].length > 0) return e.t;
    }
    return undefined;
  }

  /** Reads the calendar in chunks until it covers `until`. */
  private load(until: EpochMs): void {
    // Start a week early: the first session's week and month flags need the session before it.
    let from: EpochMs = this.loadedTo ?? Math.floor((Number.isFinite(this.done) ? this.done : until) / DAY_MS) * DAY_MS - 7 * DAY_MS;
    while (from <= until + DAY_MS) {
      const to: EpochMs = from + CHUNK_DAYS * DAY_MS;
      const fresh: ScheduledEvent[] = [];
      for (const session of this.calendar.sessions(isoDate(from), isoDate(to - DAY_MS))) {
        const previous = this.lastSession;
        this.lastSession = session;
        // The first session read has no predecessor: it is not called the first of its week or month.
        if (previous !== undefined && weekOf(previous.date) !== weekOf(session.date)) fresh.push({ t: session.open, kind: 'week' });
        if (previous !== undefined && previous.date.slice(0, 7) !== session.date.slice(0, 7)) fresh.push({ t: session.open, kind: 'month' });
        fresh.push({ t: session.open, kind: 'open' }, { t: session.close, kind: 'close' });
      }
      this.loadedTo = to;
      from = to;
      // Drop what has fired so the list stays short over a 20-year run.
      this.events = this.events.slice(this.next).concat(fresh);
      this.next = 0;
    }
  }
}
