/**
 * Avellaneda and Stoikov, "High-frequency trading in a limit order book" (Quantitative Finance 8(3), 2008), the
 * closed form of section 3 (the asymptotic expansion in inventory): with mid s, inventory q, risk aversion gamma,
 * the mid's variance rate sigma^2 and time left T - t,
 *   reservation price  r     = s - q * gamma * sigma^2 * (T - t)
 *   total spread       delta = gamma * sigma^2 * (T - t) + (2 / gamma) * ln(1 + gamma / k)
 *   bid = r - delta / 2, ask = r + delta / 2,
 * where k is the decay of the arrival rate of market orders with distance from the mid (lambda(d) = A e^(-k d)).
 * Units are the caller's, but they must agree: here s in dollars, q in lots (the strategy's order size), sigma^2
 * in dollars squared per second, T - t in seconds, k per dollar, gamma per dollar per lot. Pure arithmetic.
 */
export interface AsInputs {
  mid: number;
  /** Inventory in lots (signed: negative is short). */
  inventory: number;
  gamma: number;
  /** Variance rate of the mid, dollars squared per second. */
  sigma2: number;
  /** Time left to the horizon T, seconds (>= 0). */
  timeLeft: number;
  /** Order-arrival decay, per dollar (> 0). */
  k: number;
}

export interface AsQuotes {
  reservation: number;
  /** Total optimal spread delta (ask - bid before rounding). */
  spread: number;
  bid: number;
  ask: number;
}

export function avellanedaStoikov(i: AsInputs): AsQuotes {
  if (!(i.gamma > 0) || !(i.k > 0) || !(i.sigma2 >= 0) || !(i.timeLeft >= 0)) {
    throw new RangeError(`avellanedaStoikov: gamma and k must be positive, sigma2 and timeLeft non-negative (got ${i.gamma}, ${i.k}, ${i.sigma2}, ${i.timeLeft})`);
  }
  const risk = i.gamma * i.sigma2 * i.timeLeft;
  const reservation = i.mid - i.inventory * risk;
  const spread = risk + (2 / i.gamma) * Math.log1p(i.gamma / i.k);
  return { reservation, spread, bid: reservation - spread / 2, ask: reservation + spread / 2 };
}

/**
 * The quotes on the price grid, passive: the bid rounded down and the ask up to the tick, at least `minTicks`
 * apart, and never at or through the other side of the market (a quote that crosses is a market order, which pays
 * the spread a market maker is there to earn). Prices are rounded to the tick's decimals to shed float noise.
 */
export function gridQuotes(q: Pick<AsQuotes, 'bid' | 'ask'>, tick: number, minTicks: number, market: { bid: number; ask: number }): { bid: number; ask: number } {
  const snap = (x: number): number => Math.round(x / tick) * tick;
  const clean = (x: number): number => Number(x.toFixed(decimals(tick)));
  let bid = Math.floor(q.bid / tick + 1e-9) * tick;
  let ask = Math.ceil(q.ask / tick - 1e-9) * tick;
  bid = Math.min(bid, snap(market.ask) - tick);
  ask = Math.max(ask, snap(market.bid) + tick);
  if (ask - bid < minTicks * tick - 1e-9) {
    // Widen around the centre, keeping the passive side where the clamp put it.
    const centre = (bid + ask) / 2;
    bid = Math.min(bid, Math.floor((centre - (minTicks * tick) / 2) / tick + 1e-9) * tick);
    ask = Math.max(ask, bid + minTicks * tick);
  }
  return { bid: clean(bid), ask: clean(ask) };
}

function decimals(tick: number): number {
  const text = String(tick);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
