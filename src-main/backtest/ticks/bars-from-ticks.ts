import type { Timeframe } from '../../../src-shared/domain/bar.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { BarColumns, TickColumns } from '../market-data.js';

const INTRADAY_MS: Partial<Record<Timeframe, number>> = { '1Min': 60_000, '5Min': 300_000, '15Min': 900_000, '30Min': 1_800_000, '1Hour': 3_600_000 };

/**
 * Bars for a run that has only quotes and trades: each period's open, high, low and close over the quote midpoints
 * and trade prices in it (in time order), its volume the trades' size. Periods without a tick have no bar. The engine
 * needs bars for onBar, indicators and the equity marks; the fills come from the ticks.
 */
export function barsFromTicks(symbol: string, ticks: TickColumns, timeframe: Timeframe = '1Min'): BarColumns {
  const step = INTRADAY_MS[timeframe];
  if (step === undefined) throw new CodedError('BAD_REQUEST', `bars made from ticks are 1Min, 5Min, 15Min, 30Min or 1Hour, not ${timeframe}`);
  const q = ticks.quotes;
  const tr = ticks.trades;
  const nq = q?.t.length ?? 0;
  const nt = tr?.t.length ?? 0;
  const cap = nq + nt;
  const t = new Float64Array(cap);
  const o = new Float64Array(cap);
  const h = new Float64Array(cap);
  const l = new Float64Array(cap);
  const c = new Float64Array(cap);
  const v = new Float64Array(cap);
  let n = 0;
  let a = 0;
  let b = 0;
  while (a < nt || b < nq) {
    const takeQuote = b < nq && (a >= nt || q!.t[b]! <= tr!.t[a]!);
    const at = takeQuote ? q!.t[b]! : tr!.t[a]!;
    const price = takeQuote ? (q!.bid[b]! + q!.ask[b]!) / 2 : tr!.price[a]!;
    const size = takeQuote ? 0 : tr!.size[a]!;
    if (takeQuote) b++;
    else a++;
    const start = Math.floor(at / step) * step;
    if (n === 0 || t[n - 1] !== start) {
      t[n] = start;
      o[n] = h[n] = l[n] = c[n] = price;
      v[n] = size;
      n++;
      continue;
    }
    const k = n - 1;
    if (price > h[k]!) h[k] = price;
    if (price < l[k]!) l[k] = price;
    c[k] = price;
    v[k] = v[k]! + size;
  }
  if (n === 0) throw new CodedError('BAD_REQUEST', `${symbol}: no quotes or trades to make bars from`);
  return { symbol, t: t.slice(0, n), o: o.slice(0, n), h: h.slice(0, n), l: l.slice(0, n), c: c.slice(0, n), v: v.slice(0, n) };
}

/** The ticks in [from, to] (epoch ms, both optional): columns cut, not copied. */
export function clipTicks(ticks: TickColumns, from = -Infinity, to = Infinity): TickColumns {
  const range = (times: Float64Array): [number, number] => {
    let s = 0;
    while (s < times.length && times[s]! < from) s++;
    let e = times.length;
    while (e > s && times[e - 1]! > to) e--;
    return [s, e];
  };
  const out: TickColumns = {};
  if (ticks.quotes) {
    const [s, e] = range(ticks.quotes.t);
    const x = ticks.quotes;
    out.quotes = { t: x.t.subarray(s, e), bid: x.bid.subarray(s, e), bidSize: x.bidSize.subarray(s, e), ask: x.ask.subarray(s, e), askSize: x.askSize.subarray(s, e) };
  }
  if (ticks.trades) {
    const [s, e] = range(ticks.trades.t);
    const x = ticks.trades;
    out.trades = { t: x.t.subarray(s, e), price: x.price.subarray(s, e), size: x.size.subarray(s, e) };
  }
  return out;
}
