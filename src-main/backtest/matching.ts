/**
 * Where a resting order meets one bar (open, high, low). Each function returns the fill price before slippage,
 * or NaN when the order does not fill on this bar. The bar's path between open and close is unknown, so a price
 * is only assumed to trade when the bar's range reaches it, and a gap through a price fills at the open.
 */

/** Buy limit L: open <= L fills at the open (gapped through); else low <= L fills at L. Sell mirrors it. */
export function limitPrice(buy: boolean, limit: number, o: number, h: number, l: number): number {
  if (buy) {
    if (o <= limit) return o;
    return l <= limit ? limit : NaN;
  }
  if (o >= limit) return o;
  return h >= limit ? limit : NaN;
}

/** Buy stop S: open >= S triggers at the open (gap); else high >= S triggers at S. Sell mirrors it. */
export function stopPrice(buy: boolean, stop: number, o: number, h: number, l: number): number {
  if (buy) {
    if (o >= stop) return o;
    return h >= stop ? stop : NaN;
  }
  if (o <= stop) return o;
  return l <= stop ? stop : NaN;
}

/**
 * Stop-limit. Triggered at the open (gap): it is a limit order for the whole bar. Triggered inside the bar at S:
 * it fills at S when the limit allows S (buy: L >= S), otherwise it rests as a plain limit from the next bar,
 * since whether the price came back to L after touching S within this bar is unknown.
 * Returns [price, triggered]: price NaN when no fill.
 */
export function stopLimitPrice(buy: boolean, stop: number, limit: number, o: number, h: number, l: number): [number, boolean] {
  const trigger = stopPrice(buy, stop, o, h, l);
  if (Number.isNaN(trigger)) return [NaN, false];
  const gapped = buy ? o >= stop : o <= stop;
  if (gapped) return [limitPrice(buy, limit, o, h, l), true];
  const marketable = buy ? limit >= stop : limit <= stop;
  return [marketable ? stop : NaN, true];
}

/** The stop level of a trailing stop from its watermark (sell: highest price seen; buy: lowest). */
export function trailingStopLevel(buy: boolean, watermark: number, trailPrice: number, trailPercent: number): number {
  if (trailPrice > 0) return buy ? watermark + trailPrice : watermark - trailPrice;
  return buy ? watermark * (1 + trailPercent / 100) : watermark * (1 - trailPercent / 100);
}
