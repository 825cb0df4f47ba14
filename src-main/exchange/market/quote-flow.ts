import type { Rng } from './prng.js';

/**
 * When the top of book changes inside one minute, beyond the one-a-second heartbeat quote: a self-exciting
 * (Hawkes) process with an exponential kernel, simulated through its cluster form. Immigrants are
 * - each trade, which moves the book: on average `PER_TRADE` quote updates follow it within a few hundred ms;
 * - a background of updates with no trade (quotes refreshed, cancelled and re-posted), at a rate that scales
 *   with the minute's trade count, so liquid names and busy minutes update more;
 * and every update begets on average `BRANCHING` more (the book reacting to itself), so updates cluster around
 * trades and around each other. The expected count is (PER_TRADE + BACKGROUND_PER_TRADE) / (1 - BRANCHING)
 * per trade: about 2 per trade, so a liquid name at 4 trades a second shows some 8 quote updates a second.
 * Times are integer ms offsets in [0, 60000), ascending; a child that would fall past the minute is dropped.
 */
const PER_TRADE = 0.8;
const BACKGROUND_PER_TRADE = 0.25;
const BRANCHING = 0.5;
/** Mean delay from an event to a quote update it triggers, ms (the kernel's time constant). */
const KERNEL_MS = 200;
/** A ceiling so no minute's generation can run away (the expected count of the busiest minute is ~500). */
const MAX_UPDATES = 2000;

/** Poisson count by inversion (the means here are below 2, so the loop is short). */
function poisson(mean: number, rng: Rng): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Quote-update offsets (ms into the minute) for a minute whose trades print at `tradeOffsets` (ascending). */
export function quoteUpdateOffsets(tradeOffsets: readonly number[], rng: Rng): number[] {
  const n = tradeOffsets.length;
  const pending: number[] = [];
  // Background: a Poisson stream over the minute, by exponential gaps.
  const rate = (BACKGROUND_PER_TRADE * n) / 60_000;
  if (rate > 0) for (let t = -Math.log(rng.next()) / rate; t < 60_000; t += -Math.log(rng.next()) / rate) pending.push(Math.floor(t));
  const out: number[] = [];
  const children = (parent: number, mean: number): void => {
    for (let c = poisson(mean, rng); c > 0; c--) {
      // At least 1 ms after its cause: a quote that answers a trade comes after the trade.
      const t = parent + 1 + Math.floor(-Math.log(rng.next()) * KERNEL_MS);
      if (t < 60_000) pending.push(t);
    }
  };
  for (const t of tradeOffsets) children(t, PER_TRADE);
  // Every update (background or triggered) begets its own: generation by generation, in a fixed order.
  for (let i = 0; i < pending.length && out.length < MAX_UPDATES; i++) {
    const t = pending[i] as number;
    out.push(t);
    children(t, BRANCHING);
  }
  out.sort((a, b) => a - b);
  return out;
}
