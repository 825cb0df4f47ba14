import { readFileSync } from 'node:fs';
import type { EpochMs } from '../../../src-shared/time.js';
import { parseYahooCsv } from '../../history/csv/yahoo.js';
import type { ExchangeClock } from '../clock.js';
import { NyseCalendar } from './calendar.js';
import type { DayModel } from './day-model.js';
import type { DayPath } from './intraday.js';
import { nyTime } from './ny-time.js';
import { buildReplayDayPath, type StoredDay } from './replay-path.js';
import { profileOf, type SymbolProfile } from './symbols.js';
import { SyntheticMarket } from './synthetic-market.js';
import type { TradingSession } from './types.js';

/**
 * A replay of stored daily history: one Yahoo daily CSV per symbol, played on the exchange clock (at whatever
 * speed it runs) with seeded intraday paths that honour each day's open, high, low, close and volume. Quotes,
 * trades, bars, latest values, snapshots, options and the streams all come from the same market machinery as the
 * synthetic market; only the days differ.
 */
export interface ReplaySource {
  symbol: string;
  /** Path of a Yahoo daily CSV (Date,Open,High,Low,Close,Adj Close,Volume). */
  file: string;
}

export interface ReplaySeries {
  symbol: string;
  days: StoredDay[];
}

/** Reads and checks the files (a bad file is refused with its name and line by the CSV parser). */
export function loadReplay(sources: readonly ReplaySource[]): ReplaySeries[] {
  if (sources.length === 0) throw new Error('a replay needs at least one SYMBOL=FILE.csv');
  const seen = new Set<string>();
  return sources.map(({ symbol, file }) => {
    if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol)) throw new Error(`replay symbol "${symbol}" is not a stock symbol (capital letters, e.g. NVDA)`);
    if (seen.has(symbol)) throw new Error(`replay symbol ${symbol} is given twice`);
    seen.add(symbol);
    const rows = parseYahooCsv(readFileSync(file, 'utf8'), file);
    return { symbol, days: rows.map((r) => ({ date: r.date, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v })) };
  });
}

/**
 * The NYSE calendar limited to the replayed dates: inside the stored span a date trades only if some file has
 * it (closures such as 2001-09-11 disappear with their rows); outside it, the ordinary calendar (no data there).
 */
export class ReplayCalendar extends NyseCalendar {
  private readonly dates: ReadonlySet<string>;
  readonly first: string;
  readonly last: string;

  constructor(series: readonly ReplaySeries[]) {
    super();
    const all = series.flatMap((s) => s.days.map((d) => d.date)).sort();
    this.dates = new Set(all);
    this.first = all[0] as string;
    this.last = all[all.length - 1] as string;
  }

  override session(date: string): TradingSession | undefined {
    if (date < this.first || date > this.last) return super.session(date);
    if (!this.dates.has(date)) return undefined;
    // A stored day the rules call a holiday still traded: it gets a regular session.
    return super.session(date) ?? { date, sessionOpen: nyTime(date, 4), open: nyTime(date, 9, 30), close: nyTime(date, 16), sessionClose: nyTime(date, 20) };
  }
}

/** Close-to-close volatility over the last `window` days (a floor keeps flat stretches from pricing options at zero). */
function rollingVol(days: readonly StoredDay[], window: number): number[] {
  const returns = days.map((d, i) => (i === 0 ? 0 : Math.log(d.c / Math.max((days[i - 1] as StoredDay).c, 1e-9))));
  return days.map((_, i) => {
    const from = Math.max(1, i - window + 1);
    const slice = returns.slice(from, i + 1);
    if (slice.length < 2) return 0.02;
    const mean = slice.reduce((a, b) => a + b, 0) / slice.length;
    const variance = slice.reduce((a, b) => a + (b - mean) ** 2, 0) / (slice.length - 1);
    return Math.max(0.004, Math.sqrt(variance));
  });
}

export class ReplayDayModel implements DayModel {
  readonly firstDate: string;
  private readonly bySymbol = new Map<string, { index: Map<string, number>; days: StoredDay[]; vol: number[]; longVol: number }>();

  constructor(
    private readonly seed: number,
    series: readonly ReplaySeries[],
  ) {
    this.firstDate = series.map((s) => s.days[0]?.date ?? '9999-12-31').sort()[0] as string;
    for (const s of series) {
      const vol = rollingVol(s.days, 20);
      const all = rollingVol(s.days, s.days.length);
      this.bySymbol.set(s.symbol, { index: new Map(s.days.map((d, i) => [d.date, i])), days: s.days, vol, longVol: all[all.length - 1] ?? 0.02 });
    }
  }

  dayPath(profile: SymbolProfile, session: TradingSession): DayPath | undefined {
    const s = this.bySymbol.get(profile.symbol);
    const i = s?.index.get(session.date);
    if (!s || i === undefined) return undefined;
    const day = s.days[i] as StoredDay;
    const volRatio = (s.vol[i] as number) / s.longVol;
    return buildReplayDayPath(this.seed, profile.symbol, day, s.days[i - 1]?.c, session, volRatio);
  }

  volatility(symbol: string, date: string): { vol: number; longVol: number } | undefined {
    const s = this.bySymbol.get(symbol);
    const i = s?.index.get(date);
    if (!s || i === undefined) return undefined;
    return { vol: s.vol[i] as number, longVol: s.longVol };
  }
}

/** Where a replay's clock starts by default: the open of its second stored day (so a previous day exists). */
export function replayStart(series: readonly ReplaySeries[]): EpochMs {
  const calendar = new ReplayCalendar(series);
  const first = calendar.nextSession(calendar.first);
  const second = calendar.sessions(first.date, calendar.last)[1] ?? first;
  return second.open;
}

export function replayMarket(options: { seed: number; clock: ExchangeClock; series: readonly ReplaySeries[] }): SyntheticMarket {
  const profiles = options.series.map((s): SymbolProfile => ({
    ...profileOf(s.symbol, s.days[0]?.c),
    name: `${s.symbol} (replayed daily history)`,
  }));
  return new SyntheticMarket({
    seed: options.seed,
    clock: options.clock,
    profiles,
    calendar: new ReplayCalendar(options.series),
    model: () => new ReplayDayModel(options.seed, options.series),
  });
}
