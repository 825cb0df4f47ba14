import type { EpochMs } from '../../../src-shared/time.js';
import { blackScholes, impliedVol } from './black-scholes.js';
import { NyseCalendar } from './calendar.js';
import { round2 } from './intraday.js';
import { addDays, nyDate, nyTime, weekday } from './ny-time.js';
import { hashKey, Rng } from './prng.js';
import type { OptionContract, OptionSnapshot } from './types.js';

/**
 * Listed options of the synthetic market: for each underlying, the next four weekly expirations and the next
 * three monthly ones (third Fridays; a Friday holiday moves expiry to Thursday), with strikes around the
 * previous close so the listing is stable through a day. Quotes are the Black-Scholes value on the implied-vol
 * surface with a spread that grows with the price; greeks come from the same model.
 */
export const RISK_FREE_RATE = 0.045;
const STRIKES_EACH_SIDE = 8;
const OCC = /^([A-Z]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

export interface UnderlyingState {
  /** The underlying's price now. */
  spot: number;
  /** Reference price for strike selection (the previous session's close). */
  reference: number;
  /** Current and long-run annualised volatility. */
  shortVol: number;
  longVol: number;
  /** Time of the latest underlying quote (option quotes carry it). */
  t: EpochMs;
}

export function strikeStep(price: number): number {
  if (price < 25) return 0.5;
  if (price < 100) return 1;
  if (price < 250) return 2.5;
  if (price < 1000) return 5;
  return 10;
}

export function occSymbol(underlying: string, expiration: string, type: 'call' | 'put', strike: number): string {
  const yymmdd = expiration.slice(2).replaceAll('-', '');
  return `${underlying}${yymmdd}${type === 'call' ? 'C' : 'P'}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

export function parseOcc(symbol: string): Omit<OptionContract, 'id' | 'symbol'> | undefined {
  const m = OCC.exec(symbol);
  if (!m) return undefined;
  const [, root, yy, mm, dd, cp, strike] = m as unknown as [string, string, string, string, string, string, string];
  return {
    underlying: root,
    type: cp === 'C' ? 'call' : 'put',
    strike: Number(strike) / 1000,
    expiration: `20${yy}-${mm}-${dd}`,
    style: 'american',
    multiplier: 100,
  };
}

/** A stable UUID-shaped id derived from the contract symbol. */
export function contractId(symbol: string): string {
  const hex = [0, 1, 2, 3].map((i) => hashKey(i, symbol).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Expiration dates listed on a date: four weeklies and three monthlies, moved before a Friday holiday. */
export function expirations(calendar: NyseCalendar, date: string): string[] {
  const out = new Set<string>();
  const toTradingDay = (friday: string): string => (calendar.session(friday) ? friday : calendar.previousSession(friday).date);
  let friday = addDays(date, (5 - weekday(date) + 7) % 7);
  for (let i = 0; i < 4; i++, friday = addDays(friday, 7)) out.add(toTradingDay(friday));
  let year = Number(date.slice(0, 4));
  let month = Number(date.slice(5, 7));
  let monthlies = 0;
  while (monthlies < 3) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    const third = addDays(first, ((5 - weekday(first) + 7) % 7) + 14);
    const expiry = toTradingDay(third);
    if (expiry >= date) {
      out.add(expiry);
      monthlies++;
    }
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return [...out].filter((d) => d >= date).sort();
}

export function listContracts(calendar: NyseCalendar, underlying: string, date: string, reference: number): OptionContract[] {
  const step = strikeStep(reference);
  const atm = Math.round(reference / step) * step;
  const out: OptionContract[] = [];
  for (const expiration of expirations(calendar, date)) {
    for (let i = -STRIKES_EACH_SIDE; i <= STRIKES_EACH_SIDE; i++) {
      const strike = Math.round((atm + i * step) * 1000) / 1000;
      if (strike <= 0) continue;
      for (const type of ['call', 'put'] as const) {
        const symbol = occSymbol(underlying, expiration, type, strike);
        out.push({ symbol, id: contractId(symbol), underlying, type, strike, expiration, style: 'american', multiplier: 100 });
      }
    }
  }
  return out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** Years from `now` to the contract's expiry (16:00 New York on the expiration date). */
export function yearsToExpiry(expiration: string, now: EpochMs): number {
  return Math.max(0, (nyTime(expiration, 16) - now) / (365 * 86_400_000));
}

export function snapshotOf(seed: number, contract: OptionContract, state: UnderlyingState, now: EpochMs): OptionSnapshot {
  const years = yearsToExpiry(contract.expiration, now);
  const vol = impliedVol(state.shortVol, state.longVol, state.spot, contract.strike, years);
  const model = blackScholes({ type: contract.type, spot: state.spot, strike: contract.strike, years, vol, rate: RISK_FREE_RATE });
  const price = Math.max(0.01, model.price);
  const half = Math.max(0.01, round2(0.01 + price * 0.015));
  const bid = Math.max(0, round2(price - half));
  const ask = round2(Math.max(bid + 0.01, price + half));
  // The last trade: deterministic per contract and ten-minute slot, inside the current quote.
  const slot = Math.floor(now / 600_000);
  const rng = Rng.of(seed, contract.symbol, 'option-trade', slot);
  const tradeTime = Math.min(now, slot * 600_000 + Math.floor(rng.next() * 600_000));
  const exchanges = ['A', 'C', 'I', 'M', 'X', 'W', 'Q', 'B'];
  return {
    contract,
    quote: {
      t: state.t,
      bidPrice: bid,
      bidSize: 1 + Math.floor(rng.next() * 200),
      askPrice: ask,
      askSize: 1 + Math.floor(rng.next() * 200),
      bidExchange: exchanges[hashKey(seed, contract.symbol, 'bx') % exchanges.length] as string,
      askExchange: exchanges[hashKey(seed, contract.symbol, 'ax') % exchanges.length] as string,
      condition: ' ',
    },
    trade: {
      t: tradeTime,
      price: round2(bid + (ask - bid) * rng.next()),
      size: 1 + Math.floor(rng.next() * 10),
      exchange: exchanges[Math.floor(rng.next() * exchanges.length)] as string,
      condition: 'I',
    },
    greeks: { delta: model.delta, gamma: model.gamma, theta: model.theta, vega: model.vega, rho: model.rho },
    impliedVolatility: vol,
  };
}

export { nyDate };
