import type { EpochMs } from '../../../src-shared/time.js';
import type { ExchangeClock } from '../clock.js';
import { combine, groupBars, intradayBucketMs, periodStart } from './aggregate.js';
import { blackScholes, impliedVol } from './black-scholes.js';
import { NyseCalendar } from './calendar.js';
import { SyntheticDayModel, type DayModel } from './day-model.js';
import { HaltBook } from './halts.js';
import { MINUTE, round2, type DayPath } from './intraday.js';
import { Lru } from './lru.js';
import { addDays, nyDate, nyTime } from './ny-time.js';
import { listContracts, parseOcc, contractId, RISK_FREE_RATE, snapshotOf, yearsToExpiry, type UnderlyingState } from './options-chain.js';
import { Rng } from './prng.js';
import { DEFAULT_SYMBOLS, profileOf, type SymbolProfile } from './symbols.js';
import { minuteTicks, type MinuteTicks } from './ticks.js';
import type {
  Bar,
  ListedAsset,
  MarketEvent,
  MarketSource,
  OptionContract,
  OptionSnapshot,
  OptionTradeRecord,
  StockQuote,
  StockTrade,
  Timeframe,
} from './types.js';

export interface SyntheticMarketOptions {
  seed: number;
  symbols?: string[];
  clock: ExchangeClock;
  startPrices?: Record<string, number>;
  /** Symbol profiles to use as given (a replay names its own); otherwise derived from `symbols`. */
  profiles?: SymbolProfile[];
  /** The trading days (default: the NYSE calendar). */
  calendar?: NyseCalendar;
  /** Where the days come from (default: the seeded synthetic process). */
  model?: (calendar: NyseCalendar, profiles: SymbolProfile[]) => DayModel;
}

/** Index of the first element with t > time in a list sorted by t. */
function firstAfter(list: ReadonlyArray<{ t: EpochMs }>, time: EpochMs): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as { t: EpochMs }).t <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ticks of at most this much elapsed time are emitted by one advanceTo; older ones are skipped (a jump). */
const MAX_TICK_CATCHUP = 5 * MINUTE;
const SQRT_YEAR = Math.sqrt(252);

/**
 * The market machinery over a day model; with the default model, a deterministic synthetic market (see daily-process.ts, intraday.ts and ticks.ts for the model): everything
 * is a pure function of the seed and the time asked for, generated lazily and cached, so history queries and
 * the live event stream always agree and the same seed gives the same market.
 */
export class SyntheticMarket implements MarketSource {
  readonly calendar: NyseCalendar;
  readonly seed: number;
  private readonly profiles = new Map<string, SymbolProfile>();
  private readonly model: DayModel;
  /** Origin of trade ids (minutes since the model's first date, times 1000): ids stay positive and increasing. */
  private readonly idAnchor: EpochMs;
  private readonly halts = new HaltBook();
  private readonly listeners = new Set<(events: MarketEvent[]) => void>();
  /** Two sessions of every symbol at least: advanceTo visits each symbol every tick, and a cache smaller than the cycle misses every time. */
  private readonly paths: Lru<string, DayPath | null>;
  /**
   * Minutes of ticks: advanceTo needs two per symbol; the rest serve history reads. A liquid minute holds some
   * 500 quotes, so this stays well below the bars' caches.
   */
  private readonly tickCache = new Lru<string, MinuteTicks>(512);
  private readonly dailyCache = new Map<string, Bar | null>();
  private readonly clock: ExchangeClock;
  private emittedUntil: EpochMs;

  constructor(options: SyntheticMarketOptions) {
    this.seed = options.seed;
    this.clock = options.clock;
    this.calendar = options.calendar ?? new NyseCalendar();
    const profiles = options.profiles ?? (options.symbols ?? DEFAULT_SYMBOLS).map((symbol) => profileOf(symbol, options.startPrices?.[symbol]));
    for (const profile of profiles) this.profiles.set(profile.symbol, profile);
    this.paths = new Lru(Math.max(64, 3 * profiles.length));
    this.model = options.model ? options.model(this.calendar, profiles) : new SyntheticDayModel(this.seed, this.calendar, profiles);
    this.idAnchor = nyTime(this.model.firstDate, 0);
    this.emittedUntil = this.clock.now();
  }

  symbols(): string[] {
    return [...this.profiles.keys()];
  }

  assets(): readonly ListedAsset[] {
    return [...this.profiles.values()].map((p) => ({
      id: contractId(`asset:${p.symbol}`),
      symbol: p.symbol,
      name: p.name,
      exchange: p.exchange,
      tradable: true,
      shortable: true,
      easyToBorrow: true,
      fractionable: true,
      marginable: true,
    }));
  }

  // ---- generation ----

  private dayPath(symbol: string, date: string): DayPath | undefined {
    const profile = this.profiles.get(symbol);
    const session = this.calendar.session(date);
    if (!profile || !session) return undefined;
    const path = this.paths.get(`${symbol}|${date}`, () => this.model.dayPath(profile, session) ?? null);
    return path ?? undefined;
  }

  private ticksOf(symbol: string, path: DayPath, index: number): MinuteTicks {
    const bar = path.minutes[index];
    const profile = this.profiles.get(symbol);
    if (!bar || !profile) return { trades: [], quotes: [] };
    return this.tickCache.get(`${symbol}|${bar.t}`, () => minuteTicks(this.seed, profile, bar, path.volRatio, this.idAnchor));
  }

  /** Visits the session minutes of a symbol overlapping [start, end), in order (or reverse order). */
  private *minutesIn(symbol: string, start: EpochMs, end: EpochMs, reverse = false): Generator<[DayPath, number]> {
    if (end <= start) return;
    const dates = this.calendar.sessions(nyDate(start), nyDate(end - 1)).map((s) => s.date);
    if (reverse) dates.reverse();
    yield* this.minutesOn(symbol, dates, start, end, reverse);
  }

  /** As minutesIn, over the session dates already looked up (advanceTo looks them up once for every symbol). */
  private *minutesOn(symbol: string, dates: readonly string[], start: EpochMs, end: EpochMs, reverse = false): Generator<[DayPath, number]> {
    for (const date of dates) {
      const path = this.dayPath(symbol, date);
      if (!path) continue;
      const first = Math.max(0, Math.floor((start - path.session.sessionOpen) / MINUTE));
      const last = Math.min(path.minutes.length - 1, Math.ceil((end - path.session.sessionOpen) / MINUTE) - 1);
      if (reverse) for (let k = last; k >= first; k--) yield [path, k];
      else for (let k = first; k <= last; k++) yield [path, k];
    }
  }

  private completeMinuteBars(symbol: string, start: EpochMs, end: EpochMs, now: EpochMs): Bar[] {
    const out: Bar[] = [];
    for (const [path, k] of this.minutesIn(symbol, start, Math.min(end, now))) {
      const m = path.minutes[k];
      if (!m || m.t < start || m.t >= end || m.t + MINUTE > now || this.halts.haltedAt(symbol, m.t)) continue;
      out.push({ symbol, t: m.t, o: m.o, h: m.h, l: m.l, c: m.c, v: m.v, n: m.n, vw: m.vw });
    }
    return out;
  }

  /** The regular-session daily bar of a date so far (the whole day once it has closed). */
  private dailyBar(symbol: string, date: string, now: EpochMs): Bar | undefined {
    const session = this.calendar.session(date);
    if (!session || now < session.open + MINUTE) return undefined;
    const complete = now >= session.close;
    const key = `${symbol}|${date}`;
    if (complete && this.dailyCache.has(key)) return this.dailyCache.get(key) ?? undefined;
    const path = this.dayPath(symbol, date);
    if (!path) return undefined;
    const minutes = path.minutes.filter((m) => m.regular && m.t + MINUTE <= now);
    const bar = combine(symbol, nyTime(date, 0), minutes);
    if (complete) this.dailyCache.set(key, bar ?? null);
    return bar;
  }

  // ---- MarketSource ----

  bars(symbol: string, timeframe: Timeframe, start: EpochMs, end: EpochMs): Bar[] {
    if (!this.profiles.has(symbol)) return [];
    const now = this.clock.now();
    if (timeframe.unit === 'Min' || timeframe.unit === 'Hour') {
      const size = intradayBucketMs(timeframe);
      const from = Math.floor(start / size) * size;
      // Whole buckets: a bucket starting before `end` includes its minutes after `end`.
      const minutes = this.completeMinuteBars(symbol, from, Math.ceil(end / size) * size, now);
      return groupBars(symbol, minutes, (b) => Math.floor(b.t / size) * size).filter((b) => b.t >= start && b.t < end);
    }
    // Daily and longer bars: widen the range to whole periods, then aggregate the daily bars.
    const fromDate = timeframe.unit === 'Day' ? nyDate(start) : addDays(nyDate(start), timeframe.unit === 'Week' ? -7 : -366);
    const toDate = nyDate(Math.min(end, now));
    const days: Bar[] = [];
    for (const session of this.calendar.sessions(fromDate < this.model.firstDate ? this.model.firstDate : fromDate, toDate)) {
      const bar = this.dailyBar(symbol, session.date, now);
      if (bar) days.push(bar);
    }
    const grouped =
      timeframe.unit === 'Day' ? days : groupBars(symbol, days, (b) => periodStart(nyDate(b.t + 6 * 3_600_000), timeframe));
    return grouped.filter((b) => b.t >= start && b.t < end);
  }

  trades(symbol: string, start: EpochMs, end: EpochMs): StockTrade[] {
    return this.ticksBetween(symbol, start, end, (ticks) => ticks.trades);
  }

  quotes(symbol: string, start: EpochMs, end: EpochMs): StockQuote[] {
    return this.ticksBetween(symbol, start, end, (ticks) => ticks.quotes);
  }

  /** Ticks of one kind in [start, end), never past the market's now and never during a halt. */
  private ticksBetween<T extends { t: EpochMs }>(symbol: string, start: EpochMs, end: EpochMs, pick: (ticks: MinuteTicks) => T[]): T[] {
    const stop = Math.min(end, this.clock.now() + 1);
    const out: T[] = [];
    for (const [path, k] of this.minutesIn(symbol, start, stop)) {
      for (const tick of pick(this.ticksOf(symbol, path, k))) {
        if (tick.t >= start && tick.t < stop && !this.halts.haltedAt(symbol, tick.t)) out.push(tick);
      }
    }
    return out;
  }

  /** The last tick at or before `time`, searching back across halts and closed hours (a few sessions at most). */
  private lastTick<T extends { t: EpochMs }>(symbol: string, time: EpochMs, pick: (ticks: MinuteTicks) => T[]): T | undefined {
    if (!this.profiles.has(symbol)) return undefined;
    let limit = time;
    const haltStart = this.halts.haltStart(symbol, limit);
    if (haltStart !== undefined) limit = haltStart - 1;
    const from = nyTime(addDays(nyDate(limit), -10), 0);
    let scanned = 0;
    for (const [path, k] of this.minutesIn(symbol, from, limit + 1, true)) {
      const ticks = pick(this.ticksOf(symbol, path, k));
      for (let i = ticks.length - 1; i >= 0; i--) {
        const tick = ticks[i] as T;
        if (tick.t <= limit && !this.halts.haltedAt(symbol, tick.t)) return tick;
      }
      if (++scanned > 2000) break;
    }
    return undefined;
  }

  latestTrade(symbol: string): StockTrade | undefined {
    return this.lastTick(symbol, this.clock.now(), (t) => t.trades);
  }

  latestQuote(symbol: string): StockQuote | undefined {
    return this.lastTick(symbol, this.clock.now(), (t) => t.quotes);
  }

  /** The latest completed minute bar (searching back to previous sessions). */
  latestBar(symbol: string): Bar | undefined {
    const now = this.clock.now();
    for (let back = 0; back < 10; back++) {
      const date = addDays(nyDate(now), -back);
      const session = this.calendar.session(date);
      if (!session) continue;
      const bars = this.completeMinuteBars(symbol, session.sessionOpen, session.sessionClose, now);
      const last = bars[bars.length - 1];
      if (last) return last;
    }
    return undefined;
  }

  /** Today's daily bar so far (or the last session's) and the one before it. */
  dailyBars(symbol: string): { daily: Bar | undefined; previous: Bar | undefined } {
    const now = this.clock.now();
    const bars = this.bars(symbol, { amount: 1, unit: 'Day' }, nyTime(addDays(nyDate(now), -10), 0), now + 1);
    return { daily: bars[bars.length - 1], previous: bars[bars.length - 2] };
  }

  advanceTo(time: EpochMs): void {
    const from = this.emittedUntil;
    if (time <= from) return;
    this.emittedUntil = time;
    const events: { at: EpochMs; event: MarketEvent }[] = [];
    const tickFrom = Math.max(from, time - MAX_TICK_CATCHUP);
    // The sessions are the same for every symbol: looked up once a tick, not once per symbol.
    const tickDates = this.calendar.sessions(nyDate(tickFrom - MINUTE), nyDate(time)).map((s) => s.date);
    const closing = this.calendar.sessions(nyDate(from), nyDate(time)).filter((s) => s.close > from && s.close <= time);
    for (const symbol of this.profiles.keys()) {
      for (const [path, k] of this.minutesOn(symbol, tickDates, tickFrom - MINUTE, time + 1)) {
        const m = path.minutes[k];
        if (!m) continue;
        const ticks = this.ticksOf(symbol, path, k);
        // Ticks are in time order: start at the first after tickFrom instead of scanning the minute.
        const trades = ticks.trades;
        for (let i = firstAfter(trades, tickFrom); i < trades.length && (trades[i] as StockTrade).t <= time; i++) {
          const trade = trades[i] as StockTrade;
          if (!this.halts.haltedAt(symbol, trade.t)) events.push({ at: trade.t, event: { kind: 'trade', trade } });
        }
        const quotes = ticks.quotes;
        for (let i = firstAfter(quotes, tickFrom); i < quotes.length && (quotes[i] as StockQuote).t <= time; i++) {
          const quote = quotes[i] as StockQuote;
          if (!this.halts.haltedAt(symbol, quote.t)) events.push({ at: quote.t, event: { kind: 'quote', quote } });
        }
        const barEnd = m.t + MINUTE;
        if (barEnd > tickFrom && barEnd <= time && !this.halts.haltedAt(symbol, m.t)) {
          events.push({ at: barEnd, event: { kind: 'bar', bar: { symbol, t: m.t, o: m.o, h: m.h, l: m.l, c: m.c, v: m.v, n: m.n, vw: m.vw } } });
        }
      }
      for (const session of closing) {
        const bar = this.dailyBar(symbol, session.date, time);
        if (bar) events.push({ at: session.close, event: { kind: 'dailyBar', bar } });
      }
    }
    if (events.length === 0) return;
    events.sort((a, b) => a.at - b.at);
    this.emit(events.map((e) => e.event));
  }

  onEvents(listener: (events: MarketEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(events: MarketEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }

  setHalted(symbol: string, halted: boolean): void {
    const now = this.clock.now();
    if (!this.profiles.has(symbol) || !this.halts.set(symbol, halted, now)) return;
    this.emit([{ kind: 'status', symbol, t: now, halted, reason: halted ? 'Trading Halted; For information requested by the exchange' : 'Trading Resumed' }]);
  }

  isHalted(symbol: string): boolean {
    return this.halts.isHalted(symbol);
  }

  // ---- options ----

  private underlyingState(underlying: string, now: EpochMs): UnderlyingState | undefined {
    const date = nyDate(now);
    const previous = this.calendar.previousSession(addDays(date, -1));
    const refBar = this.dailyBar(underlying, previous.date, now);
    const day = this.model.volatility(underlying, this.calendar.nextSession(date).date) ?? this.model.volatility(underlying, previous.date);
    const trade = this.latestTrade(underlying);
    const quote = this.latestQuote(underlying);
    if (!refBar || !day) return undefined;
    return {
      spot: trade?.price ?? refBar.c,
      reference: refBar.c,
      shortVol: day.vol * SQRT_YEAR,
      longVol: day.longVol * SQRT_YEAR,
      t: quote?.t ?? now,
    };
  }

  optionContracts(underlying: string): OptionContract[] {
    const now = this.clock.now();
    const state = this.underlyingState(underlying, now);
    if (!state) return [];
    return listContracts(this.calendar, underlying, nyDate(now), state.reference);
  }

  private contractOf(symbol: string, now: EpochMs): OptionContract | undefined {
    const parsed = parseOcc(symbol);
    if (!parsed || !this.profiles.has(parsed.underlying) || parsed.expiration < nyDate(now)) return undefined;
    return { symbol, id: contractId(symbol), ...parsed };
  }

  optionSnapshot(symbol: string): OptionSnapshot | undefined {
    const now = this.clock.now();
    const contract = this.contractOf(symbol, now);
    if (!contract) return undefined;
    const state = this.underlyingState(contract.underlying, now);
    return state ? snapshotOf(this.seed, contract, state, now) : undefined;
  }

  /** Model value of a contract at a past time and underlying price (for option history). */
  private optionValue(contract: OptionContract, spot: number, t: EpochMs): number {
    const day = this.model.volatility(contract.underlying, nyDate(t));
    const shortVol = (day?.vol ?? 0.015) * SQRT_YEAR;
    const longVol = (day?.longVol ?? 0.015) * SQRT_YEAR;
    const years = yearsToExpiry(contract.expiration, t);
    const vol = impliedVol(shortVol, longVol, spot, contract.strike, years);
    return Math.max(0.01, round2(blackScholes({ type: contract.type, spot, strike: contract.strike, years, vol, rate: RISK_FREE_RATE }).price));
  }

  /** Option bars: the underlying's regular-hours bars mapped through the model (puts swap high and low). */
  optionBars(symbol: string, timeframe: Timeframe, start: EpochMs, end: EpochMs): Bar[] {
    const parsed = parseOcc(symbol);
    if (!parsed || !this.profiles.has(parsed.underlying)) return [];
    const contract: OptionContract = { symbol, id: contractId(symbol), ...parsed };
    const expiry = nyTime(contract.expiration, 16);
    const intraday = timeframe.unit === 'Min' || timeframe.unit === 'Hour';
    const underlying = this.bars(parsed.underlying, timeframe, start, Math.min(end, expiry));
    const out: Bar[] = [];
    for (const b of underlying) {
      if (intraday && !this.calendar.isRegularHours(b.t) && !this.calendar.isRegularHours(b.t + intradayBucketMs(timeframe) - 1)) continue;
      const f = (s: number): number => this.optionValue(contract, s, b.t);
      const hi = contract.type === 'call' ? f(b.h) : f(b.l);
      const lo = contract.type === 'call' ? f(b.l) : f(b.h);
      const v = Math.max(1, Math.round(b.v / 4000));
      out.push({ symbol, t: b.t, o: f(b.o), h: hi, l: lo, c: f(b.c), v, n: Math.max(1, Math.round(v / 6)), vw: f(b.vw) });
    }
    return out;
  }

  /** Option trades: one every five regular-hours minutes at the model value of the underlying's close. */
  optionTrades(symbol: string, start: EpochMs, end: EpochMs): OptionTradeRecord[] {
    const parsed = parseOcc(symbol);
    if (!parsed || !this.profiles.has(parsed.underlying)) return [];
    const contract: OptionContract = { symbol, id: contractId(symbol), ...parsed };
    const out: OptionTradeRecord[] = [];
    const minutes = this.bars(parsed.underlying, { amount: 5, unit: 'Min' }, start - 5 * MINUTE, Math.min(end, nyTime(contract.expiration, 16)));
    for (const b of minutes) {
      if (!this.calendar.isRegularHours(b.t)) continue;
      const rng = Rng.of(this.seed, symbol, 'option-history', b.t);
      const t = b.t + Math.floor(rng.next() * 5 * MINUTE);
      if (t < start || t >= end || t > this.clock.now()) continue;
      out.push({ t, price: this.optionValue(contract, b.c, t), size: 1 + Math.floor(rng.next() * 10), exchange: 'CIMXWQB'.charAt(Math.floor(rng.next() * 7)), condition: 'I' });
    }
    return out;
  }
}
