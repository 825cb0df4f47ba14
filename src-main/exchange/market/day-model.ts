import { DailyProcess, ANCHOR_DATE } from './daily-process.js';
import type { NyseCalendar } from './calendar.js';
import { buildDayPath, type DayPath } from './intraday.js';
import type { SymbolProfile } from './symbols.js';
import type { TradingSession } from './types.js';

/**
 * Where a market's days come from: the minute path of each symbol-day (from which ticks, bars and the live
 * stream all follow) and the day's volatility (for spreads and the options model). The synthetic process and
 * the replay of stored daily bars are the two models; the market machinery is the same for both.
 */
export interface DayModel {
  /** The first date the model has days for; history before it is empty. */
  readonly firstDate: string;
  /** The 04:00-20:00 minute path of a symbol on a trading date, or undefined when the model has no such day. */
  dayPath(profile: SymbolProfile, session: TradingSession): DayPath | undefined;
  /** Daily volatility of a symbol around a date, and its long-run level. */
  volatility(symbol: string, date: string): { vol: number; longVol: number } | undefined;
}

/** The synthetic model: a seeded daily process (GARCH, fat tails, a market factor) bridged into minutes. */
export class SyntheticDayModel implements DayModel {
  readonly firstDate = ANCHOR_DATE;
  private readonly process: DailyProcess;

  constructor(
    private readonly seed: number,
    calendar: NyseCalendar,
    profiles: SymbolProfile[],
  ) {
    this.process = new DailyProcess(seed, calendar, profiles);
  }

  dayPath(profile: SymbolProfile, session: TradingSession): DayPath | undefined {
    const day = this.process.day(profile.symbol, session.date);
    return day ? buildDayPath(this.seed, profile, day, session) : undefined;
  }

  volatility(symbol: string, date: string): { vol: number; longVol: number } | undefined {
    const day = this.process.day(symbol, date);
    return day ? { vol: day.vol, longVol: day.longVol } : undefined;
  }
}
