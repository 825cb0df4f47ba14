// An underlying's option chain as the GUI and the command line show it: one row per contract with its quote, IV and
// greeks. Where a snapshot lacks IV or greeks (Alpaca leaves them out for illiquid contracts, and at times on the
// indicative feed), they are solved here from the quote's mid (else the last trade) with Black-Scholes-Merton, the
// model Alpaca's own snapshot greeks use, and the row says `computed`.
import type { ChainRow, GreeksSource } from '../../src-shared/ipc/options-schemas.js';
import { bsmInto } from '../../src-shared/options/black-scholes.js';
import { impliedVolRaw } from '../../src-shared/options/implied-vol.js';
import { newGreeks } from '../../src-shared/options/types.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { OptionContractInfo, OptionSnapshotValue } from '../adapters/alpaca/market-data/options-rest.js';
import { nyTime } from '../exchange/market/ny-time.js';

/** The rate used where the market gives none (the demo exchange prices with the same). */
export const DEFAULT_RATE = 0.045;
const OCC = /^([A-Z]{1,6})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

export interface ParsedOcc {
  root: string;
  expiration: string;
  type: 'call' | 'put';
  strike: number;
}

/** Reads an OCC option symbol (ROOT YYMMDD C|P STRIKE*1000), or undefined when it is not one. */
export function parseOccSymbol(symbol: string): ParsedOcc | undefined {
  const m = OCC.exec(symbol);
  if (!m) return undefined;
  return { root: m[1]!, expiration: `20${m[2]}-${m[3]}-${m[4]}`, type: m[5] === 'C' ? 'call' : 'put', strike: Number(m[6]) / 1000 };
}

/** Years from `now` to 16:00 New York on the expiration date (calendar days / 365), at least one minute. */
export function yearsTo(expiration: string, now: EpochMs): number {
  return Math.max(60_000, nyTime(expiration, 16) - now) / (365 * 86_400_000);
}

export interface ChainInputs {
  snapshots: readonly OptionSnapshotValue[];
  /** Listed contracts (for open interest); rows come from the snapshots. */
  contracts?: readonly OptionContractInfo[];
  spot: number | null;
  now: EpochMs;
  rate?: number;
  dividend?: number;
}

/** The chain's rows sorted by expiration, strike, then call before put; the count of rows computed here. */
export function buildChain(input: ChainInputs): { rows: ChainRow[]; computed: number } {
  const rate = input.rate ?? DEFAULT_RATE;
  const dividend = input.dividend ?? 0;
  const openInterest = new Map((input.contracts ?? []).map((c) => [c.symbol, c.openInterest]));
  const g = newGreeks();
  let computed = 0;
  const rows: ChainRow[] = [];
  for (const s of input.snapshots) {
    const occ = parseOccSymbol(s.symbol);
    if (!occ) continue;
    const isCall = occ.type === 'call';
    let iv = s.impliedVolatility;
    let greeks = s.greeks;
    let source: GreeksSource = iv !== null && greeks !== null ? 'alpaca' : 'none';
    if ((iv === null || greeks === null) && input.spot !== null) {
      const price = markOf(s);
      const years = yearsTo(occ.expiration, input.now);
      if (price !== null) {
        const solved = iv ?? impliedVolRaw(isCall, price, input.spot, occ.strike, years, rate, dividend);
        if (solved > 0 && Number.isFinite(solved)) {
          bsmInto(isCall, input.spot, occ.strike, years, rate, dividend, solved, g);
          iv = solved;
          greeks = { delta: g.delta, gamma: g.gamma, theta: g.theta, vega: g.vega, rho: g.rho };
          source = 'computed';
          computed++;
        }
      }
    }
    rows.push({
      symbol: s.symbol,
      type: occ.type,
      strike: occ.strike,
      expiration: occ.expiration,
      bid: s.quote ? s.quote.bid : null,
      ask: s.quote ? s.quote.ask : null,
      bidSize: s.quote ? s.quote.bidSize : null,
      askSize: s.quote ? s.quote.askSize : null,
      last: s.trade ? s.trade.price : null,
      quoteT: s.quote ? s.quote.t : null,
      volume: s.dailyBar ? s.dailyBar.v : null,
      openInterest: openInterest.get(s.symbol) ?? null,
      iv: source === 'none' ? null : iv,
      greeks: source === 'none' ? null : greeks,
      greeksSource: source,
      inTheMoney: input.spot !== null && (isCall ? input.spot > occ.strike : input.spot < occ.strike),
    });
  }
  rows.sort((a, b) => (a.expiration !== b.expiration ? (a.expiration < b.expiration ? -1 : 1) : a.strike !== b.strike ? a.strike - b.strike : a.type === b.type ? 0 : a.type === 'call' ? -1 : 1));
  return { rows, computed };
}

/** The price to solve IV from: the quote's mid when both sides are there, else the last trade. */
export function markOf(s: OptionSnapshotValue): number | null {
  if (s.quote && s.quote.bid > 0 && s.quote.ask >= s.quote.bid) return (s.quote.bid + s.quote.ask) / 2;
  if (s.trade && s.trade.price > 0) return s.trade.price;
  return null;
}
