import { describe, expect, it } from 'vitest';
import { avellanedaStoikov, gridQuotes } from '../../../../src-main/strategies/microstructure/avellaneda-stoikov.js';

describe('Avellaneda-Stoikov quotes against the formula worked by hand', () => {
  // r = s - q gamma sigma^2 (T - t); delta = gamma sigma^2 (T - t) + (2 / gamma) ln(1 + gamma / k)
  it('long 2 lots: the reservation price sits below the mid and the spread carries the inventory term', () => {
    // gamma sigma^2 (T - t) = 0.1 * 1e-4 * 600 = 0.006; r = 100 - 2 * 0.006 = 99.988
    // (2 / 0.1) ln(1 + 0.1 / 50) = 20 * ln(1.002) = 20 * 0.0019980027 = 0.0399600533; delta = 0.0459600533
    const q = avellanedaStoikov({ mid: 100, inventory: 2, gamma: 0.1, sigma2: 1e-4, timeLeft: 600, k: 50 });
    expect(q.reservation).toBeCloseTo(99.988, 12);
    expect(q.spread).toBeCloseTo(0.0459600533, 9);
    expect(q.bid).toBeCloseTo(99.9650199734, 9);
    expect(q.ask).toBeCloseTo(100.0109800266, 9);
  });

  it('flat at the horizon: r is the mid and only the arrival term is left', () => {
    // delta = (2 / 1) ln(1 + 1 / 100) = 2 * 0.00995033085 = 0.0199006617
    const q = avellanedaStoikov({ mid: 50, inventory: 0, gamma: 1, sigma2: 0.01, timeLeft: 0, k: 100 });
    expect(q.reservation).toBe(50);
    expect(q.spread).toBeCloseTo(0.0199006617, 9);
    expect(q.bid).toBeCloseTo(49.9900496691, 9);
    expect(q.ask).toBeCloseTo(50.0099503309, 9);
  });

  it('short 3 lots: the reservation price sits above the mid (the quotes lean toward buying back)', () => {
    // gamma sigma^2 (T - t) = 0.5 * 0.0004 * 100 = 0.02; r = 10 + 3 * 0.02 = 10.06
    // delta = 0.02 + (2 / 0.5) ln(1 + 0.5 / 20) = 0.02 + 4 * 0.0246926126 = 0.1187704504
    const q = avellanedaStoikov({ mid: 10, inventory: -3, gamma: 0.5, sigma2: 0.0004, timeLeft: 100, k: 20 });
    expect(q.reservation).toBeCloseTo(10.06, 12);
    expect(q.spread).toBeCloseTo(0.1187704504, 9);
    expect(q.bid).toBeCloseTo(10.0006147748, 9);
    expect(q.ask).toBeCloseTo(10.1193852252, 9);
  });

  it('refuses a non-positive gamma or k and a negative variance or time', () => {
    expect(() => avellanedaStoikov({ mid: 1, inventory: 0, gamma: 0, sigma2: 1, timeLeft: 1, k: 1 })).toThrow(/gamma and k/);
    expect(() => avellanedaStoikov({ mid: 1, inventory: 0, gamma: 1, sigma2: 1, timeLeft: -1, k: 1 })).toThrow(RangeError);
  });
});

describe('quotes on the price grid', () => {
  const market = { bid: 99.99, ask: 100.01 };
  it('rounds the bid down and the ask up to the tick', () => {
    expect(gridQuotes({ bid: 99.96502, ask: 100.01098 }, 0.01, 1, market)).toEqual({ bid: 99.96, ask: 100.02 });
  });
  it('never crosses the market: a bid above the offer is pulled to a tick under it', () => {
    expect(gridQuotes({ bid: 100.05, ask: 100.09 }, 0.01, 1, market)).toEqual({ bid: 100, ask: 100.09 });
    expect(gridQuotes({ bid: 99.9, ask: 99.95 }, 0.01, 1, market)).toEqual({ bid: 99.9, ask: 100 });
  });
  it('widens to the minimum spread', () => {
    // 100.00 / 100.01 is one tick; two are asked: centre 100.005, bid 99.99, ask 100.01.
    expect(gridQuotes({ bid: 100.001, ask: 100.004 }, 0.01, 2, market)).toEqual({ bid: 99.99, ask: 100.01 });
  });
});
