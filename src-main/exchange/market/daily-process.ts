import { addDays } from './ny-time.js';
import { NyseCalendar } from './calendar.js';
import { Rng } from './prng.js';
import type { SymbolProfile } from './symbols.js';

/**
 * The daily process: one log-price step per trading day for every symbol, generated forward from a fixed
 * anchor date and cached, so a year of daily bars costs a few thousand steps, not a simulation of every second.
 *
 *   market factor   e_m,d = s_m,d * t4            s_m,d^2 = w_m + a * e_m,d-1^2 + b * s_m,d-1^2      (GARCH(1,1))
 *   symbol          e_i,d = s_i,d * t4            s_i,d^2 likewise with the symbol's long-run variance
 *   log return      r_i,d = beta_i * e_m,d + e_i,d - k * (logP_i,d-1 - logP_i,0)
 *
 * t4 is a unit-variance Student-t(4) draw (fat tails); GARCH gives volatility clustering; the shared market
 * factor correlates symbols. The weak mean reversion (k, half-life about a year) keeps prices near their
 * configured level whatever date the exchange's clock shows, which a demo needs more than realism.
 * The step of day d ends at that day's 20:00 New York (the end of the extended session).
 */
export const ANCHOR_DATE = '2016-01-04';
const MARKET_VOL = 0.009;
const ALPHA = 0.08;
const BETA_G = 0.9;
const REVERSION = 0.003;

export interface DayState {
  date: string;
  /** Log price at the end of the day's extended session. */
  endLog: number;
  /** Log price at the end of the previous session (the day's starting point). */
  startLog: number;
  /** The day's total daily volatility (market and idiosyncratic), for intraday scaling and spreads. */
  vol: number;
  /** The symbol's long-run daily volatility, to express `vol` as a ratio. */
  longVol: number;
  /** Correlation of the symbol's intraday moves with the market factor that day. */
  rho: number;
  /** Regular-session volume of the day. */
  volume: number;
}

interface SymbolSeries {
  profile: SymbolProfile;
  days: DayState[];
  variance: number;
  lastShock: number;
}

export class DailyProcess {
  private readonly dates: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly marketVar: number[] = [];
  private readonly marketShock: number[] = [];
  private readonly series = new Map<string, SymbolSeries>();
  private readonly rng: Rng;

  constructor(
    private readonly seed: number,
    private readonly calendar: NyseCalendar,
    profiles: SymbolProfile[],
  ) {
    this.rng = Rng.of(seed, 'market-factor');
    for (const profile of profiles) {
      const longVar = profile.idioVol ** 2;
      this.series.set(profile.symbol, { profile, days: [], variance: longVar, lastShock: 0 });
    }
  }

  /** The day state of a symbol on a trading date, generating forward as needed; undefined before the anchor. */
  day(symbol: string, date: string): DayState | undefined {
    if (date < ANCHOR_DATE) return undefined;
    const series = this.series.get(symbol);
    if (!series) return undefined;
    this.extendTo(date);
    const i = this.index.get(date);
    if (i === undefined) return undefined;
    this.extendSymbol(series, i);
    return series.days[i];
  }

  /** The trading date before `date` known to the process (for the previous daily bar). */
  private extendTo(date: string): void {
    let last = this.dates.length > 0 ? addDays(this.dates[this.dates.length - 1] as string, 1) : ANCHOR_DATE;
    while (last <= date) {
      if (this.calendar.session(last)) {
        const i = this.dates.length;
        this.dates.push(last);
        this.index.set(last, i);
        const prevVar = i === 0 ? MARKET_VOL ** 2 : (this.marketVar[i - 1] as number);
        const prevShock = i === 0 ? 0 : (this.marketShock[i - 1] as number);
        const variance = MARKET_VOL ** 2 * (1 - ALPHA - BETA_G) + ALPHA * prevShock ** 2 + BETA_G * prevVar;
        this.marketVar.push(variance);
        this.marketShock.push(Math.sqrt(variance) * this.rng.studentT4());
      }
      last = addDays(last, 1);
    }
  }

  private extendSymbol(series: SymbolSeries, upTo: number): void {
    const { profile } = series;
    const base = Math.log(profile.startPrice);
    const longVar = profile.idioVol ** 2;
    const longVol = Math.sqrt(profile.beta ** 2 * MARKET_VOL ** 2 + longVar);
    while (series.days.length <= upTo) {
      const i = series.days.length;
      const date = this.dates[i] as string;
      // Each symbol-day has its own stream so symbols can be extended independently and still agree.
      const rng = Rng.of(this.seed, profile.symbol, 'daily', date);
      const variance = longVar * (1 - ALPHA - BETA_G) + ALPHA * series.lastShock ** 2 + BETA_G * series.variance;
      const shock = Math.sqrt(variance) * rng.studentT4();
      series.variance = variance;
      series.lastShock = shock;
      const startLog = i === 0 ? base : (series.days[i - 1] as DayState).endLog;
      const marketShock = this.marketShock[i] as number;
      const marketVar = this.marketVar[i] as number;
      const systematicVar = profile.beta ** 2 * marketVar;
      const totalVar = systematicVar + variance;
      const endLog = startLog + profile.beta * marketShock + shock - 0.5 * totalVar - REVERSION * (startLog - base);
      const vol = Math.sqrt(totalVar);
      // Busy days are volatile days: volume scales with the vol ratio, with log-normal noise.
      const volume = Math.round(profile.dailyVolume * (vol / longVol) * Math.exp(0.25 * rng.normal() - 0.03));
      series.days.push({ date, startLog, endLog, vol, longVol, rho: Math.sqrt(systematicVar / totalVar), volume });
    }
  }
}
