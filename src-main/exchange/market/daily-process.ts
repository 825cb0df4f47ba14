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
 *   sector factor   e_s,d = SECTOR_VOL * (s_m,d / MARKET_VOL) * t4     (one draw per sector-day)
 *   log return      r_i,d = beta_i * e_m,d + g_i * e_s(i),d + e_i,d - k * (logP_i,d-1 - logP_i,0)
 *   tracker         r_j,d = sum_c w_c * r_c,d + (gap_j,d - gap_j,d-1),   gap AR(1)    (sector ETFs, pair followers)
 *
 * t4 is a unit-variance Student-t(4) draw (fat tails); GARCH gives volatility clustering; the shared market
 * factor correlates symbols, the sector factor a sector's members more; trackers make cointegrated sets
 * (symbols.ts). The weak mean reversion (k, half-life about a year) keeps prices near their
 * configured level whatever date the exchange's clock shows, which a demo needs more than realism.
 * The step of day d ends at that day's 20:00 New York (the end of the extended session).
 */
export const ANCHOR_DATE = '2016-01-04';
const MARKET_VOL = 0.009;
const ALPHA = 0.08;
const BETA_G = 0.9;
const REVERSION = 0.003;
/** Long-run daily volatility of a sector factor (scaled with the market's GARCH variance day by day). */
const SECTOR_VOL = 0.007;

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
  /** The last idiosyncratic shock (a tracker: the last gap). */
  lastShock: number;
  /** Each day's idiosyncratic variance (a tracker: what is not its components' market and sector parts). */
  idioVar: number[];
}

export class DailyProcess {
  private readonly dates: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly marketVar: number[] = [];
  private readonly marketShock: number[] = [];
  private readonly series = new Map<string, SymbolSeries>();
  private readonly sectorShocks = new Map<string, number[]>();
  private readonly rng: Rng;

  constructor(
    private readonly seed: number,
    private readonly calendar: NyseCalendar,
    profiles: SymbolProfile[],
  ) {
    this.rng = Rng.of(seed, 'market-factor');
    for (const profile of profiles) {
      const longVar = profile.idioVol ** 2;
      this.series.set(profile.symbol, { profile, days: [], variance: longVar, lastShock: 0, idioVar: [] });
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
    const tracked = this.trackedComponents(series.profile);
    if (tracked) {
      this.extendTracker(series, tracked, upTo);
      return;
    }
    const { profile } = series;
    const base = Math.log(profile.startPrice);
    const longVar = profile.idioVol ** 2;
    const sectorBeta = profile.sector !== undefined ? (profile.sectorBeta ?? 1) : 0;
    const longVol = Math.sqrt(profile.beta ** 2 * MARKET_VOL ** 2 + sectorBeta ** 2 * SECTOR_VOL ** 2 + longVar);
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
      const sector = profile.sector !== undefined && sectorBeta !== 0 ? this.sectorShock(profile.sector, i) : { shock: 0, variance: 0 };
      const systematicVar = profile.beta ** 2 * marketVar + sectorBeta ** 2 * sector.variance;
      const totalVar = systematicVar + variance;
      const endLog = startLog + profile.beta * marketShock + sectorBeta * sector.shock + shock - 0.5 * totalVar - REVERSION * (startLog - base);
      const vol = Math.sqrt(totalVar);
      // Busy days are volatile days: volume scales with the vol ratio, with log-normal noise.
      const volume = Math.round(profile.dailyVolume * (vol / longVol) * Math.exp(0.25 * rng.normal() - 0.03));
      series.days.push({ date, startLog, endLog, vol, longVol, rho: Math.sqrt(profile.beta ** 2 * marketVar / totalVar), volume });
      series.idioVar.push(variance);
    }
  }

  /**
   * The sector factor's shock of day i: Student-t draws of the sector's own stream (one per sector-day, so every
   * member sees the same one), scaled with the market's GARCH variance so sector and market turbulence cluster together.
   */
  private sectorShock(sector: string, i: number): { shock: number; variance: number } {
    let shocks = this.sectorShocks.get(sector);
    if (!shocks) this.sectorShocks.set(sector, (shocks = []));
    const variance = SECTOR_VOL ** 2 * ((this.marketVar[i] as number) / MARKET_VOL ** 2);
    let shock = shocks[i];
    if (shock === undefined) {
      shock = Math.sqrt(variance) * Rng.of(this.seed, 'sector-factor', sector, this.dates[i] as string).studentT4();
      shocks[i] = shock;
    }
    return { shock, variance };
  }

  /** The series a tracker follows, or undefined when it is not one or a component is not in this market (then it is a factor model like any symbol). */
  private trackedComponents(profile: SymbolProfile): Array<{ series: SymbolSeries; weight: number }> | undefined {
    if (!profile.tracks || profile.tracks.components.length === 0) return undefined;
    const out: Array<{ series: SymbolSeries; weight: number }> = [];
    for (const c of profile.tracks.components) {
      const series = this.series.get(c.symbol);
      if (!series || series.profile.tracks?.components.some((cc) => cc.symbol === profile.symbol)) return undefined;
      out.push({ series, weight: c.weight });
    }
    return out;
  }

  /**
   * A tracker's days: the weighted log returns of its components plus the change of an AR(1) gap
   * (g_d = phi g_d-1 + sd sqrt(1 - phi^2) z), so log P - sum w log P_component stays within a few gapVol of its
   * start. Its volatility, for spreads and options, treats the components' market and sector parts as moving
   * together and their own parts as independent.
   */
  private extendTracker(series: SymbolSeries, components: Array<{ series: SymbolSeries; weight: number }>, upTo: number): void {
    const { profile } = series;
    const tracks = profile.tracks!;
    const phi = Math.pow(0.5, 1 / tracks.gapHalfLife);
    const innovationSd = tracks.gapVol * Math.sqrt(1 - phi * phi);
    for (const c of components) this.extendSymbol(c.series, upTo);
    let longSystematic = 0;
    let longOwn = innovationSd ** 2;
    for (const c of components) {
      const day = c.series.days[0] as DayState;
      longSystematic += c.weight * Math.sqrt(Math.max(0, day.longVol ** 2 - c.series.profile.idioVol ** 2));
      longOwn += c.weight ** 2 * c.series.profile.idioVol ** 2;
    }
    const longVol = Math.sqrt(longSystematic ** 2 + longOwn);
    while (series.days.length <= upTo) {
      const i = series.days.length;
      const date = this.dates[i] as string;
      const rng = Rng.of(this.seed, profile.symbol, 'daily', date);
      const gap = phi * series.lastShock + innovationSd * rng.normal();
      let drift = 0;
      let systematic = 0;
      let market = 0;
      let own = innovationSd ** 2;
      for (const c of components) {
        const day = c.series.days[i] as DayState;
        drift += c.weight * (day.endLog - day.startLog);
        const idio = c.series.idioVar[i] ?? 0;
        systematic += c.weight * Math.sqrt(Math.max(0, day.vol ** 2 - idio));
        market += c.weight * day.rho * day.vol;
        own += c.weight ** 2 * idio;
      }
      const startLog = i === 0 ? Math.log(profile.startPrice) : (series.days[i - 1] as DayState).endLog;
      const endLog = startLog + drift + gap - series.lastShock;
      series.lastShock = gap;
      const vol = Math.sqrt(systematic ** 2 + own);
      const volume = Math.round(profile.dailyVolume * (vol / longVol) * Math.exp(0.25 * rng.normal() - 0.03));
      series.days.push({ date, startLog, endLog, vol, longVol, rho: Math.min(1, Math.abs(market) / vol), volume });
      series.idioVar.push(own);
    }
  }
}
